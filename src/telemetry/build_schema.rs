//! Build-time generator for the telemetry event schema: reads
//! `src/telemetry/events.json` and writes `telemetry_schema.rs` (static
//! tables of events, prop keys, closed value sets and bucket labels) to
//! OUT_DIR, which `telemetry::schema` includes. Malformed data fails the build.

use std::fmt::Write as _;

const SRC: &str = "src/telemetry/events.json";

fn fail(msg: &str) -> ! {
    panic!("{SRC}: {msg}")
}

fn edge_label(edges: &[f64], i: usize) -> String {
    let lo = edges[i];
    match edges.get(i + 1) {
        Some(hi) if *hi - 1.0 == lo => format!("{lo}"),
        Some(hi) => format!("{}-{}", lo, hi - 1.0),
        None => format!("{lo}+"),
    }
}

/// Generates the schema tables into `$OUT_DIR/telemetry_schema.rs`.
pub fn generate() {
    println!("cargo:rerun-if-changed={SRC}");
    let text = std::fs::read_to_string(SRC).unwrap_or_else(|e| fail(&e.to_string()));
    let doc: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| fail(&e.to_string()));
    let version = doc["version"].as_u64().unwrap_or_else(|| fail("version"));
    let mut out = String::new();
    writeln!(out, "/// Version of the event schema (`v` on the wire).").ok();
    writeln!(out, "pub const SCHEMA_VERSION: u32 = {version};").ok();
    let buckets = doc["buckets"]
        .as_object()
        .unwrap_or_else(|| fail("buckets"));
    let mut bucket_names = Vec::new();
    for (name, b) in buckets {
        let edges: Vec<f64> = b["edges"]
            .as_array()
            .unwrap_or_else(|| fail("edges"))
            .iter()
            .map(|e| e.as_f64().unwrap_or_else(|| fail("edge")))
            .collect();
        if edges.is_empty()
            || edges.windows(2).any(|w| w[0] >= w[1])
            || edges.iter().any(|e| e.fract() != 0.0)
        {
            fail(&format!("bucket {name}: edges must be ascending integers"));
        }
        let max = b["max"].as_f64().unwrap_or_else(|| fail("max"));
        let unit = b["unit"].as_str().unwrap_or_else(|| fail("unit"));
        let labels: Vec<String> = (0..edges.len()).map(|i| edge_label(&edges, i)).collect();
        writeln!(
            out,
            "static B_{}: Buckets = Buckets {{ name: {:?}, unit: {:?}, edges: &{:?}, labels: &{:?}, max: {:?} }};",
            name.to_uppercase(),
            name,
            unit,
            edges,
            labels,
            max
        )
        .ok();
        bucket_names.push(name.clone());
    }
    writeln!(out, "/// Every coarse bucket scale, by name.").ok();
    writeln!(
        out,
        "pub static BUCKETS: &[&Buckets] = &[{}];",
        bucket_names
            .iter()
            .map(|n| format!("&B_{}", n.to_uppercase()))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .ok();
    writeln!(
        out,
        "/// The closed set of events, sorted by name, props sorted by key."
    )
    .ok();
    writeln!(out, "pub static EVENTS: &[EventDef] = &[").ok();
    let events = doc["events"].as_object().unwrap_or_else(|| fail("events"));
    for (name, props) in events {
        let props = props.as_object().unwrap_or_else(|| fail("props"));
        if props.len() > MAX_PROPS {
            fail(&format!("{name}: at most {MAX_PROPS} props"));
        }
        writeln!(out, "    EventDef {{ name: {name:?}, props: &[").ok();
        for (key, kind) in props {
            let kind = match kind {
                serde_json::Value::Array(vals) => {
                    let vals: Vec<&str> = vals
                        .iter()
                        .map(|v| v.as_str().unwrap_or_else(|| fail("value")))
                        .collect();
                    format!("PropKind::OneOf(&{vals:?})")
                }
                serde_json::Value::String(s) if s == "path" => "PropKind::Path".to_owned(),
                serde_json::Value::String(s) if s == "histogram" => {
                    "PropKind::LatencyHistogram".to_owned()
                }
                serde_json::Value::String(s) => match s.strip_prefix("bucket:") {
                    Some(b) if buckets.contains_key(b) => {
                        format!("PropKind::Bucket(&B_{})", b.to_uppercase())
                    }
                    _ => fail(&format!("{name}.{key}: unknown kind {s}")),
                },
                _ => fail(&format!("{name}.{key}: bad kind")),
            };
            writeln!(out, "        PropDef {{ key: {key:?}, kind: {kind} }},").ok();
        }
        writeln!(out, "    ] }},").ok();
    }
    writeln!(out, "];").ok();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR")))
        .join("telemetry_schema.rs");
    std::fs::write(dest, out).unwrap_or_else(|e| fail(&e.to_string()));
}

/// The most props one event may declare (keys are kept in a fixed array).
const MAX_PROPS: usize = 8;
