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
use serde_json::{json, Value};

/// `service.name` when the options name none.
pub const DEFAULT_SERVICE_NAME: &str = "levqor-web";

/// The Levqor body budget that keeps the OTLP body of the same batch under
/// the configured cap: the OTLP document of a batch is at most this many
/// times longer than its Levqor document (tests check it on worst cases).
pub const BODY_EXPANSION: usize = 4;

/// OTLP `AggregationTemporality` `AGGREGATION_TEMPORALITY_DELTA`.
const DELTA: u8 = 1;

/// A `service.name` from the JS options (`serviceName`): 1–128 characters,
/// no control characters, else the default.
pub fn service_name(options: &Value) -> String {
    match options.get("serviceName").and_then(Value::as_str) {
        Some(s)
            if !s.trim().is_empty()
                && s.chars().count() <= 128
                && !s.contains(char::is_control) =>
        {
            s.to_owned()
        }
        _ => DEFAULT_SERVICE_NAME.to_owned(),
    }
}

/// Whether the JS options ask for OTLP (`format: "otlp"`); anything else is
/// the Levqor format.
pub fn wants_otlp(options: &Value) -> bool {
    options.get("format").and_then(Value::as_str) == Some("otlp")
}

fn attr(key: &str, value: &str) -> Value {
    json!({ "key": key, "value": { "stringValue": value } })
}

/// Minutes since the epoch → Unix nanoseconds, as the decimal string OTLP
/// JSON uses for 64-bit integers.
fn nanos(minute: u32) -> String {
    u64::from(minute).saturating_mul(60_000_000_000).to_string()
}

fn minute_of(iso: &str) -> u32 {
    wire::parse_iso_minute(iso).unwrap_or(0)
}

fn sum(name: &str, unit: &str, points: Vec<Value>) -> Value {
    json!({
        "name": name,
        "unit": unit,
        "sum": { "dataPoints": points, "aggregationTemporality": DELTA, "isMonotonic": true },
    })
}

/// One delta data point over `[start, end)` (minutes).
fn point(attributes: Vec<Value>, start: u32, end: u32, n: u64) -> Value {
    let mut p = json!({
        "startTimeUnixNano": nanos(start),
        "timeUnixNano": nanos(end),
        "asInt": n.to_string(),
    });
    if !attributes.is_empty() {
        p["attributes"] = Value::Array(attributes);
    }
    p
}

/// The OTLP request for `batch`, as a JSON value.
pub fn encode(batch: &WireBatch, service_name: &str) -> Value {
    let start = minute_of(&batch.window.start);
    let end = minute_of(&batch.window.end).max(start).saturating_add(1);
    let mut metrics: Vec<Value> = Vec::new();

    // Event counts: one Sum per event name, in order of first appearance.
    let mut names: Vec<&str> = Vec::new();
    for c in &batch.counts {
        if !names.contains(&c.event.as_str()) {
            names.push(&c.event);
        }
    }
    for name in names {
        let points = batch
            .counts
            .iter()
            .filter(|c| c.event == name)
            .map(|c| {
                let m = minute_of(&c.minute);
                let attrs = c.props.iter().map(|(k, v)| attr(k, v)).collect();
                point(attrs, m, m.saturating_add(1), c.n)
            })
            .collect();
        metrics.push(sum(&format!("levqor.{name}"), "{event}", points));
    }

    // Latency: the fixed buckets, every count (OTLP wants them all).
    if !batch.latency.is_empty() {
        let points: Vec<Value> = batch
            .latency
            .iter()
            .map(|l| {
                let mut counts = vec![0u64; BOUNDS.len() + 1];
                for b in &l.buckets {
                    let i = match b.le {
                        Some(le) => BOUNDS.iter().position(|x| *x == le),
                        None => Some(BOUNDS.len()),
                    };
                    if let Some(c) = i.and_then(|i| counts.get_mut(i)) {
                        *c = c.saturating_add(b.n);
                    }
                }
                json!({
                    "attributes": [attr("endpoint", &l.endpoint), attr("source", &l.source)],
                    "startTimeUnixNano": nanos(start),
                    "timeUnixNano": nanos(end),
                    "count": counts.iter().fold(0u64, |a, b| a.saturating_add(*b)).to_string(),
                    "bucketCounts": counts.iter().map(u64::to_string).collect::<Vec<_>>(),
                    "explicitBounds": BOUNDS.iter().map(|b| f64::from(*b)).collect::<Vec<_>>(),
                })
            })
            .collect();
        metrics.push(json!({
            "name": "levqor.api.latency",
            "unit": "ms",
            "histogram": { "dataPoints": points, "aggregationTemporality": DELTA },
        }));
    }

    // What the Levqor format reports besides counts, as Sums over the window.
    let over = |attrs: Vec<Value>, n: u64| point(attrs, start, end, n);
    let refused: Vec<Value> = batch
        .refused
        .iter()
        .map(|(reason, n)| over(vec![attr("reason", reason)], *n))
        .collect();
    if !refused.is_empty() {
        metrics.push(sum("levqor.telemetry.refused", "{event}", refused));
    }
    let d = &batch.dropped;
    let dropped: Vec<Value> = [
        ("events", d.events),
        ("rows", d.rows),
        ("corrupt", d.corrupt),
        ("rejected", d.rejected),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(kind, n)| over(vec![attr("kind", kind)], n))
    .collect();
    if !dropped.is_empty() {
        metrics.push(sum("levqor.telemetry.dropped", "1", dropped));
    }
    let unconfirmed: Vec<Value> = batch
        .unconfirmed
        .iter()
        .map(|(id, n)| over(vec![attr("levqor.unconfirmed_batch_id", id)], *n))
        .collect();
    if !unconfirmed.is_empty() {
        metrics.push(sum("levqor.telemetry.unconfirmed", "{event}", unconfirmed));
    }

    json!({
        "resourceMetrics": [{
            "resource": { "attributes": [
                attr("service.name", service_name),
                attr("telemetry.sdk.name", "levqor-wasm"),
                attr("telemetry.sdk.language", "webjs"),
                attr("telemetry.sdk.version", crate::VERSION),
                attr("levqor.batch_id", &batch.batch_id),
            ] },
            "scopeMetrics": [{
                "scope": { "name": "levqor-wasm", "version": crate::VERSION },
                "metrics": metrics,
            }],
        }],
    })
}

/// Re-encodes a Levqor request body (what the core hands the transport) as
/// an OTLP request body; `None` if `body` is not a Levqor batch.
pub fn from_levqor_body(body: &str, service_name: &str) -> Option<String> {
    let v: Value = serde_json::from_str(body).ok()?;
    let batch = WireBatch::from_value(&v)?;
    serde_json::to_string(&encode(&batch, service_name)).ok()
}
