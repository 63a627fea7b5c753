//! The closed telemetry event schema (generated at build time from
//! `events.json`) and the per-prop coarsening rules.

/// A coarse numeric scale: a value `x` falls in bucket `i` when
/// `edges[i] <= x < edges[i + 1]` (the last bucket is open-ended).
#[derive(Debug)]
pub struct Buckets {
    /// Scale name in `events.json`.
    pub name: &'static str,
    /// What the numbers measure.
    pub unit: &'static str,
    /// Ascending lower edges.
    pub edges: &'static [f64],
    /// Wire labels, one per edge (`"100-299"`, `"30000+"`).
    pub labels: &'static [&'static str],
    /// Larger values are refused as implausible.
    pub max: f64,
}

impl Buckets {
    /// The label for `x`, or `None` when `x` is negative, non-finite or over `max`.
    pub fn label(&self, x: f64) -> Option<&'static str> {
        if !x.is_finite() || x > self.max || x < self.edges.first().copied().unwrap_or(0.0) {
            return None;
        }
        let i = self.edges.iter().rposition(|e| x >= *e)?;
        self.labels.get(i).copied()
    }
}

/// How a prop value is checked and coarsened.
#[derive(Debug)]
pub enum PropKind {
    /// One of a closed set of strings.
    OneOf(&'static [&'static str]),
    /// A number coarsened to a bucket label (a label itself is accepted too).
    Bucket(&'static Buckets),
    /// A page path: query, fragment and ids stripped (see [`super::scrub::coarsen_path`]).
    Path,
    /// Milliseconds recorded into the per-(endpoint, source) latency histogram
    /// instead of the counted props.
    LatencyHistogram,
}

/// One allowed prop key of an event.
#[derive(Debug)]
pub struct PropDef {
    /// The key.
    pub key: &'static str,
    /// Its rule.
    pub kind: PropKind,
}

/// One allowed event.
#[derive(Debug)]
pub struct EventDef {
    /// Event name.
    pub name: &'static str,
    /// Allowed props, sorted by key. Every prop is optional.
    pub props: &'static [PropDef],
}

impl EventDef {
    /// The prop definition for `key`.
    pub fn prop(&self, key: &str) -> Option<(usize, &'static PropDef)> {
        self.props.iter().enumerate().find(|(_, p)| p.key == key)
    }
}

include!(concat!(env!("OUT_DIR"), "/telemetry_schema.rs"));

/// The event definition named `name`.
pub fn event(name: &str) -> Option<(usize, &'static EventDef)> {
    EVENTS.iter().enumerate().find(|(_, e)| e.name == name)
}

/// The most props any event declares.
pub const MAX_PROPS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_label_by_lower_edge() {
        let (_, ai) = event("ai_request").expect("ai_request");
        let (_, q) = ai.prop("query_length").expect("query_length");
        let PropKind::Bucket(b) = q.kind else {
            panic!("bucket kind")
        };
        assert_eq!(b.label(0.0), Some("0-2"));
        assert_eq!(b.label(2.9), Some("0-2"));
        assert_eq!(b.label(3.0), Some("3-9"));
        assert_eq!(b.label(500.0), Some("300-500"));
        assert_eq!(b.label(501.0), Some("501+"));
        assert_eq!(b.label(-1.0), None);
        assert_eq!(b.label(f64::NAN), None);
    }

    #[test]
    fn every_event_fits_the_prop_limit() {
        assert_eq!(EVENTS.len(), 10);
        assert!(EVENTS.iter().all(|e| e.props.len() <= MAX_PROPS));
    }
}
