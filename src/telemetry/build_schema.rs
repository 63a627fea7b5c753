//! Build-time generator for the telemetry event schema: reads
//! `src/telemetry/events.json` and writes `telemetry_schema.rs` (static
//! tables of events, prop keys, closed value sets and bucket labels) to
//! OUT_DIR, which `telemetry::schema` includes, and `telemetry.d.ts` (the
//! event names, bucket labels and props as TypeScript), which the JS
//! `Telemetry` declares. A prop `"vocab:<set>"` takes its values from that
//! set of `src/vocab/vocab.txt`. Malformed data fails the build.

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
    let mut ts = String::new();
    let mut ts_events = String::new();
    let mut ts_props = String::new();
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
        writeln!(
            ts,
            "/** Bucket labels of the `{name}` scale ({unit}). */\nexport type TelemetryBucket{} = {};",
            camel(name),
            union(labels.iter().map(String::as_str))
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
        writeln!(ts_events, "  | {name:?}").ok();
        writeln!(ts_props, "  {name}: {{").ok();
        for (key, kind) in props {
            let one_of = |vals: Vec<&str>| {
                let t = union(vals.iter().copied());
                (format!("PropKind::OneOf(&{vals:?})"), t)
            };
            let (kind, t) = match kind {
                serde_json::Value::Array(vals) => one_of(
                    vals.iter()
                        .map(|v| v.as_str().unwrap_or_else(|| fail("value")))
                        .collect(),
                ),
                serde_json::Value::String(s) if s == "path" => {
                    ("PropKind::Path".to_owned(), "string".to_owned())
                }
                serde_json::Value::String(s) if s == "histogram" => {
                    ("PropKind::LatencyHistogram".to_owned(), "number".to_owned())
                }
                serde_json::Value::String(s) => {
                    if let Some(set) = s.strip_prefix("vocab:") {
                        one_of(crate::vocab::values(set).unwrap_or_else(|| {
                            fail(&format!(
                                "{name}.{key}: no set [{set}] in src/vocab/vocab.txt"
                            ))
                        }))
                    } else {
                        match s.strip_prefix("bucket:") {
                            Some(b) if buckets.contains_key(b) => (
                                format!("PropKind::Bucket(&B_{})", b.to_uppercase()),
                                format!("number | TelemetryBucket{}", camel(b)),
                            ),
                            _ => fail(&format!("{name}.{key}: unknown kind {s}")),
                        }
                    }
                }
                _ => fail(&format!("{name}.{key}: bad kind")),
            };
            writeln!(out, "        PropDef {{ key: {key:?}, kind: {kind} }},").ok();
            writeln!(ts_props, "    {key}?: {t};").ok();
        }
        writeln!(out, "    ] }},").ok();
        writeln!(ts_props, "  }};").ok();
    }
    writeln!(out, "];").ok();
    let ts = format!(
        "\n/** Every event `Telemetry.track` accepts. */\nexport type TelemetryEventName =\n{ts_events};\n\n{ts}\n\
         /** The props each event accepts; every prop is optional. Numbers given for bucketed props are coarsened to their bucket; `page` is a path (query, fragment and ids are stripped). */\n\
         export interface TelemetryEventProps {{\n{ts_props}}}\n",
        ts_events = ts_events.trim_end()
    );
    let dir = std::env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR"));
    let dir = std::path::Path::new(&dir);
    for (file, text) in [("telemetry_schema.rs", out), ("telemetry.d.ts", ts)] {
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| fail(&e.to_string()));
    }
}

/// A TypeScript union of string literals.
fn union<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// `hours_per_week` → `HoursPerWeek`.
fn camel(name: &str) -> String {
    crate::vocab::camel(name)
}

/// The most props one event may declare (keys are kept in a fixed array).
const MAX_PROPS: usize = 8;
