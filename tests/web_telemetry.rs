//! Browser tests of the `Telemetry` class: localStorage persistence across a
//! simulated reload (destroy, then a new instance on the same storage key),
//! flushing on `pagehide` and on `visibilitychange` to hidden, listener
//! removal on `destroy()`, and hostile arguments.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::telemetry::{TelemetryOptionsJs, WebTelemetry};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

fn opts(key: &str, log: &str, status: u16) -> TelemetryOptionsJs {
    opts_js(key, log, status).unchecked_into()
}

/// Options whose transport records every request in `globalThis[log]` and
/// answers `status`.
fn opts_js(key: &str, log: &str, status: u16) -> JsValue {
    js(&format!(
        "(globalThis['{log}'] = [], {{ storageKey: '{key}', flushIntervalMs: 3600000, \
         transport: (r) => {{ globalThis['{log}'].push(r); return Promise.resolve({{ status: {status}, retryAfter: null }}); }} }})"
    ))
}

fn sent(log: &str) -> js_sys::Array {
    js(&format!("globalThis['{log}']")).into()
}

fn total_n(body: &str) -> f64 {
    let v = js_sys::JSON::parse(body).expect("JSON body");
    let counts: js_sys::Array = at(&v, "counts").into();
    counts
        .iter()
        .map(|c| at(&c, "n").as_f64().unwrap_or(0.0))
        .sum()
}

#[wasm_bindgen_test]
async fn undelivered_batches_survive_a_reload() {
    js("localStorage.removeItem('t-reload')");
    let t = WebTelemetry::new(Some(opts("t-reload", "log1", 0)));
    for _ in 0..3 {
        let r = t.track(
            js("'onboarding_step'"),
            js("({ step: 'invite_team', action: 'shown' })"),
        );
        assert_eq!(at(&r, "accepted").as_bool(), Some(true));
    }
    let r = t.track(js("'feedback'"), js("({ topic: 'jo@example.com' })"));
    assert_eq!(at(&r, "reason").as_string().as_deref(), Some("email"));
    let res = JsFuture::from(t.flush()).await.expect("flush resolves");
    assert_eq!(at(&res, "attempted").as_f64(), Some(1.0));
    assert_eq!(at(&res, "delivered").as_f64(), Some(0.0));
    assert_eq!(t.pending(), 3.0);
    let first: js_sys::Array = sent("log1");
    let first_id = at(
        &js_sys::JSON::parse(&at(&first.get(0), "body").as_string().unwrap_or_default())
            .unwrap_or(JsValue::NULL),
        "batchId",
    );
    t.destroy();
    assert!(js("localStorage.getItem('t-reload')")
        .as_string()
        .is_some_and(|s| s.contains("invite_team")));

    // "Reload": a new instance reading the same storage, now with a server that answers.
    let t2 = WebTelemetry::new(Some(opts("t-reload", "log2", 204)));
    assert_eq!(t2.pending(), 3.0);
    let res = JsFuture::from(t2.flush()).await.expect("flush resolves");
    assert_eq!(at(&res, "delivered").as_f64(), Some(1.0));
    assert_eq!(at(&res, "pending").as_f64(), Some(0.0));
    let again = sent("log2");
    assert_eq!(again.length(), 1);
    let body = at(&again.get(0), "body").as_string().unwrap_or_default();
    assert_eq!(total_n(&body), 3.0);
    let parsed = js_sys::JSON::parse(&body).expect("JSON");
    assert_eq!(
        at(&parsed, "batchId"),
        first_id,
        "same batch id: the server dedupes"
    );
    assert_eq!(at(&at(&parsed, "refused"), "email").as_f64(), Some(1.0));
    t2.destroy();
    js("localStorage.removeItem('t-reload')");
}

#[wasm_bindgen_test]
fn page_hide_and_hidden_visibility_flush_with_keepalive() {
    js("localStorage.removeItem('t-hide')");
    let t = WebTelemetry::new(Some(opts("t-hide", "log3", 204)));
    t.track(
        js("'exit_intent_shown'"),
        js("({ reason: 'pointer_exit', page: '/pricing?utm=x' })"),
    );
    js("window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }))");
    let log = sent("log3");
    assert_eq!(log.length(), 1, "sent synchronously inside pagehide");
    assert_eq!(at(&log.get(0), "keepalive").as_bool(), Some(true));
    assert_eq!(
        at(&log.get(0), "url").as_string().as_deref(),
        Some("/api/telemetry/events")
    );
    let body = at(&log.get(0), "body").as_string().unwrap_or_default();
    assert!(body.contains("\"page\":\"/pricing\""), "{body}");

    t.track(
        js("'exit_intent_converted'"),
        js("({ reason: 'pointer_exit', action: 'start_trial' })"),
    );
    js("Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true })");
    js("document.dispatchEvent(new Event('visibilitychange'))");
    js("delete document.visibilityState");
    let log = sent("log3");
    assert!(log.length() >= 2, "visibilitychange to hidden flushes");
    let last = log.get(log.length() - 1);
    assert_eq!(at(&last, "keepalive").as_bool(), Some(true));
    assert!(at(&last, "body")
        .as_string()
        .is_some_and(|b| b.contains("exit_intent_converted")));

    // After destroy, no listener is left.
    t.destroy();
    let before = sent("log3").length();
    js("window.dispatchEvent(new PageTransitionEvent('pagehide'))");
    assert_eq!(sent("log3").length(), before);
    let r = t.track(js("'feedback'"), js("({ rating: 'up' })"));
    assert_eq!(at(&r, "reason").as_string().as_deref(), Some("destroyed"));
    js("localStorage.removeItem('t-hide')");
}

#[wasm_bindgen_test]
fn hostile_arguments_never_throw() {
    let t = WebTelemetry::new(Some(
        js("({ storageKey: 't-hostile', flushIntervalMs: NaN, maxBatchEvents: -5, transport: 42 })")
            .unchecked_into(),
    ));
    let cases = [
        ("undefined", "undefined"),
        ("null", "null"),
        ("'api_call'", "'chat'"),
        ("'api_call'", "({ latency: NaN, endpoint: 'chat' })"),
        ("'ai_request'", "({ page: 'x'.repeat(10 * 1024 * 1024) })"),
        ("'ai_request'", "({ page: '\\uD800/pricing' })"),
        ("Symbol('x')", "({})"),
        (
            "'ai_request'",
            "(() => { const o = {}; o.self = o; return { endpoint: o }; })()",
        ),
    ];
    for (e, p) in cases {
        let r = t.track(js(e), js(p));
        assert_eq!(at(&r, "accepted").as_bool(), Some(false), "{e} {p}");
        assert!(at(&r, "reason").as_string().is_some(), "{e} {p}");
    }
    // A getter that throws is skipped (the value is never read): no exception.
    let r = t.track(
        js("'ai_request'"),
        js("({ get endpoint() { throw new Error('boom') } })"),
    );
    assert!(at(&r, "accepted").as_bool().is_some());
    assert!(at(&t.stats(), "refused").is_object());
    t.destroy();
    // No options at all, and a non-object: defaults.
    for o in [
        None,
        Some(js("'nope'").unchecked_into()),
        Some(js("null").unchecked_into()),
    ] {
        let d = WebTelemetry::new(o);
        assert_eq!(d.pending(), 0.0);
        d.destroy();
    }
    js("localStorage.removeItem('t-hostile')");
}

#[wasm_bindgen_test]
async fn the_rust_api_records_api_calls_into_the_same_instance() {
    js("localStorage.removeItem('t-rust')");
    let t = WebTelemetry::new(Some(opts("t-rust", "log4", 204)));
    let shared = t.clone(); // what the bridge keeps
    let r = shared.record_api_call("chat", "server", "timeout", Some(15_000.0));
    assert!(r.accepted);
    assert!(
        !shared
            .record_api_call("chat", "server", "exploded", None)
            .accepted
    );
    assert_eq!(t.pending(), 1.0);
    JsFuture::from(t.flush()).await.expect("flush resolves");
    let log = sent("log4");
    let body = at(&log.get(0), "body").as_string().unwrap_or_default();
    assert!(body.contains("\"outcome\":\"timeout\""), "{body}");
    assert!(
        body.contains("\"latency\":[{\"endpoint\":\"chat\""),
        "{body}"
    );
    t.destroy();
    assert!(
        !shared
            .record_api_call("chat", "server", "ok", None)
            .accepted
    );
    js("localStorage.removeItem('t-rust')");
}

#[wasm_bindgen_test]
fn the_accepted_answer_is_frozen_and_refusals_are_their_own_objects() {
    js("localStorage.removeItem('t-frozen')");
    let t = WebTelemetry::new(Some(opts("t-frozen", "log5", 204)));
    let props = || js("({ rating: 'up', endpoint: 'chat', topic: 'pricing' })");
    let a = t.track(js("'feedback'"), props());
    let b = t.track(js("'feedback'"), props());
    assert_eq!(at(&a, "accepted").as_bool(), Some(true));
    assert!(js_sys::Object::is_frozen(
        a.unchecked_ref::<js_sys::Object>()
    ));
    // A caller writing to it cannot change what the next call answers.
    let _ = js_sys::Reflect::set(&a, &"accepted".into(), &JsValue::FALSE);
    assert_eq!(at(&b, "accepted").as_bool(), Some(true));
    let r = t.track(js("'feedback'"), js("({ rating: 'jo@example.com' })"));
    assert_eq!(at(&r, "accepted").as_bool(), Some(false));
    assert_eq!(at(&r, "reason").as_string().as_deref(), Some("email"));
    assert_eq!(at(&t.stats(), "accepted").as_f64(), Some(2.0));
    t.destroy();
    js("localStorage.removeItem('t-frozen')");
}
