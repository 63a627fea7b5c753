//! The versioned batch document POSTed to `/api/telemetry/events` (JSON
//! Schema: `wire.schema.json`), and minute-precision ISO timestamps.

use crate::json::{Json, Map};
use crate::json_write::{Obj, ToJson};
use crate::small_map::SmallMap;

/// Wire format version (`v`).
pub const WIRE_VERSION: u32 = 1;

/// One batch.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
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
    /// Batches evicted from the client's storage after a send that got no
    /// answer, by id, with their events (their counts plus the drops they
    /// reported): lost unless the server already holds that id.
    pub unconfirmed: SmallMap<String, u64>,
    /// Refused `track` calls per reason.
    pub refused: SmallMap<String, u64>,
}

/// A time window, minute precision.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Window {
    /// `YYYY-MM-DDTHH:MM:00Z`.
    pub start: String,
    /// `YYYY-MM-DDTHH:MM:00Z` (inclusive).
    pub end: String,
}

/// One aggregated row.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WireCount {
    /// Event name.
    pub event: String,
    /// Coarsened props.
    pub props: SmallMap<String, String>,
    /// The minute (`YYYY-MM-DDTHH:MM:00Z`).
    pub minute: String,
    /// How many identical events.
    pub n: u64,
}

/// A latency histogram.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct WireBucket {
    /// Inclusive upper bound in ms; `null` for the overflow bucket.
    pub le: Option<u32>,
    /// Observations in the bucket.
    pub n: u64,
}

/// Loss accounting, reported in the next batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

// Reading a batch back from storage. Written by hand rather than derived:
// serde's derived `Deserialize` for these types cost ~25 KB of wasm. Same
// rules as the derive: every field required except `le` (null or absent is
// the overflow bucket), unknown fields ignored, integers in range.

fn field<'a>(o: &'a Map, k: &str) -> Option<&'a Json> {
    o.get(k)
}

fn u64_of(o: &Map, k: &str) -> Option<u64> {
    field(o, k)?.as_u64()
}

fn u32_of(o: &Map, k: &str) -> Option<u32> {
    u32::try_from(u64_of(o, k)?).ok()
}

fn str_of(o: &Map, k: &str) -> Option<String> {
    field(o, k)?.as_str().map(str::to_owned)
}

fn f64_of(o: &Map, k: &str) -> Option<f64> {
    field(o, k)?.as_f64()
}

// The collections below are read by plain loops, not `.map(..).collect::<Option<_>>()`:
// each such chain instantiated its own iterator adapters (~3 KB of wasm in all).

fn list<T>(o: &Map, k: &str, f: fn(&Json) -> Option<T>) -> Option<Vec<T>> {
    let mut out = Vec::new();
    for x in field(o, k)?.as_array()? {
        out.push(f(x)?);
    }
    Some(out)
}

/// An object of counts (`refused`, `unconfirmed`).
fn counts_of(v: &Json) -> Option<SmallMap<String, u64>> {
    let mut out = SmallMap::new();
    for (k, n) in v.as_object()? {
        out.insert(k.clone(), n.as_u64()?);
    }
    Some(out)
}

impl WireBatch {
    /// Reads a batch (as its `Serialize` derive writes it) from a [`Json`]; `None` if any
    /// required part is missing or has the wrong type.
    pub fn from_value(v: &Json) -> Option<WireBatch> {
        let o = v.as_object()?;
        let w = field(o, "window")?.as_object()?;
        let d = field(o, "dropped")?.as_object()?;
        let refused = counts_of(field(o, "refused")?)?;
        Some(WireBatch {
            v: u32_of(o, "v")?,
            batch_id: str_of(o, "batchId")?,
            window: Window {
                start: str_of(w, "start")?,
                end: str_of(w, "end")?,
            },
            counts: list(o, "counts", WireCount::from_value)?,
            latency: list(o, "latency", WireLatency::from_value)?,
            dropped: Dropped {
                events: u64_of(d, "events")?,
                rows: u64_of(d, "rows")?,
                corrupt: u64_of(d, "corrupt")?,
                rejected: u64_of(d, "rejected")?,
            },
            refused,
            // absent in documents stored before it existed
            unconfirmed: match field(o, "unconfirmed") {
                None => SmallMap::new(),
                Some(u) => counts_of(u)?,
            },
        })
    }
}

impl WireCount {
    fn from_value(v: &Json) -> Option<WireCount> {
        let o = v.as_object()?;
        let mut props = SmallMap::new();
        for (k, p) in field(o, "props")?.as_object()? {
            props.insert(k.clone(), p.as_str()?.to_owned());
        }
        Some(WireCount {
            event: str_of(o, "event")?,
            props,
            minute: str_of(o, "minute")?,
            n: u64_of(o, "n")?,
        })
    }
}

impl WireLatency {
    fn from_value(v: &Json) -> Option<WireLatency> {
        let o = v.as_object()?;
        Some(WireLatency {
            endpoint: str_of(o, "endpoint")?,
            source: str_of(o, "source")?,
            buckets: list(o, "buckets", WireBucket::from_value)?,
            count: u64_of(o, "count")?,
            p50: f64_of(o, "p50")?,
            p90: f64_of(o, "p90")?,
            p99: f64_of(o, "p99")?,
        })
    }
}

impl WireBucket {
    fn from_value(v: &Json) -> Option<WireBucket> {
        let o = v.as_object()?;
        let le = match field(o, "le") {
            None | Some(Json::Null) => None,
            Some(x) => Some(u32::try_from(x.as_u64()?).ok()?),
        };
        Some(WireBucket {
            le,
            n: u64_of(o, "n")?,
        })
    }
}

// Writing a batch: by hand, byte for byte what the `Serialize` derives
// above write (`crate::json_write`; the test below checks it).

impl ToJson for WireBatch {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.uint("v", u64::from(self.v))
            .str("batchId", &self.batch_id)
            .field("window", &self.window)
            .field("counts", &self.counts)
            .field("latency", &self.latency)
            .field("dropped", &self.dropped)
            .field("unconfirmed", &self.unconfirmed)
            .field("refused", &self.refused)
            .end();
    }
}

impl ToJson for Window {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("start", &self.start)
            .str("end", &self.end)
            .end();
    }
}

impl ToJson for WireCount {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("event", &self.event)
            .field("props", &self.props)
            .str("minute", &self.minute)
            .uint("n", self.n)
            .end();
    }
}

impl ToJson for WireLatency {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("endpoint", &self.endpoint)
            .str("source", &self.source)
            .field("buckets", &self.buckets)
            .uint("count", self.count)
            .float("p50", self.p50)
            .float("p90", self.p90)
            .float("p99", self.p99)
            .end();
    }
}

impl ToJson for WireBucket {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        match self.le {
            Some(le) => o.uint("le", u64::from(le)),
            None => o.null("le"),
        }
        .uint("n", self.n)
        .end();
    }
}

impl ToJson for Dropped {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .uint("events", self.events)
            .uint("rows", self.rows)
            .uint("corrupt", self.corrupt)
            .uint("rejected", self.rejected)
            .end();
    }
}

/// Minutes since the Unix epoch → `YYYY-MM-DDTHH:MM:00Z`.
pub fn iso_minute(minute: u32) -> String {
    let days = i64::from(minute / 1440);
    let m = minute % 1440;
    let (y, mo, d) = civil_from_days(days);
    let mut s = String::with_capacity(20);
    for (n, width, after) in [
        (y.unsigned_abs(), 4, "-"),
        (mo.unsigned_abs(), 2, "-"),
        (d.unsigned_abs(), 2, "T"),
        (u64::from(m / 60), 2, ":"),
        (u64::from(m % 60), 2, ":00Z"),
    ] {
        crate::digits::push_dec(&mut s, n, width);
        s.push_str(after);
    }
    s
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
    let num = |r: std::ops::Range<usize>| crate::digits::parse_i64(s.get(r)?);
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

    fn sample() -> WireBatch {
        WireBatch {
            v: WIRE_VERSION,
            batch_id: "0123456789abcdef0123456789abcdef".into(),
            window: Window {
                start: iso_minute(10),
                end: iso_minute(11),
            },
            counts: vec![WireCount {
                event: "page_view".into(),
                props: [("page".to_owned(), "/pricing".to_owned())]
                    .into_iter()
                    .collect(),
                minute: iso_minute(10),
                n: 3,
            }],
            latency: vec![WireLatency {
                endpoint: "chat".into(),
                source: "server".into(),
                buckets: vec![
                    WireBucket { le: Some(50), n: 2 },
                    WireBucket { le: None, n: 1 },
                ],
                count: 3,
                p50: 40.5,
                p90: 70.0,
                p99: 90.0,
            }],
            dropped: Dropped {
                events: 1,
                rows: 2,
                corrupt: 3,
                rejected: 4,
            },
            refused: [("pii_email".to_owned(), 5)].into_iter().collect(),
            unconfirmed: [("fedcba9876543210fedcba9876543210".to_owned(), 40)]
                .into_iter()
                .collect(),
        }
    }

    #[test]
    fn batches_are_written_as_the_derive_writes_them() {
        let mut b = sample();
        assert_eq!(b.to_json(), serde_json::to_string(&b).unwrap());
        b.latency[0].p50 = f64::NAN;
        b.counts[0].props.insert("q\"\n".into(), "\u{1}é".into());
        b.refused = SmallMap::new();
        assert_eq!(b.to_json(), serde_json::to_string(&b).unwrap());
    }

    /// serde_json's value read into the crate's.
    fn ours(v: &serde_json::Value) -> Json {
        crate::json::parse(&v.to_string()).expect("JSON text")
    }

    #[test]
    fn batches_read_back_what_was_written_and_refuse_wrong_types() {
        let b = sample();
        let v = serde_json::to_value(&b).expect("serialises");
        assert_eq!(WireBatch::from_value(&ours(&v)), Some(b));
        for (path, bad) in [
            ("/counts/0/n", serde_json::json!(-1)),
            ("/counts/0/props/page", serde_json::json!(7)),
            (
                "/latency/0/buckets/0/le",
                serde_json::json!(5_000_000_000u64),
            ),
            ("/dropped/rows", serde_json::json!("2")),
            ("/refused/pii_email", serde_json::json!(null)),
            ("/v", serde_json::json!(1.5)),
        ] {
            let mut v = v.clone();
            *v.pointer_mut(path).expect("path exists") = bad;
            assert_eq!(WireBatch::from_value(&ours(&v)), None, "{path}");
        }
        let mut v = v.clone();
        v.as_object_mut().map(|o| o.remove("window"));
        assert_eq!(WireBatch::from_value(&ours(&v)), None);
    }
}
