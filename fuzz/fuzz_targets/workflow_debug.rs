//! Arbitrary bytes as a workflow request and as a debug error (as JSON when
//! they parse, else as the text itself): the workflow grammar and the debug
//! rules index tokens around every app, cue and number they find, so any
//! text must give an answer or a typed error, never a panic.
#![no_main]
use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let parsed = std::str::from_utf8(data).ok().and_then(json::parse);
    let a = Assistant::new(1);
    let wf = parsed.clone().unwrap_or_else(|| json!({ "query": text.as_ref() }));
    if let Ok(r) = a.workflow(&wf) {
        assert!(!r.steps.is_empty());
        assert!((0.0..=1.0).contains(&r.meta.confidence));
        assert_eq!(r.steps.iter().filter(|s| s.kind == "trigger").count(), 1);
    }
    let dbg = parsed.unwrap_or_else(|| json!({ "error": text.as_ref() }));
    if let Ok(r) = a.debug(&dbg) {
        assert!((0.0..=1.0).contains(&r.meta.confidence));
    }
});
