//! The JS `Assistant`'s `workflow` and `debug` methods in a browser: typed
//! shapes, schedule/cron and signals survive the conversion, bad input is
//! answered with error objects (never a throw).
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::assistant::Assistant;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn workflow_backup_with_cron() {
    let a = Assistant::new();
    let r = a.workflow(js("({ query: 'every night back up Dropbox to S3' })"));
    assert_eq!(at(&r, "success").as_bool(), Some(true));
    assert_eq!(
        at(&r, "meta.pattern").as_string().as_deref(),
        Some("backup")
    );
    assert_eq!(
        at(&r, "steps.0.type").as_string().as_deref(),
        Some("trigger")
    );
    assert_eq!(
        at(&r, "steps.0.schedule.cron").as_string().as_deref(),
        Some("0 2 * * *")
    );
    assert_eq!(
        at(&r, "steps.2.app").as_string().as_deref(),
        Some("Amazon S3")
    );
    // absent optional fields are absent, not null
    assert!(at(&r, "steps.1.schedule").is_undefined());
}

#[wasm_bindgen_test]
fn debug_signals_and_category() {
    let a = Assistant::new();
    let r = a.debug(js(
        "({ error: 'HTTP/1.1 429 Too Many Requests from Slack' })",
    ));
    assert_eq!(
        at(&r, "meta.category").as_string().as_deref(),
        Some("rate_limit")
    );
    assert_eq!(at(&r, "meta.signals.httpStatus").as_f64(), Some(429.0));
    assert!(js_sys::Array::is_array(&at(&r, "steps")));
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_object() {
    let a = Assistant::new();
    for src in [
        "null",
        "42",
        "({ query: 7 })",
        "({ query: 'x'.repeat(10_000_000) })",
        "({ query: '\\ud800' })",
    ] {
        let r = a.workflow(js(src));
        assert_eq!(at(&r, "success").as_bool(), Some(false), "{src}");
        assert!(at(&r, "code").as_string().is_some(), "{src}");
    }
    let r = a.debug(js("({ query: 'HTTP 500 error' })"));
    assert_eq!(at(&r, "code").as_string().as_deref(), Some("query_missing"));
}
