//! Every batch the telemetry core produces validates against the JSON Schema
//! the backend uses (`src/telemetry/wire.schema.json`, read as data), the
//! README example validates too, and the schema's per-event props match the
//! event schema (`events.json`).
#![cfg(not(target_arch = "wasm32"))]

#[path = "telemetry_support/json_schema.rs"]
mod json_schema;

use levqor_wasm::json;
use levqor_wasm::platform::{ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::schema::{PropKind, EVENTS};
use levqor_wasm::telemetry::{Options, Outgoing, SendMode, Telemetry};
use serde_json::Value;

const SCHEMA: &str = include_str!("../src/telemetry/wire.schema.json");
const EXAMPLE: &str = include_str!("../src/telemetry/wire.example.json");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("schema is JSON")
}

fn assert_valid(body: &str) {
    let root = schema();
    let v: Value = serde_json::from_str(body).expect("body is JSON");
    let mut errors = Vec::new();
    json_schema::validate(&root, &root, &v, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}\nin {body}");
}

#[test]
fn validator_rejects_what_it_should() {
    let root = schema();
    let mut bad: Value = serde_json::from_str(EXAMPLE).expect("example");
    bad["counts"][0]["props"]["page"] = serde_json::json!("/users/Jo Smith");
    bad["counts"][1]["props"]["outcome"] = serde_json::json!("exploded");
    bad["batchId"] = serde_json::json!("not-hex");
    bad["userId"] = serde_json::json!("u1");
    bad["window"]["start"] = serde_json::json!("2026-11-22T09:41:17Z");
    let mut errors = Vec::new();
    json_schema::validate(&root, &root, &bad, "$", &mut errors);
    let text = errors.join("\n");
    for needle in [
        "counts[0]",
        "counts[1]",
        "batchId",
        "userId",
        "window.start",
    ] {
        assert!(text.contains(needle), "{needle} not flagged in:\n{text}");
    }
}

#[test]
fn readme_example_is_valid() {
    assert_valid(EXAMPLE);
}

#[test]
fn schema_props_match_the_event_schema() {
    let root = schema();
    let variants = root["$defs"]["count"]["oneOf"].as_array().expect("oneOf");
    assert_eq!(variants.len(), EVENTS.len());
    for def in EVENTS {
        let v = variants
            .iter()
            .find(|v| v["properties"]["event"]["const"] == def.name)
            .unwrap_or_else(|| panic!("{} missing from wire schema", def.name));
        let props = v["properties"]["props"]["properties"]
            .as_object()
            .expect("props");
        let counted: Vec<_> = def
            .props
            .iter()
            .filter(|p| !matches!(p.kind, PropKind::LatencyHistogram))
            .collect();
        assert_eq!(props.len(), counted.len(), "{}", def.name);
        for p in counted {
            let s = &props[p.key];
            match p.kind {
                PropKind::OneOf(set) => {
                    assert_eq!(s["enum"], serde_json::json!(set), "{}.{}", def.name, p.key)
                }
                PropKind::Bucket(b) => {
                    assert_eq!(
                        s["enum"],
                        serde_json::json!(b.labels),
                        "{}.{}",
                        def.name,
                        p.key
                    )
                }
                PropKind::Path => assert_eq!(s["$ref"], "#/$defs/path"),
                PropKind::LatencyHistogram => unreachable!(),
            }
        }
    }
}

type Core<'a> = Telemetry<&'a ManualClock, &'a MemoryStore, SeqRandom>;

fn core<'a>(clock: &'a ManualClock, store: &'a MemoryStore, opts: Options) -> Core<'a> {
    Telemetry::new(opts, clock, store, SeqRandom::new(42))
}

fn drive(t: &mut Core<'_>, clock: &ManualClock) {
    let pages = [
        "/pricing",
        "/workflows/8f3a9c1e7b2d4f60/edit?x=1",
        "/help",
        "/",
    ];
    for i in 0..2_000u32 {
        clock.advance(1_700.0);
        let page = pages[(i % 4) as usize];
        t.track(&json!("ai_request"), &json!({"endpoint": "chat", "source": "fallback", "query_length": i % 600, "page": page}));
        t.track(
            &json!("roi_calculated"),
            &json!({"hours_per_week": i % 169, "hourly_rate": 35.5, "currency": "GBP"}),
        );
        t.api_call(
            ["chat", "workflow", "debug", "health"][(i % 4) as usize],
            ["server", "fallback"][(i % 2) as usize],
            "ok",
            Some(f64::from(i % 5000)),
        );
        t.track(&json!("feedback"), &json!({"topic": "jo@example.com"}));
        t.track(&json!("nope"), &json!({}));
        t.track(
            &json!("onboarding_step"),
            &json!({"step": "invite_team", "action": "completed"}),
        );
    }
}

#[test]
fn every_produced_batch_validates() {
    let clock = ManualClock::new(1_763_800_000_000.0);
    let store = MemoryStore::new();
    let mut t = core(
        &clock,
        &store,
        Options {
            max_body_bytes: 4_096,
            max_stored_bytes: 16_384,
            ..Options::default()
        },
    );
    drive(&mut t, &clock);
    let mut bodies: Vec<Outgoing> = t.flush();
    bodies.extend(t.page_hide());
    assert!(
        bodies.len() > 1,
        "the small body limit forces several batches"
    );
    for o in &bodies {
        assert!(o.body.len() <= 4_096, "{} bytes", o.body.len());
        assert_valid(&o.body);
    }
    // Fail them all, then take the retry sends as well.
    for o in &bodies {
        t.on_result(&o.batch_id, 503, Some("1"));
    }
    clock.advance(5_000.0);
    for o in t.take_sends(SendMode::Due) {
        assert_valid(&o.body);
    }
    // The stored document's batches validate too.
    let stored: Value = serde_json::from_str(&store.get_raw()).expect("stored JSON");
    for b in stored["outbox"].as_array().expect("outbox") {
        assert_valid(&b["batch"].to_string());
    }
}

trait Raw {
    fn get_raw(&self) -> String;
}
impl Raw for MemoryStore {
    fn get_raw(&self) -> String {
        use levqor_wasm::platform::KeyValueStore;
        self.get("levqor:telemetry").expect("stored")
    }
}

#[test]
fn typescript_types_list_every_event_and_value() {
    let ts = include_str!(concat!(env!("OUT_DIR"), "/telemetry.d.ts"));
    let start = ts
        .find("export type TelemetryEventName")
        .expect("TS section");
    let ts = &ts[start..];
    for def in EVENTS {
        let block_start = ts
            .find(&format!("  {}: {{", def.name))
            .unwrap_or_else(|| panic!("{} has no props type", def.name));
        let block = &ts[block_start..];
        let block = &block[..block.find("  };").expect("end of block")];
        assert!(
            ts.contains(&format!("| \"{}\"", def.name)),
            "{} not in the union",
            def.name
        );
        for p in def.props {
            assert!(
                block.contains(&format!("    {}?:", p.key)),
                "{}.{} untyped",
                def.name,
                p.key
            );
            if let PropKind::OneOf(set) = p.kind {
                for v in set {
                    assert!(
                        block.contains(&format!("\"{v}\"")),
                        "{}.{} lacks {v}",
                        def.name,
                        p.key
                    );
                }
            }
        }
    }
    let ts = include_str!(concat!(env!("OUT_DIR"), "/vocab.d.ts"));
    for r in levqor_wasm::telemetry::Reason::ALL {
        assert!(
            ts.contains(&format!("\"{}\"", r.as_str())),
            "reason {r:?} untyped"
        );
    }
}
