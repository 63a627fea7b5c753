//! Arbitrary JSON as track() events and props, and arbitrary text as the
//! stored state: never a panic, and nothing refused or accepted ever makes a
//! batch that is not valid JSON.
#![no_main]
use levqor_wasm::platform::{ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::{store, Options, Telemetry};
use libfuzzer_sys::fuzz_target;
use levqor_wasm::json;
use levqor_wasm::json::Json;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = store::load(Some(&text), 1.7e12);
    let kv = MemoryStore::new();
    let _ = levqor_wasm::platform::KeyValueStore::set(&kv, &Options::default().storage_key, &text);
    let mut t = Telemetry::new(Options::default(), ManualClock::new(1.7e12), &kv, SeqRandom::new(3));
    let (event, props) = match std::str::from_utf8(data).ok().and_then(json::parse).ok_or(()) {
        Ok(Json::Array(v)) if v.len() == 2 => (v[0].clone(), v[1].clone()),
        Ok(v) => (json!("ai_request"), v),
        Err(_) => (json!(text), json!({ "page": text })),
    };
    let _ = t.track(&event, &props);
    for out in t.flush() {
        assert!(json::parse(&out.body).is_some());
    }
});
