//! Validation of one `track` call against the schema, and the aggregate it
//! lands in: counts per (event, props, minute), latency histograms per
//! (endpoint, source), refusals per reason, loss counters.

use super::histogram::{Histogram, BOUNDS, N_BUCKETS};
use super::schema::{self, PropKind, MAX_PROPS};
use super::scrub::{self, Reason};
use super::wire::{self, Dropped, Window, WireBatch, WireBucket};
use crate::json::Json;
use crate::json_write::{Obj, ToJson};
use crate::small_map::SmallMap;
use std::borrow::Cow;

/// A validated, coarsened prop value.
pub type PropValue = Option<Cow<'static, str>>;

/// A typed prop value for Rust callers (no JSON needed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prop<'a> {
    /// A string (closed-set value, bucket label or page path).
    Str(&'a str),
    /// A number (bucketed, or milliseconds for a latency histogram).
    Num(f64),
}

/// One aggregation key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RowKey {
    /// Minutes since the epoch.
    pub minute: u32,
    /// Index into [`schema::EVENTS`].
    pub event: u8,
    /// Values by the event's prop index.
    pub props: [PropValue; MAX_PROPS],
}

/// The outcome of validating one event.
#[derive(Debug, Clone, PartialEq)]
pub struct Validated {
    /// Event index.
    pub event: u8,
    /// Counted props.
    pub props: [PropValue; MAX_PROPS],
    /// Latency to record, with (endpoint, source).
    pub latency: Option<(f64, &'static str, &'static str)>,
}

fn check_value(kind: &PropKind, v: Prop<'_>) -> Result<Option<PropValue>, Reason> {
    match (kind, v) {
        (PropKind::OneOf(set), Prop::Str(s)) => match set.iter().find(|x| **x == s) {
            Some(x) => Ok(Some(Some(Cow::Borrowed(x)))),
            None => Err(refusal_for_string(s)),
        },
        (PropKind::Bucket(b), Prop::Num(x)) => b
            .label(x)
            .map(|l| Some(Some(Cow::Borrowed(l))))
            .ok_or(Reason::InvalidValue),
        (PropKind::Bucket(b), Prop::Str(s)) => match b.labels.iter().find(|l| **l == s) {
            Some(l) => Ok(Some(Some(Cow::Borrowed(l)))),
            None => Err(refusal_for_string(s)),
        },
        (PropKind::Path, Prop::Str(s)) => scrub::coarsen_path(s).map(|p| Some(Some(Cow::Owned(p)))),
        (PropKind::LatencyHistogram, Prop::Num(x))
            if x.is_finite() && (0.0..=3_600_000.0).contains(&x) =>
        {
            Ok(None)
        }
        (_, Prop::Str(s)) => Err(refusal_for_string(s)),
        _ => Err(Reason::InvalidValue),
    }
}

/// The reason to give for a string outside a closed set: personal data first,
/// then free text, else an invalid value.
pub fn refusal_for_string(s: &str) -> Reason {
    if let Some(r) = scrub::detect_pii(s) {
        return r;
    }
    if s.trim().contains(char::is_whitespace) {
        Reason::FreeText
    } else {
        Reason::InvalidValue
    }
}

/// Validates `event` with typed props.
pub fn validate_props<'a>(
    event: &str,
    props: impl IntoIterator<Item = (&'a str, Prop<'a>)>,
) -> Result<Validated, Reason> {
    let (ei, def) = schema::event(event).ok_or_else(|| {
        if scrub::detect_pii(event).is_some_and(Reason::is_pii) {
            scrub::detect_pii(event).unwrap_or(Reason::UnknownEvent)
        } else {
            Reason::UnknownEvent
        }
    })?;
    let mut out: [PropValue; MAX_PROPS] = Default::default();
    let mut latency = None;
    for (key, value) in props {
        let Some((pi, pdef)) = def.prop(key) else {
            return Err(match scrub::detect_pii(key) {
                Some(r) if r.is_pii() => r,
                _ => Reason::UnknownProp,
            });
        };
        match check_value(&pdef.kind, value)? {
            Some(v) => {
                if let Some(slot) = out.get_mut(pi) {
                    *slot = v;
                }
            }
            None => {
                if let Prop::Num(ms) = value {
                    latency = Some(ms);
                }
            }
        }
    }
    let get = |key: &str| -> Option<&'static str> {
        let (i, p) = def.prop(key)?;
        let PropKind::OneOf(set) = p.kind else {
            return None;
        };
        let v = out.get(i)?.as_deref()?;
        set.iter().copied().find(|x| *x == v)
    };
    let latency = match (latency, get("endpoint"), get("source")) {
        (Some(ms), Some(e), Some(s)) => Some((ms, e, s)),
        _ => None,
    };
    Ok(Validated {
        event: u8::try_from(ei).unwrap_or(u8::MAX),
        props: out,
        latency,
    })
}

/// Validates `event` with props given as JSON (what JS passes).
pub fn validate_json(event: &Json, props: &Json) -> Result<Validated, Reason> {
    let Json::String(name) = event else {
        return Err(Reason::UnknownEvent);
    };
    let empty = crate::json::Map::new();
    let map = match props {
        Json::Object(m) if !(m.len() == 1 && m.contains_key(crate::input::NON_FINITE_KEY)) => m,
        Json::Null => &empty,
        _ => return Err(Reason::PropsNotObject),
    };
    if map.len() > MAX_PROPS {
        return Err(Reason::UnknownProp);
    }
    let mut typed: Vec<(&str, Prop<'_>)> = Vec::with_capacity(map.len());
    for (k, v) in map {
        let p = match v {
            Json::Null => continue, // an absent prop
            Json::String(s) => Prop::Str(s),
            Json::Number(n) => Prop::Num(n.as_f64()),
            _ => {
                if schema::event(name).is_some_and(|(_, d)| d.prop(k).is_none()) {
                    return Err(Reason::UnknownProp);
                }
                return Err(Reason::InvalidValue);
            }
        };
        typed.push((k.as_str(), p));
    }
    validate_props(name, typed)
}

/// The row map.
/// The row map, kept sorted by key (so batches need no sort). A `HashMap`
/// cost ~5 KB more wasm; rows number in the hundreds, so the sorted insert
/// of a new key is cheap, and repeated keys are a binary search.
pub type RowMap = SmallMap<RowKey, u64>;

/// Counts, histograms and refusals not yet sealed into a batch.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {
    /// Counts per key.
    pub rows: RowMap,
    /// Histograms per (endpoint, source).
    pub latency: SmallMap<(&'static str, &'static str), Histogram>,
    /// Refusals per reason.
    pub refused: SmallMap<Reason, u64>,
    /// Loss counters to report.
    pub dropped: Dropped,
    /// Batches evicted from storage after a send that got no answer, with
    /// their events: lost unless the server already holds them (by id).
    pub unconfirmed: SmallMap<String, u64>,
}

/// Most entries in [`Aggregate::unconfirmed`]; beyond it, an entry's events
/// are counted in `dropped.events` instead.
pub const MAX_UNCONFIRMED: usize = 64;

impl Aggregate {
    /// Adds one validated event at `minute`.
    pub fn add(&mut self, v: Validated, minute: u32, n: u64) {
        if let Some((ms, e, s)) = v.latency {
            self.latency.entry_or_default((e, s)).record(ms);
        }
        let key = RowKey {
            minute,
            event: v.event,
            props: v.props,
        };
        let c = self.rows.entry_or_default(key);
        *c = c.saturating_add(n);
    }
    /// Counts a refusal.
    pub fn refuse(&mut self, r: Reason) {
        let c = self.refused.entry_or_default(r);
        *c = c.saturating_add(1);
    }
    /// Events counted (rows plus histogram observations not in rows are not
    /// double counted: every `api_call` is one row count).
    pub fn events(&self) -> u64 {
        self.rows.values().fold(0u64, |a, b| a.saturating_add(*b))
    }
    /// Whether there is nothing to send.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
            && self.latency.is_empty()
            && self.refused.is_empty()
            && self.dropped.is_zero()
            && self.unconfirmed.is_empty()
    }
    /// Records that batch `id`, with `events` events, was evicted after a
    /// send whose answer never came.
    pub fn add_unconfirmed(&mut self, id: String, events: u64) {
        if self.unconfirmed.len() >= MAX_UNCONFIRMED && self.unconfirmed.get(id.as_str()).is_none()
        {
            self.dropped.events = self.dropped.events.saturating_add(events);
            return;
        }
        let c = self.unconfirmed.entry_or_default(id);
        *c = c.saturating_add(events);
    }
    /// Merges `other` into `self`.
    /// By reference: the size check merges without cloning either side, and
    /// one merge serves every caller (a by-value merge and `Aggregate`'s
    /// `Clone` cost more wasm than the keys it copies).
    pub fn merge(&mut self, other: &Aggregate) {
        for (k, n) in other.rows.iter() {
            let c = self.rows.entry_or_default(k.clone());
            *c = c.saturating_add(*n);
        }
        for (k, h) in other.latency.iter() {
            self.latency.entry_or_default(*k).merge(h);
        }
        for (r, n) in other.refused.iter() {
            let c = self.refused.entry_or_default(*r);
            *c = c.saturating_add(*n);
        }
        self.dropped.add(&other.dropped);
        for (id, n) in other.unconfirmed.iter() {
            self.add_unconfirmed(id.clone(), *n);
        }
    }
    /// Coarsens every row's minute down to a multiple of `step` minutes,
    /// merging rows that become equal.
    pub fn coarsen_time(&mut self, step: u32) {
        let step = step.max(1);
        let rows = std::mem::take(&mut self.rows);
        for (mut k, n) in rows {
            k.minute -= k.minute % step;
            let c = self.rows.entry_or_default(k);
            *c = c.saturating_add(n);
        }
    }
    /// Drops the `k` rows with the smallest counts, counting them as lost.
    pub fn drop_smallest(&mut self, k: usize) {
        let mut v = std::mem::take(&mut self.rows).into_vec();
        crate::sort::sort_by(&mut v, |a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let keep = v.len().saturating_sub(k);
        for (_, n) in v.drain(keep..) {
            self.dropped.rows = self.dropped.rows.saturating_add(1);
            self.dropped.events = self.dropped.events.saturating_add(n);
        }
        self.rows = v.into_iter().collect();
    }
    /// Splits the rows in two halves; histograms, refusals and loss counters
    /// stay in the first.
    pub fn split_half(mut self) -> (Aggregate, Aggregate) {
        let second = self.rows.split_off(self.rows.len() / 2);
        (
            self,
            Aggregate {
                rows: second,
                ..Default::default()
            },
        )
    }

    /// Appends the wire document for this aggregate, as JSON text (byte for
    /// byte what [`WireBatch`]'s writer writes). `now_minute` is the window when
    /// there are no rows. Written straight from the aggregate: building the
    /// `WireBatch` first cost its strings, vectors and adapters in wasm.
    pub fn write_wire(&self, batch_id: &str, now_minute: u32, out: &mut String) {
        let mut window: Option<(u32, u32)> = None;
        for (k, _) in self.rows.iter() {
            let (s, e) = window.unwrap_or((k.minute, k.minute));
            window = Some((s.min(k.minute), e.max(k.minute)));
        }
        let (start, end) = window.unwrap_or((now_minute, now_minute));
        let mut o = Obj::new(out);
        o.uint("v", u64::from(wire::WIRE_VERSION))
            .str("batchId", batch_id)
            .field(
                "window",
                &Window {
                    start: wire::iso_minute(start),
                    end: wire::iso_minute(end),
                },
            );
        let counts = o.key("counts");
        counts.push('[');
        let mut first = true;
        for (k, n) in self.rows.iter() {
            let Some(def) = schema::EVENTS.get(usize::from(k.event)) else {
                continue;
            };
            if !std::mem::take(&mut first) {
                counts.push(',');
            }
            let mut c = Obj::new(counts);
            c.str("event", def.name);
            // `def.props` is sorted by key: the order a map of them writes.
            let mut props = Obj::new(c.key("props"));
            for (p, v) in def.props.iter().zip(k.props.iter()) {
                if let Some(v) = v {
                    props.str(p.key, v);
                }
            }
            props.end();
            c.str("minute", &wire::iso_minute(k.minute))
                .uint("n", *n)
                .end();
        }
        counts.push(']');
        let latency = o.key("latency");
        latency.push('[');
        let mut first = true;
        for ((e, s), h) in self.latency.iter() {
            if h.total() == 0 {
                continue;
            }
            if !std::mem::take(&mut first) {
                latency.push(',');
            }
            let mut l = Obj::new(latency);
            l.str("endpoint", e).str("source", s);
            let buckets = l.key("buckets");
            buckets.push('[');
            for (i, (le, n)) in h.nonzero().enumerate() {
                if i > 0 {
                    buckets.push(',');
                }
                WireBucket { le, n }.write_json(buckets);
            }
            buckets.push(']');
            l.uint("count", h.total())
                .float("p50", round1(h.quantile(0.5).unwrap_or(0.0)))
                .float("p90", round1(h.quantile(0.9).unwrap_or(0.0)))
                .float("p99", round1(h.quantile(0.99).unwrap_or(0.0)))
                .end();
        }
        latency.push(']');
        // Refusals by wire name (the enum's order is not the names').
        let mut refused = SmallMap::new();
        for (r, n) in self.refused.iter() {
            refused.insert(r.as_str(), *n);
        }
        o.field("dropped", &self.dropped)
            .field("unconfirmed", &self.unconfirmed)
            .field("refused", &refused)
            .end();
    }

    /// [`Aggregate::write_wire`] into a new string.
    pub fn wire_json(&self, batch_id: &str, now_minute: u32) -> String {
        let mut out = String::new();
        self.write_wire(batch_id, now_minute, &mut out);
        out
    }

    /// Rebuilds an aggregate from a stored wire document, re-validating every
    /// row against the current schema; unreadable rows are counted as corrupt.
    pub fn from_wire(w: &WireBatch) -> Aggregate {
        let mut a = Aggregate {
            dropped: w.dropped,
            ..Default::default()
        };
        for c in &w.counts {
            // A `Vec`, as `validate_json` passes: one instantiation of
            // `validate_props` instead of one more for a map adapter.
            let mut props = Vec::with_capacity(c.props.len());
            for (k, v) in &c.props {
                props.push((k.as_str(), Prop::Str(v.as_str())));
            }
            let ok = parse_iso(&c.minute)
                .and_then(|m| validate_props(&c.event, props).ok().map(|v| (m, v)));
            match ok {
                Some((m, v)) => a.add(v, m, c.n),
                None => a.dropped.corrupt = a.dropped.corrupt.saturating_add(1),
            }
        }
        for l in &w.latency {
            let (Some(e), Some(s)) = (
                static_value("api_call", "endpoint", &l.endpoint),
                static_value("api_call", "source", &l.source),
            ) else {
                a.dropped.corrupt = a.dropped.corrupt.saturating_add(1);
                continue;
            };
            let h = a.latency.entry_or_default((e, s));
            for b in &l.buckets {
                let i = match b.le {
                    Some(le) => BOUNDS.iter().position(|x| *x == le).unwrap_or(N_BUCKETS),
                    None => N_BUCKETS - 1,
                };
                h.add(i, b.n);
            }
        }
        for (r, n) in &w.refused {
            match scrub::Reason::parse(r) {
                Some(r) => {
                    let c = a.refused.entry_or_default(r);
                    *c = c.saturating_add(*n);
                }
                None => a.dropped.corrupt = a.dropped.corrupt.saturating_add(1),
            }
        }
        for (id, n) in &w.unconfirmed {
            if super::store::valid_id(id) && *n > 0 {
                a.add_unconfirmed(id.clone(), *n);
            } else {
                a.dropped.corrupt = a.dropped.corrupt.saturating_add(1);
            }
        }
        a
    }
}

fn parse_iso(s: &str) -> Option<u32> {
    wire::parse_iso_minute(s)
}

fn static_value(event: &str, key: &str, v: &str) -> Option<&'static str> {
    let (_, def) = schema::event(event)?;
    let (_, p) = def.prop(key)?;
    let PropKind::OneOf(set) = p.kind else {
        return None;
    };
    set.iter().copied().find(|x| *x == v)
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README example's counts and histogram, plus refusals (out of
    /// name order), drops and an unconfirmed batch.
    fn example() -> Aggregate {
        let v = crate::json::parse(include_str!("wire.example.json")).expect("example parses");
        let mut a = Aggregate::from_wire(&WireBatch::from_value(&v).expect("example reads"));
        for r in [Reason::UnknownEvent, Reason::Email, Reason::FreeText] {
            a.refuse(r);
        }
        a.dropped.rows = 2;
        a.add_unconfirmed("fedcba9876543210fedcba9876543210".into(), 40);
        a
    }

    #[test]
    fn wire_json_is_what_the_batch_derive_writes() {
        let a = example();
        let text = a.wire_json("0123456789abcdef0123456789abcdef", 5);
        let w = WireBatch::from_value(&crate::json::parse(&text).expect("JSON")).expect("a batch");
        assert_eq!(text, serde_json::to_string(&w).expect("serialises"));
        assert_eq!(w.window.start, "2026-11-22T09:41:00Z");
        assert_eq!(w.window.end, "2026-11-22T09:42:00Z");
        assert_eq!(w.counts.len(), 4);
        assert_eq!(w.latency.len(), 1);
        let refused: Vec<_> = w.refused.iter().map(|(k, n)| (k.as_str(), *n)).collect();
        assert_eq!(
            refused,
            [("email", 2), ("free_text", 5), ("unknown_event", 1)]
        );
        assert_eq!(Aggregate::from_wire(&w).wire_json(&w.batch_id, 5), text);

        let empty = Aggregate::default().wire_json("", 60);
        let w = WireBatch::from_value(&crate::json::parse(&empty).expect("JSON")).expect("a batch");
        assert_eq!(empty, serde_json::to_string(&w).expect("serialises"));
        assert_eq!(w.window.start, "1970-01-01T01:00:00Z");
    }

    #[test]
    fn event_props_are_sorted_by_key() {
        for e in schema::EVENTS {
            assert!(
                e.props.windows(2).all(|p| p[0].key < p[1].key),
                "{}",
                e.name
            );
        }
    }
}
