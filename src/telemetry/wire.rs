//! The versioned batch document POSTed to `/api/telemetry/events` (JSON
//! Schema: `wire.schema.json`), and minute-precision ISO timestamps.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Wire format version (`v`).
pub const WIRE_VERSION: u32 = 1;

/// One batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireBatch {
    /// Format version.
    pub v: u32,
    /// 32 lower-case hex chars (128 random bits): the server dedupes on it.
    pub batch_id: String,
    /// First and last minute the counts cover.
    pub window: Window,
    /// Event counts per (event, props, minute).
    pub counts: Vec<WireCount>,
    /// Latency histograms per (endpoint, source).
    pub latency: Vec<WireLatency>,
    /// What the storage bound or the server made the client drop.
    pub dropped: Dropped,
    /// Refused `track` calls per reason.
    pub refused: BTreeMap<String, u64>,
}

/// A time window, minute precision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// `YYYY-MM-DDTHH:MM:00Z`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM:00Z` (inclusive).
    pub end: String,
}

/// One aggregated row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireCount {
    /// Event name.
    pub event: String,
    /// Coarsened props.
    pub props: BTreeMap<String, String>,
    /// The minute (`YYYY-MM-DDTHH:MM:00Z`).
    pub minute: String,
    /// How many identical events.
    pub n: u64,
}

/// A latency histogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WireLatency {
    /// API endpoint.
    pub endpoint: String,
    /// `server` or `fallback`.
    pub source: String,
    /// Non-empty buckets.
    pub buckets: Vec<WireBucket>,
    /// Observations.
    pub count: u64,
    /// Median, ms (interpolated).
    pub p50: f64,
    /// 90th percentile, ms.
    pub p90: f64,
    /// 99th percentile, ms.
    pub p99: f64,
}

/// One histogram bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireBucket {
    /// Inclusive upper bound in ms; `null` for the overflow bucket.
    pub le: Option<u32>,
    /// Observations in the bucket.
    pub n: u64,
}

/// Loss accounting, reported in the next batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Events lost (sum of the dropped rows' counts plus latency observations).
    pub events: u64,
    /// Rows dropped by the storage bound.
    pub rows: u64,
    /// Stored entries that were unreadable (corrupt or another version).
    pub corrupt: u64,
    /// Batches the server refused for good (4xx other than 408/413/429).
    pub rejected: u64,
}

impl Dropped {
    /// Adds `o` to `self`.
    pub fn add(&mut self, o: &Dropped) {
        self.events = self.events.saturating_add(o.events);
        self.rows = self.rows.saturating_add(o.rows);
        self.corrupt = self.corrupt.saturating_add(o.corrupt);
        self.rejected = self.rejected.saturating_add(o.rejected);
    }
    /// Whether everything is zero.
    pub fn is_zero(&self) -> bool {
        *self == Dropped::default()
    }
}

/// Minutes since the Unix epoch → `YYYY-MM-DDTHH:MM:00Z`.
pub fn iso_minute(minute: u32) -> String {
    let days = i64::from(minute / 1440);
    let m = minute % 1440;
    let (y, mo, d) = civil_from_days(days);
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}:00Z", m / 60, m % 60)
}

/// `YYYY-MM-DDTHH:MM[:SS[.fff]]Z` → minutes since the epoch (seconds dropped).
pub fn parse_iso_minute(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() < 17
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || b.get(10) != Some(&b'T')
        || b.get(13) != Some(&b':')
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<i64>().ok();
    let (y, mo, d, h, mi) = (
        num(0..4)?,
        num(5..7)?,
        num(8..10)?,
        num(11..13)?,
        num(14..16)?,
    );
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 {
        return None;
    }
    let mins = days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
    u32::try_from(mins).ok()
}

/// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant).
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_minutes_round_trip() {
        // 2026-11-22T09:48:00Z
        let m = parse_iso_minute("2026-11-22T09:48:00Z").expect("parses");
        assert_eq!(iso_minute(m), "2026-11-22T09:48:00Z");
        assert_eq!(iso_minute(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            parse_iso_minute("2024-02-29T23:59:59.999Z")
                .map(iso_minute)
                .as_deref(),
            Some("2024-02-29T23:59:00Z")
        );
        assert_eq!(parse_iso_minute("garbage"), None);
    }
}
