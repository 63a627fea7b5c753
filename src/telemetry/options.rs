//! Telemetry options: defaults, ranges, and reading them from whatever JS
//! passed (unknown keys ignored, wrong types defaulted, numbers clamped).

use crate::input;
use crate::json::Json;

/// Options, with defaults and the ranges values are clamped to.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// URL batches are POSTed to. Default `/api/telemetry/events`.
    pub endpoint: String,
    /// Timer flush period, ms. Default 30 000, range 1 000–3 600 000.
    pub flush_interval_ms: f64,
    /// Events since the last flush that trigger an early flush; 0 (the
    /// default) turns the event count trigger off, so requests are bounded by
    /// time: one per `flush_interval_ms`, plus page hide, plus one whenever
    /// the counted batch reaches `max_body_bytes`. Range 0–100 000.
    pub max_batch_events: u64,
    /// Shortest time between two writes of the counts to storage while they
    /// change, ms: what a crash can lose. Default 2 000, range 250–60 000.
    pub persist_interval_ms: f64,
    /// localStorage key. Default `levqor:telemetry`, 1–128 chars.
    pub storage_key: String,
    /// Largest request body, bytes. Default 60 000, 2 048–65 536.
    pub max_body_bytes: usize,
    /// Bound on the stored JSON, bytes. Default 131 072, 8 192–2 000 000.
    pub max_stored_bytes: usize,
    /// First retry delay, ms. Default 2 000, 100–600 000.
    pub backoff_base_ms: f64,
    /// Longest retry delay, ms. Default 300 000, 1 000–86 400 000.
    pub backoff_max_ms: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            endpoint: "/api/telemetry/events".to_owned(),
            flush_interval_ms: 30_000.0,
            max_batch_events: 0,
            persist_interval_ms: 2_000.0,
            storage_key: "levqor:telemetry".to_owned(),
            max_body_bytes: 60_000,
            max_stored_bytes: 131_072,
            backoff_base_ms: 2_000.0,
            backoff_max_ms: 300_000.0,
        }
    }
}

impl Options {
    /// Reads options from whatever JS passed: unknown keys are ignored, wrong
    /// types fall back to the default, numbers are clamped to their range.
    pub fn from_json(v: &Json) -> Options {
        let d = Options::default();
        let num = |k: &str, def: f64, lo: f64, hi: f64| match input::number(v, k) {
            input::Field::Value(x) => x.clamp(lo, hi),
            _ => def,
        };
        let text = |k: &str, def: &str, max: usize| match input::opt_str(v, k) {
            Some(s) if !s.trim().is_empty() && s.len() <= max && !s.contains(char::is_control) => {
                s.to_owned()
            }
            _ => def.to_owned(),
        };
        let base = num("backoffBaseMs", d.backoff_base_ms, 100.0, 600_000.0);
        Options {
            endpoint: text("endpoint", &d.endpoint, 2048),
            flush_interval_ms: num("flushIntervalMs", d.flush_interval_ms, 1_000.0, 3_600_000.0),
            max_batch_events: num("maxBatchEvents", d.max_batch_events as f64, 0.0, 100_000.0)
                as u64,
            persist_interval_ms: num("persistIntervalMs", d.persist_interval_ms, 250.0, 60_000.0),
            storage_key: text("storageKey", &d.storage_key, 128),
            max_body_bytes: num("maxBodyBytes", d.max_body_bytes as f64, 2_048.0, 65_536.0)
                as usize,
            max_stored_bytes: num(
                "maxStoredBytes",
                d.max_stored_bytes as f64,
                8_192.0,
                2_000_000.0,
            ) as usize,
            backoff_base_ms: base,
            backoff_max_ms: num("backoffMaxMs", d.backoff_max_ms, 1_000.0, 86_400_000.0).max(base),
        }
    }
}
