//! Validation of one `track` call against the schema, and the aggregate it
//! lands in: counts per (event, props, minute), latency histograms per
//! (endpoint, source), refusals per reason, loss counters.

use super::histogram::{Histogram, BOUNDS, N_BUCKETS};
use super::schema::{self, PropKind, MAX_PROPS};
use super::scrub::{self, Reason};
use super::wire::{self, Dropped, Window, WireBatch, WireBucket, WireCount, WireLatency};
use crate::json::Json;
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
    pub fn merge(&mut self, other: Aggregate) {
        for (k, n) in other.rows {
            let c = self.rows.entry_or_default(k);
            *c = c.saturating_add(n);
        }
        for (k, h) in other.latency {
            self.latency.entry_or_default(k).merge(&h);
        }
        for (r, n) in other.refused {
            let c = self.refused.entry_or_default(r);
            *c = c.saturating_add(n);
        }
        self.dropped.add(&other.dropped);
        for (id, n) in other.unconfirmed {
            self.add_unconfirmed(id, n);
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
        let mut v: Vec<(RowKey, u64)> = std::mem::take(&mut self.rows).into_iter().collect();
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
        let mut v: Vec<(RowKey, u64)> = std::mem::take(&mut self.rows).into_iter().collect();
        let second: RowMap = v.split_off(v.len() / 2).into_iter().collect();
        self.rows = v.into_iter().collect();
        (
            self,
            Aggregate {
                rows: second,
                ..Default::default()
            },
        )
    }

    /// The wire document for this aggregate. `now_minute` is the window when
    /// there are no rows.
    pub fn to_wire(&self, batch_id: &str, now_minute: u32) -> WireBatch {
        let keys: Vec<(&RowKey, &u64)> = self.rows.iter().collect();
        let start = keys
            .iter()
            .map(|(k, _)| k.minute)
            .min()
            .unwrap_or(now_minute);
        let end = keys
            .iter()
            .map(|(k, _)| k.minute)
            .max()
            .unwrap_or(now_minute);
        let counts = keys
            .into_iter()
            .filter_map(|(k, n)| {
                let def = schema::EVENTS.get(usize::from(k.event))?;
                let props = def
                    .props
                    .iter()
                    .zip(k.props.iter())
                    .filter_map(|(p, v)| Some((p.key.to_owned(), v.as_deref()?.to_owned())))
                    .collect();
                Some(WireCount {
                    event: def.name.to_owned(),
                    props,
                    minute: wire::iso_minute(k.minute),
                    n: *n,
                })
            })
            .collect();
        let latency = self
            .latency
            .iter()
            .filter(|(_, h)| h.total() > 0)
            .map(|((e, s), h)| WireLatency {
                endpoint: (*e).to_owned(),
                source: (*s).to_owned(),
                buckets: h.nonzero().map(|(le, n)| WireBucket { le, n }).collect(),
                count: h.total(),
                p50: round1(h.quantile(0.5).unwrap_or(0.0)),
                p90: round1(h.quantile(0.9).unwrap_or(0.0)),
                p99: round1(h.quantile(0.99).unwrap_or(0.0)),
            })
            .collect();
        WireBatch {
            v: wire::WIRE_VERSION,
            batch_id: batch_id.to_owned(),
            window: Window {
                start: wire::iso_minute(start),
                end: wire::iso_minute(end),
            },
            counts,
            latency,
            dropped: self.dropped,
            unconfirmed: self.unconfirmed.clone(),
            refused: self
                .refused
                .iter()
                .map(|(r, n)| (r.as_str().to_owned(), *n))
                .collect(),
        }
    }

    /// Rebuilds an aggregate from a stored wire document, re-validating every
    /// row against the current schema; unreadable rows are counted as corrupt.
    pub fn from_wire(w: &WireBatch) -> Aggregate {
        let mut a = Aggregate {
            dropped: w.dropped,
            ..Default::default()
        };
        for c in &w.counts {
            let ok = parse_iso(&c.minute).and_then(|m| {
                validate_props(
                    &c.event,
                    c.props
                        .iter()
                        .map(|(k, v)| (k.as_str(), Prop::Str(v.as_str()))),
                )
                .ok()
                .map(|v| (m, v))
            });
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
