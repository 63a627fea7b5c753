//! The OTLP wire format (`telemetry::otlp`): every batch the core produces
//! re-encodes to an `ExportMetricsServiceRequest` that carries the same
//! counts, histograms and loss counters, no string the Levqor batch did not
//! carry, and stays within `BODY_EXPANSION` of the Levqor body. Each
//! document is also written to `target/otlp-samples/`, where
//! `scripts/otlp-check.py` parses it with the official protobuf definitions.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::json;
use levqor_wasm::platform::{ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::histogram::BOUNDS;
use levqor_wasm::telemetry::otlp::{self, BODY_EXPANSION, DEFAULT_SERVICE_NAME};
use levqor_wasm::telemetry::schema::{PropKind, EVENTS};
use levqor_wasm::telemetry::wire::WireBatch;
use levqor_wasm::telemetry::{Options, SendMode, Telemetry};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const T0: f64 = 1_795_000_000_000.0; // 2026-11-18
const EXAMPLE: &str = include_str!("../src/telemetry/wire.example.json");

fn samples_dir() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/otlp-samples");
    std::fs::create_dir_all(&d).expect("create target/otlp-samples");
    d
}

fn save(name: &str, body: &str) {
    std::fs::write(samples_dir().join(format!("{name}.json")), body).expect("write sample");
}

/// Every Levqor body of one scripted session: all events with every prop,
/// latencies, refusals, then a flush.
fn session_bodies(opts: Options, seed: u64, each: usize) -> Vec<String> {
    let clock = ManualClock::new(T0);
    let store = MemoryStore::new();
    let mut t = Telemetry::new(opts, &clock, &store, SeqRandom::new(seed));
    for i in 0..each {
        for def in EVENTS {
            let mut props = levqor_wasm::json::Map::new();
            for p in def.props {
                let v = match p.kind {
                    PropKind::OneOf(vals) => json!(vals[i % vals.len()]),
                    PropKind::Bucket(b) => json!(b.labels[i % b.labels.len()]),
                    PropKind::Path => json!(["/pricing", "/workflows/123/edit", "/"][i % 3]),
                    PropKind::LatencyHistogram => json!((i * 137) % 70_000),
                };
                props.insert(p.key.to_owned(), v);
            }
            assert!(
                t.track(&json!(def.name), &levqor_wasm::json::Json::Object(props))
                    .accepted
            );
        }
        t.track(&json!("ai_request"), &json!({"page": "/u/jo@example.com"}));
        t.track(&json!("no_such_event"), &json!({}));
        if i % 7 == 0 {
            clock.advance(60_000.0);
        }
    }
    t.seal();
    t.take_sends(SendMode::Now)
        .into_iter()
        .map(|o| o.body)
        .collect()
}

fn otlp_of(body: &str) -> Value {
    let out = otlp::from_levqor_body(body, "levqor-test").expect("a Levqor batch re-encodes");
    serde_json::from_str(&out).expect("OTLP is JSON")
}

fn attrs(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v["attributes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|kv| {
                    let s = kv["value"]["stringValue"]
                        .as_str()
                        .expect("string attribute");
                    (kv["key"].as_str().expect("key").to_owned(), s.to_owned())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn metrics(doc: &Value) -> &Vec<Value> {
    doc["resourceMetrics"][0]["scopeMetrics"][0]["metrics"]
        .as_array()
        .expect("metrics")
}

fn metric<'a>(doc: &'a Value, name: &str) -> Option<&'a Value> {
    metrics(doc).iter().find(|m| m["name"] == name)
}

fn nanos(iso: &str) -> String {
    let m = levqor_wasm::telemetry::wire::parse_iso_minute(iso).expect("iso minute");
    (u64::from(m) * 60_000_000_000).to_string()
}

/// Checks that `doc` says what `levqor` says, and nothing else.
fn assert_same_content(levqor: &Value, doc: &Value) {
    let ours = levqor_wasm::json::parse(&levqor.to_string()).expect("JSON");
    let b = WireBatch::from_value(&ours).expect("Levqor batch");
    // Resource: service, SDK, the batch id.
    let res = attrs(&doc["resourceMetrics"][0]["resource"]);
    for (k, v) in [
        ("service.name", "levqor-test"),
        ("telemetry.sdk.name", "levqor-wasm"),
        ("telemetry.sdk.language", "webjs"),
        ("telemetry.sdk.version", levqor_wasm::VERSION),
        ("levqor.batch_id", b.batch_id.as_str()),
    ] {
        assert!(
            res.contains(&(k.to_owned(), v.to_owned())),
            "{k}={v} in {res:?}"
        );
    }
    // Counts: each row is one data point of its event's delta monotonic Sum.
    let mut points = 0;
    for c in &b.counts {
        let m = metric(doc, &format!("levqor.{}", c.event)).expect("a metric per event");
        assert_eq!(m["sum"]["aggregationTemporality"], 1, "delta");
        assert_eq!(m["sum"]["isMonotonic"], true);
        let want: Vec<(String, String)> = c
            .props
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let start = nanos(&c.minute);
        let p = m["sum"]["dataPoints"]
            .as_array()
            .expect("points")
            .iter()
            .find(|p| attrs(p) == want && p["startTimeUnixNano"] == start.as_str())
            .unwrap_or_else(|| panic!("no point for {c:?}"));
        assert_eq!(p["asInt"], c.n.to_string());
        let end: u64 = p["timeUnixNano"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .expect("end");
        assert_eq!(end, start.parse::<u64>().expect("start") + 60_000_000_000);
    }
    for m in metrics(doc) {
        let name = m["name"].as_str().expect("name");
        if name.starts_with("levqor.")
            && m.get("sum").is_some()
            && !name.starts_with("levqor.telemetry.")
        {
            points += m["sum"]["dataPoints"].as_array().map_or(0, Vec::len);
        }
    }
    assert_eq!(
        points,
        b.counts.len(),
        "no data point the batch did not count"
    );
    // Latency: same totals per bucket.
    for l in &b.latency {
        let h = metric(doc, "levqor.api.latency").expect("latency histogram");
        assert_eq!(h["histogram"]["aggregationTemporality"], 1);
        let want = vec![
            ("endpoint".to_owned(), l.endpoint.clone()),
            ("source".to_owned(), l.source.clone()),
        ];
        let p = h["histogram"]["dataPoints"]
            .as_array()
            .expect("points")
            .iter()
            .find(|p| attrs(p) == want)
            .expect("a point per endpoint and source");
        assert_eq!(p["count"], l.count.to_string());
        let bounds: Vec<f64> = p["explicitBounds"]
            .as_array()
            .expect("bounds")
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        assert_eq!(
            bounds,
            BOUNDS.iter().map(|b| f64::from(*b)).collect::<Vec<_>>()
        );
        let counts: Vec<u64> = p["bucketCounts"]
            .as_array()
            .expect("counts")
            .iter()
            .filter_map(|c| c.as_str()?.parse().ok())
            .collect();
        assert_eq!(counts.len(), BOUNDS.len() + 1);
        for bk in &l.buckets {
            let i = bk.le.map_or(BOUNDS.len(), |le| {
                BOUNDS.iter().position(|x| *x == le).expect("a bound")
            });
            assert_eq!(counts[i], bk.n);
        }
        assert_eq!(counts.iter().sum::<u64>(), l.count);
    }
    // Refusals, drops, unconfirmed batches.
    let sum_of = |name: &str, key: &str| -> Vec<(String, u64)> {
        metric(doc, name).map_or_else(Vec::new, |m| {
            m["sum"]["dataPoints"]
                .as_array()
                .expect("points")
                .iter()
                .map(|p| {
                    let a = attrs(p);
                    assert_eq!(a.len(), 1);
                    assert_eq!(a[0].0, key);
                    (
                        a[0].1.clone(),
                        p["asInt"]
                            .as_str()
                            .and_then(|s| s.parse().ok())
                            .expect("asInt"),
                    )
                })
                .collect()
        })
    };
    let refused: Vec<(String, u64)> = b.refused.iter().map(|(k, n)| (k.clone(), *n)).collect();
    assert_eq!(sum_of("levqor.telemetry.refused", "reason"), refused);
    let d = b.dropped;
    let dropped: Vec<(String, u64)> = [
        ("events", d.events),
        ("rows", d.rows),
        ("corrupt", d.corrupt),
        ("rejected", d.rejected),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(sum_of("levqor.telemetry.dropped", "kind"), dropped);
    let unconfirmed: Vec<(String, u64)> =
        b.unconfirmed.iter().map(|(k, n)| (k.clone(), *n)).collect();
    assert_eq!(
        sum_of(
            "levqor.telemetry.unconfirmed",
            "levqor.unconfirmed_batch_id"
        ),
        unconfirmed
    );
    // Privacy: every string in the OTLP document is a string (key or value)
    // of the Levqor batch, a number, or the format's own fixed vocabulary.
    let mut theirs = BTreeSet::new();
    strings(levqor, &mut theirs);
    let mut ours = BTreeSet::new();
    strings(doc, &mut ours);
    let fixed = [
        "resourceMetrics",
        "resource",
        "attributes",
        "key",
        "value",
        "stringValue",
        "scopeMetrics",
        "scope",
        "name",
        "version",
        "metrics",
        "unit",
        "sum",
        "dataPoints",
        "aggregationTemporality",
        "isMonotonic",
        "startTimeUnixNano",
        "timeUnixNano",
        "asInt",
        "histogram",
        "count",
        "bucketCounts",
        "explicitBounds",
        "{event}",
        "ms",
        "1",
        "service.name",
        "levqor-test",
        "telemetry.sdk.name",
        "levqor-wasm",
        "telemetry.sdk.language",
        "webjs",
        "telemetry.sdk.version",
        levqor_wasm::VERSION,
        "levqor.batch_id",
        "levqor.api.latency",
        "levqor.telemetry.refused",
        "levqor.telemetry.dropped",
        "levqor.telemetry.unconfirmed",
        "levqor.unconfirmed_batch_id",
        "reason",
        "kind",
        "endpoint",
        "source",
    ];
    for s in &ours {
        let known = theirs.contains(s)
            || fixed.contains(&s.as_str())
            || s.parse::<u64>().is_ok()
            || s.strip_prefix("levqor.")
                .is_some_and(|e| EVENTS.iter().any(|d| d.name == e));
        assert!(
            known,
            "{s:?} is in the OTLP document but not in the Levqor batch"
        );
    }
}

fn strings(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            out.insert(s.clone());
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => {
            for (k, x) in o {
                out.insert(k.clone());
                strings(x, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_batch_of_a_session_says_the_same_in_otlp() {
    let bodies = session_bodies(Options::default(), 7, 60);
    assert!(!bodies.is_empty());
    for (i, body) in bodies.iter().enumerate() {
        let levqor: Value = serde_json::from_str(body).expect("JSON");
        let doc = otlp_of(body);
        assert_same_content(&levqor, &doc);
        save(
            &format!("session-{i}"),
            &serde_json::to_string(&doc).expect("JSON"),
        );
    }
}

#[test]
fn the_readme_example_and_loss_counters_say_the_same_in_otlp() {
    let mut v: Value = serde_json::from_str(EXAMPLE).expect("example");
    let doc = otlp_of(EXAMPLE);
    assert_same_content(&v, &doc);
    save(
        "readme-example",
        &serde_json::to_string_pretty(&doc).expect("JSON"),
    );
    v["dropped"] = serde_json::json!({"events": 12, "rows": 3, "corrupt": 1, "rejected": 2});
    v["unconfirmed"] = serde_json::json!({"fedcba9876543210fedcba9876543210": 40});
    v["latency"][0]["buckets"] =
        serde_json::json!([{"le": 5, "n": 1}, {"le": 60000, "n": 2}, {"le": null, "n": 14}]);
    let body = v.to_string();
    let doc = otlp_of(&body);
    assert_same_content(&v, &doc);
    save("losses", &serde_json::to_string(&doc).expect("JSON"));
    // An empty batch is a valid request too (a batch holding only refusals).
    let empty = json!({"v": 1, "batchId": "0123456789abcdef0123456789abcdef",
        "window": {"start": "2026-11-22T09:41:00Z", "end": "2026-11-22T09:41:00Z"},
        "counts": [], "latency": [], "dropped": {"events": 0, "rows": 0, "corrupt": 0, "rejected": 0},
        "unconfirmed": {}, "refused": {}});
    let doc = otlp_of(&empty.to_string());
    assert!(metrics(&doc).is_empty());
    save("empty", &doc.to_string());
}

#[test]
fn otlp_bodies_stay_within_the_expansion_bound() {
    // Small caps make many small batches (the worst ratio: fixed overhead per
    // row and a full histogram per endpoint); large caps a few big ones.
    let mut worst = 0.0f64;
    for (cap, each) in [
        (2_048usize, 3usize),
        (4_096, 20),
        (16_000, 60),
        (60_000, 200),
    ] {
        let opts = Options {
            max_body_bytes: cap,
            ..Options::default()
        };
        for body in session_bodies(opts, cap as u64, each) {
            let out = otlp::from_levqor_body(&body, DEFAULT_SERVICE_NAME).expect("re-encodes");
            let ratio = out.len() as f64 / body.len() as f64;
            worst = worst.max(ratio);
            assert!(
                out.len() <= BODY_EXPANSION * body.len(),
                "{} > {BODY_EXPANSION} × {}",
                out.len(),
                body.len()
            );
        }
    }
    println!("worst OTLP/Levqor body ratio: {worst:.2}");
}

#[test]
fn options_choose_the_format_and_a_safe_service_name() {
    assert!(otlp::wants_otlp(&json!({"format": "otlp"})));
    for o in [
        json!({}),
        json!({"format": "OTLP"}),
        json!({"format": 1}),
        json!(null),
        json!("otlp"),
    ] {
        assert!(!otlp::wants_otlp(&o), "{o}");
    }
    assert_eq!(
        otlp::service_name(&json!({"serviceName": "levqor-site"})),
        "levqor-site"
    );
    for o in [
        json!({}),
        json!({"serviceName": ""}),
        json!({"serviceName": " "}),
        json!({"serviceName": "a\nb"}),
        json!({"serviceName": "x".repeat(129)}),
        json!({"serviceName": 3}),
    ] {
        assert_eq!(otlp::service_name(&o), DEFAULT_SERVICE_NAME, "{o}");
    }
    // Whatever the service name holds, the document stays JSON and says it.
    let name = "web \"quoted\" \\ ünï ☃";
    let doc: Value = serde_json::from_str(&otlp::from_levqor_body(EXAMPLE, name).expect("encodes"))
        .expect("JSON");
    let res = attrs(&doc["resourceMetrics"][0]["resource"]);
    assert!(
        res.contains(&("service.name".to_owned(), name.to_owned())),
        "{res:?}"
    );
    assert_eq!(otlp::from_levqor_body("not json", "s"), None);
    assert_eq!(otlp::from_levqor_body("{\"v\":1}", "s"), None);
}
