//! Privacy-safe telemetry: a closed event schema ([`schema`], data in
//! `events.json`), scrubbing ([`scrub`]), aggregation into per-minute counts
//! and latency histograms ([`aggregate`], [`histogram`]), the versioned wire
//! format ([`wire`]), the options ([`options`]), the batching/delivery policy
//! ([`Telemetry`], in `batcher.rs`) and its storage reconciliation
//! (`persist.rs`, with the document format in [`store`]). Pure
//! core: clock, storage and randomness are injected; the browser wiring is
//! `web::telemetry` and the I/O is `web/js/transport.js`.

pub mod aggregate;
mod batcher;
pub mod delivery;
pub mod histogram;
pub mod options;
pub mod otlp;
mod persist;
pub mod schema;
pub mod scrub;
pub mod store;
pub mod wire;

pub use aggregate::{Aggregate, Prop};
pub use batcher::Telemetry;
pub use options::Options;
pub use scrub::Reason;

/// The keepalive in-flight limit browsers enforce (bytes of request bodies).
pub const KEEPALIVE_LIMIT: usize = 65_536;

/// The answer to `track`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TrackResult {
    /// Whether the event was counted.
    pub accepted: bool,
    /// Why not.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub reason: Option<Reason>,
}

/// How a send is being made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendMode {
    /// Timer or size flush: batches whose backoff has expired.
    Due,
    /// Explicit `flush()`: every batch not in flight, ignoring backoff.
    Now,
    /// The page is being hidden: every batch not in flight, keepalive, at
    /// most [`KEEPALIVE_LIMIT`] bytes in total.
    PageHide,
}

/// One request for the transport to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Batch id (pass it back to [`Telemetry::on_result`]).
    pub batch_id: String,
    /// JSON body.
    pub body: String,
    /// Use `fetch(…, {keepalive: true})` (falling back to `sendBeacon`).
    pub keepalive: bool,
}

/// Counters for `stats()`.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Stats {
    /// Events accepted since construction.
    pub accepted: u64,
    /// Refusals since construction, per reason.
    pub refused: crate::small_map::SmallMap<&'static str, u64>,
    /// Batches confirmed delivered since construction.
    pub delivered_batches: u64,
    /// Send attempts that failed since construction.
    pub failed_attempts: u64,
    /// Batches waiting for delivery.
    pub queued_batches: usize,
    /// Events not yet delivered.
    pub pending: u64,
    /// Loss counters waiting to be reported.
    pub dropped: wire::Dropped,
    /// Failed writes to storage since construction.
    pub storage_errors: u64,
}

// `track` and `stats` answers written by hand, byte for byte what the
// derives above write (the tests below check it).

impl crate::json_write::ToJson for TrackResult {
    fn write_json(&self, out: &mut String) {
        let mut o = crate::json_write::Obj::new(out);
        o.bool("accepted", self.accepted);
        if let Some(r) = self.reason {
            o.str("reason", r.as_str());
        }
        o.end();
    }
}

impl crate::json_write::ToJson for Stats {
    fn write_json(&self, out: &mut String) {
        crate::json_write::Obj::new(out)
            .uint("accepted", self.accepted)
            .field("refused", &self.refused)
            .uint("deliveredBatches", self.delivered_batches)
            .uint("failedAttempts", self.failed_attempts)
            .uint("queuedBatches", self.queued_batches as u64)
            .uint("pending", self.pending)
            .field("dropped", &self.dropped)
            .uint("storageErrors", self.storage_errors)
            .end();
    }
}

/// A sealed batch waiting for delivery.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// Batch id.
    pub id: String,
    /// Content.
    pub agg: Aggregate,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not before this time (ms).
    pub next_at: f64,
    /// A send is outstanding.
    pub in_flight: bool,
    /// A send was ever started (the server may have it).
    pub tried: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json_write::ToJson;

    #[test]
    fn answers_are_written_as_the_derives_write_them() {
        for r in [
            TrackResult {
                accepted: true,
                reason: None,
            },
            TrackResult {
                accepted: false,
                reason: Some(Reason::Email),
            },
        ] {
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
        }
        let mut s = Stats {
            accepted: 7,
            delivered_batches: 2,
            failed_attempts: 1,
            queued_batches: 3,
            pending: 40,
            dropped: wire::Dropped {
                events: 1,
                rows: 2,
                corrupt: 3,
                rejected: 4,
            },
            storage_errors: 5,
            ..Stats::default()
        };
        assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap());
        s.refused.insert("email", 2);
        s.refused.insert("free_text", 1);
        assert_eq!(s.to_json(), serde_json::to_string(&s).unwrap());
    }
}
