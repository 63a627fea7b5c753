//! The second wire format: a [`WireBatch`] as an OTLP/HTTP JSON
//! `ExportMetricsServiceRequest`, for backends that ingest through an
//! OpenTelemetry Collector. A pure re-encoding of the Levqor batch: the same
//! counts, histograms and loss counters, nothing the Levqor format would not
//! send (no user, session, device or finer time).
//!
//! Mapping (README "OTLP"): one delta monotonic Sum `levqor.<event>` per
//! event with a data point per (props, minute), the props as attributes;
//! `levqor.api.latency` as delta explicit-bucket Histograms per (endpoint,
//! source) with the fixed [`BOUNDS`]; refusals, drops and unconfirmed
//! batches as `levqor.telemetry.*` Sums; the resource carries `service.name`,
//! `telemetry.sdk.*` and `levqor.batch_id` (a store dedupes retries on it).

use super::histogram::BOUNDS;
use super::wire::{self, WireBatch};
use crate::json::Json;

/// `service.name` when the options name none.
pub const DEFAULT_SERVICE_NAME: &str = "levqor-web";

/// The Levqor body budget that keeps the OTLP body of the same batch under
/// the configured cap: the OTLP document of a batch is at most this many
/// times longer than its Levqor document (tests check it on worst cases).
pub const BODY_EXPANSION: usize = 4;

/// A `service.name` from the JS options (`serviceName`): 1–128 characters,
/// no control characters, else the default.
pub fn service_name(options: &Json) -> String {
    match options.get("serviceName").and_then(Json::as_str) {
        Some(s)
            if !s.trim().is_empty()
                && crate::substr::char_count(s) <= 128
                && !s.contains(char::is_control) =>
        {
            s.to_owned()
        }
        _ => DEFAULT_SERVICE_NAME.to_owned(),
    }
}

/// Whether the JS options ask for OTLP (`format: "otlp"`); anything else is
/// the Levqor format.
pub fn wants_otlp(options: &Json) -> bool {
    options.get("format").and_then(Json::as_str) == Some("otlp")
}

/// Appends JSON text. The document is written as text rather than built as
/// a `crate::json::Json`: `json!` trees cost ~4 KB of gzipped wasm here.
struct Out(String);

impl Out {
    fn raw(&mut self, s: &str) {
        self.0.push_str(s);
    }
    /// A JSON string.
    fn str(&mut self, s: &str) {
        self.0.push('"');
        for c in s.chars() {
            match c {
                '"' => self.0.push_str("\\\""),
                '\\' => self.0.push_str("\\\\"),
                c if u32::from(c) < 0x20 => {
                    self.0.push_str("\\u");
                    crate::digits::push_radix(&mut self.0, u64::from(c), 16, 4);
                }
                c => self.0.push(c),
            }
        }
        self.0.push('"');
    }
    /// A 64-bit integer: a decimal string, as OTLP JSON writes them.
    fn int(&mut self, n: u64) {
        self.0.push('"');
        crate::digits::push_dec(&mut self.0, n, 1);
        self.0.push('"');
    }
    /// `"attributes":[…],` (nothing when empty).
    fn attrs(&mut self, kv: &[(&str, &str)]) {
        let mut first = true;
        for (k, v) in kv {
            self.raw(if first { "\"attributes\":[" } else { "," });
            first = false;
            self.raw("{\"key\":");
            self.str(k);
            self.raw(",\"value\":{\"stringValue\":");
            self.str(v);
            self.raw("}}");
        }
        if !first {
            self.raw("],");
        }
    }
    /// `"startTimeUnixNano":…,"timeUnixNano":…` for the minutes `[start, end)`.
    fn span(&mut self, start: u32, end: u32) {
        self.raw("\"startTimeUnixNano\":");
        self.int(nanos(start));
        self.raw(",\"timeUnixNano\":");
        self.int(nanos(end));
    }
    /// One delta Sum data point.
    fn point(&mut self, kv: &[(&str, &str)], start: u32, end: u32, n: u64) {
        self.raw("{");
        self.attrs(kv);
        self.span(start, end);
        self.raw(",\"asInt\":");
        self.int(n);
        self.raw("}");
    }
    /// Opens a delta monotonic Sum (`metric_end` closes it).
    fn sum_start(&mut self, first: &mut bool, name: &str, unit: &str) {
        self.raw(if *first { "{\"name\":" } else { ",{\"name\":" });
        *first = false;
        self.str(name);
        self.raw(",\"unit\":");
        self.str(unit);
        self.raw(",\"sum\":{\"dataPoints\":[");
    }
    fn sum_end(&mut self) {
        // 1: AGGREGATION_TEMPORALITY_DELTA
        self.raw("],\"aggregationTemporality\":1,\"isMonotonic\":true}}");
    }
}

/// Minutes since the epoch → Unix nanoseconds.
fn nanos(minute: u32) -> u64 {
    u64::from(minute).saturating_mul(60_000_000_000)
}

fn minute_of(iso: &str) -> u32 {
    wire::parse_iso_minute(iso).unwrap_or(0)
}

/// The OTLP request for `batch`, as JSON text.
pub fn encode(batch: &WireBatch, service_name: &str) -> String {
    let start = minute_of(&batch.window.start);
    let end = minute_of(&batch.window.end).max(start).saturating_add(1);
    let mut o = Out(String::with_capacity(4096));
    o.raw("{\"resourceMetrics\":[{\"resource\":{");
    o.attrs(&[
        ("service.name", service_name),
        ("telemetry.sdk.name", "levqor-wasm"),
        ("telemetry.sdk.language", "webjs"),
        ("telemetry.sdk.version", crate::VERSION),
        ("levqor.batch_id", batch.batch_id.as_str()),
    ]);
    o.0.pop(); // the attributes' trailing comma
    o.raw("},\"scopeMetrics\":[{\"scope\":{\"name\":\"levqor-wasm\",\"version\":");
    o.str(crate::VERSION);
    o.raw("},\"metrics\":[");
    let mut first = true;

    // Event counts: one Sum per event name, in order of first appearance.
    let mut names: Vec<&str> = Vec::new();
    for c in &batch.counts {
        if !names.contains(&c.event.as_str()) {
            names.push(&c.event);
        }
    }
    for name in names {
        o.sum_start(&mut first, &["levqor.", name].concat(), "{event}");
        for (i, c) in batch.counts.iter().filter(|c| c.event == name).enumerate() {
            if i > 0 {
                o.raw(",");
            }
            let m = minute_of(&c.minute);
            let mut kv = Vec::new();
            for (k, v) in &c.props {
                kv.push((k.as_str(), v.as_str()));
            }
            o.point(&kv, m, m.saturating_add(1), c.n);
        }
        o.sum_end();
    }

    // Latency: the fixed buckets, every count (OTLP wants them all).
    if !batch.latency.is_empty() {
        o.raw(if first { "{" } else { ",{" });
        first = false;
        o.raw("\"name\":\"levqor.api.latency\",\"unit\":\"ms\",\"histogram\":{\"dataPoints\":[");
        for (i, l) in batch.latency.iter().enumerate() {
            let mut counts = [0u64; BOUNDS.len() + 1];
            for b in &l.buckets {
                let i = match b.le {
                    Some(le) => BOUNDS.iter().position(|x| *x == le),
                    None => Some(BOUNDS.len()),
                };
                if let Some(c) = i.and_then(|i| counts.get_mut(i)) {
                    *c = c.saturating_add(b.n);
                }
            }
            o.raw(if i > 0 { ",{" } else { "{" });
            o.attrs(&[
                ("endpoint", l.endpoint.as_str()),
                ("source", l.source.as_str()),
            ]);
            o.span(start, end);
            o.raw(",\"count\":");
            o.int(counts.iter().fold(0u64, |a, b| a.saturating_add(*b)));
            o.raw(",\"bucketCounts\":[");
            for (j, c) in counts.iter().enumerate() {
                if j > 0 {
                    o.raw(",");
                }
                o.int(*c);
            }
            o.raw("],\"explicitBounds\":[");
            for (j, b) in BOUNDS.iter().enumerate() {
                if j > 0 {
                    o.raw(",");
                }
                crate::digits::push_dec(&mut o.0, u64::from(*b), 1);
            }
            o.raw("]}");
        }
        o.raw("],\"aggregationTemporality\":1}}");
    }

    // What the Levqor format reports besides counts, as Sums over the window.
    // Plain loops: each adapter chain here instantiated its own iterators.
    let d = &batch.dropped;
    let mut dropped = Vec::new();
    for (kind, n) in [
        ("events", d.events),
        ("rows", d.rows),
        ("corrupt", d.corrupt),
        ("rejected", d.rejected),
    ] {
        if n > 0 {
            dropped.push((kind, n));
        }
    }
    let refused = pairs(&batch.refused);
    let unconfirmed = pairs(&batch.unconfirmed);
    for (name, unit, key, rows) in [
        ("levqor.telemetry.refused", "{event}", "reason", &refused),
        ("levqor.telemetry.dropped", "1", "kind", &dropped),
        (
            "levqor.telemetry.unconfirmed",
            "{event}",
            "levqor.unconfirmed_batch_id",
            &unconfirmed,
        ),
    ] {
        if rows.is_empty() {
            continue;
        }
        o.sum_start(&mut first, name, unit);
        for (i, (value, n)) in rows.iter().enumerate() {
            if i > 0 {
                o.raw(",");
            }
            o.point(&[(key, value)], start, end, *n);
        }
        o.sum_end();
    }
    o.raw("]}]}]}");
    o.0
}

/// The entries of a count map, borrowed.
fn pairs(m: &crate::small_map::SmallMap<String, u64>) -> Vec<(&str, u64)> {
    let mut out = Vec::new();
    for (k, n) in m {
        out.push((k.as_str(), *n));
    }
    out
}

/// Re-encodes a Levqor request body (what the core hands the transport) as
/// an OTLP request body; `None` if `body` is not a Levqor batch.
pub fn from_levqor_body(body: &str, service_name: &str) -> Option<String> {
    let v: Json = crate::json::parse(body)?;
    Some(encode(&WireBatch::from_value(&v)?, service_name))
}
