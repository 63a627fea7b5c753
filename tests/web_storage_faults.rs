//! Storage faults in a real browser, for every export that keeps state in
//! Web Storage (Telemetry, ExitIntent, LevqorClient's escalation outbox):
//! localStorage full (`setItem` throws QuotaExceededError), disabled (the
//! `localStorage` getter throws SecurityError), and holding corrupted or
//! other-version data. Nothing throws, each keeps working, keeps in memory
//! what it cannot store, and counts or reports what it had to drop.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use levqor_wasm::web::client::LevqorClient;
use levqor_wasm::web::exit_intent::ExitIntent;
use levqor_wasm::web::telemetry::{TelemetryOptionsJs, WebTelemetry};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

/// Makes every `setItem` throw QuotaExceededError until [`storage_ok`].
fn storage_full() {
    js("(globalThis.__setItem ??= Storage.prototype.setItem, \
         Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); })");
}

/// Makes `window.localStorage` and `sessionStorage` throw on access (as with
/// cookies blocked) until [`storage_ok`].
fn storage_disabled() {
    js("(() => { for (const k of ['localStorage', 'sessionStorage']) { \
            globalThis['__desc_' + k] ??= Object.getOwnPropertyDescriptor(window, k) ?? null; \
            Object.defineProperty(window, k, { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } }); \
        } })()");
    assert!(
        js("(() => { try { localStorage; return false } catch { return true } })()")
            .as_bool()
            .unwrap_or(false),
        "the fixture disables localStorage"
    );
}

/// Undoes [`storage_full`] and [`storage_disabled`].
fn storage_ok() {
    js("(() => { \
        if (globalThis.__setItem) Storage.prototype.setItem = globalThis.__setItem; \
        for (const k of ['localStorage', 'sessionStorage']) { \
            const d = globalThis['__desc_' + k]; \
            if (d === undefined) continue; \
            if (d) Object.defineProperty(window, k, d); else delete window[k]; \
        } })()");
    js("localStorage.setItem('__probe', '1')");
}

/// Telemetry whose transport records each body in `globalThis[log]` and
/// answers `status`.
fn telemetry(key: &str, log: &str, status: u16) -> WebTelemetry {
    let opts: TelemetryOptionsJs = js(&format!(
        "(globalThis['{log}'] = [], {{ storageKey: '{key}', flushIntervalMs: 3600000, \
         transport: (r) => {{ globalThis['{log}'].push(r.body); return Promise.resolve({{ status: {status}, retryAfter: null }}); }} }})"
    ))
    .unchecked_into();
    WebTelemetry::new(Some(opts))
}

fn track_n(t: &WebTelemetry, n: usize) {
    for _ in 0..n {
        let r = t.track(
            js("'onboarding_step'"),
            js("({ step: 'invite_team', action: 'shown' })"),
        );
        assert_eq!(at(&r, "accepted").as_bool(), Some(true));
    }
}

/// Over every body sent: the sum of `n` in `counts`, and of `dropped.corrupt`.
fn delivered(log: &str) -> (f64, f64) {
    let bodies: js_sys::Array = js(&format!("globalThis['{log}']")).into();
    let (mut total, mut corrupt) = (0.0, 0.0);
    for b in bodies.iter() {
        let v = js_sys::JSON::parse(&b.as_string().unwrap_or_default()).expect("JSON body");
        let counts: js_sys::Array = at(&v, "counts").into();
        total += counts
            .iter()
            .map(|c| at(&c, "n").as_f64().unwrap_or(0.0))
            .sum::<f64>();
        corrupt += at(&v, "dropped.corrupt").as_f64().unwrap_or(0.0);
    }
    (total, corrupt)
}

fn num(v: &JsValue, path: &str) -> f64 {
    at(v, path).as_f64().unwrap_or(f64::NAN)
}

#[wasm_bindgen_test]
async fn telemetry_with_storage_full_keeps_events_in_memory_and_counts_failed_writes() {
    js("localStorage.removeItem('sf-full')");
    storage_full();
    let t = telemetry("sf-full", "sf_log1", 200);
    track_n(&t, 25);
    let res = JsFuture::from(t.flush()).await.expect("flush resolves");
    storage_ok();
    assert_eq!(num(&res, "delivered"), 1.0);
    let (n, _) = delivered("sf_log1");
    assert_eq!(
        n, 25.0,
        "every event tracked while storage was full is delivered"
    );
    let stats = t.stats();
    assert!(
        num(&stats, "storageErrors") >= 1.0,
        "failed writes are counted"
    );
    assert_eq!(num(&stats, "dropped.events"), 0.0, "nothing was dropped");
    // still working once storage is back
    track_n(&t, 3);
    assert_eq!(t.pending(), 3.0);
    t.destroy();
}

#[wasm_bindgen_test]
async fn telemetry_with_storage_disabled_still_tracks_and_delivers() {
    storage_disabled();
    let t = telemetry("sf-off", "sf_log2", 200);
    track_n(&t, 10);
    let r = t.track(js("'feedback'"), js("({ topic: 'me@example.com' })"));
    assert_eq!(at(&r, "accepted").as_bool(), Some(false));
    let res = JsFuture::from(t.flush()).await.expect("flush resolves");
    storage_ok();
    assert_eq!(num(&res, "delivered"), 1.0);
    assert_eq!(delivered("sf_log2").0, 10.0);
    assert_eq!(num(&t.stats(), "refused.email"), 1.0);
    t.destroy();
}

#[wasm_bindgen_test]
async fn telemetry_counts_corrupt_and_old_stored_state_and_reports_it() {
    for (i, junk) in [
        "not json at all",
        "{\"v\":1,\"current\":{\"v\":1},\"outbox\":[{\"batch\":7}],\"done\":[]}",
        "{\"v\":0,\"events\":[1,2,3]}",
        "{\"v\":1,\"current\":",
        "[]",
    ]
    .iter()
    .enumerate()
    {
        let key = format!("sf-corrupt-{i}");
        js(&format!("localStorage.setItem('{key}', {junk:?})"));
        let log = format!("sf_log_c{i}");
        let t = telemetry(&key, &log, 200);
        let dropped = num(&t.stats(), "dropped.corrupt");
        assert!(
            dropped >= 1.0,
            "{junk:?}: corrupt state counted ({dropped})"
        );
        track_n(&t, 4);
        JsFuture::from(t.flush()).await.expect("flush resolves");
        let (n, reported) = delivered(&log);
        assert_eq!(n, 4.0, "{junk:?}: new events still delivered");
        assert_eq!(
            reported, dropped,
            "{junk:?}: the loss is reported to the server"
        );
        assert_eq!(
            num(&t.stats(), "dropped.corrupt"),
            0.0,
            "{junk:?}: reported once"
        );
        t.destroy();
        js(&format!("localStorage.removeItem('{key}')"));
    }
}

fn recorder() -> JsValue {
    js("(() => { const calls = []; const f = (r) => calls.push(r); f.calls = calls; return f; })()")
}

fn calls(cb: &JsValue) -> usize {
    js_sys::Array::from(&at(cb, "calls")).length() as usize
}

fn exit_through_top() {
    js("(() => {
        for (const y of [400, 250, 120, 40, 6]) document.dispatchEvent(new MouseEvent('mousemove', { clientX: 500, clientY: y, bubbles: true }));
        document.documentElement.dispatchEvent(new MouseEvent('mouseout', { clientX: 500, clientY: 0, relatedTarget: null, bubbles: true }));
    })()");
}

#[wasm_bindgen_test]
async fn exit_intent_keeps_working_without_storage_and_stays_once_per_page() {
    for fault in ["full", "disabled"] {
        if fault == "full" {
            storage_full();
        } else {
            storage_disabled();
        }
        let cb = recorder();
        let ei = ExitIntent::new(
            js(&format!("({{ minTimeOnPageMs: 0, delayMs: 0, touch: false, suppressDays: 3, storageKey: 'sf-ei-{fault}' }})")),
            cb.clone(),
        );
        exit_through_top();
        TimeoutFuture::new(30).await;
        assert_eq!(calls(&cb), 1, "{fault}: still detects the exit");
        exit_through_top();
        TimeoutFuture::new(30).await;
        assert_eq!(
            calls(&cb),
            1,
            "{fault}: once per page even without sessionStorage"
        );
        ei.mark_dismissed();
        ei.destroy();
        storage_ok();
    }
}

#[wasm_bindgen_test]
async fn exit_intent_ignores_corrupt_suppression_data() {
    for junk in [
        "garbage",
        "1e400",
        "-",
        "{\"until\":5}",
        "99999999999999999999999",
    ] {
        js(&format!(
            "localStorage.setItem('sf-ei-junk:suppressed-until', {junk:?})"
        ));
        js("sessionStorage.removeItem('sf-ei-junk:shown')");
        let cb = recorder();
        let ei = ExitIntent::new(
            js("({ minTimeOnPageMs: 0, delayMs: 0, touch: false, storageKey: 'sf-ei-junk' })"),
            cb.clone(),
        );
        assert!(ei.is_armed(), "{junk:?} does not silence the modal");
        exit_through_top();
        TimeoutFuture::new(30).await;
        assert_eq!(calls(&cb), 1, "{junk:?}");
        ei.destroy();
    }
    js("localStorage.removeItem('sf-ei-junk:suppressed-until')");
    js("sessionStorage.removeItem('sf-ei-junk:shown')");
}

/// A client whose server cannot be reached (nothing listens on port 9).
fn offline_client() -> LevqorClient {
    LevqorClient::new(js("({ apiBase: 'http://127.0.0.1:9', timeoutMs: 500 })"))
}

fn escalation() -> JsValue {
    js("({ messages: ['I was charged twice'], topic: 'billing', page: '/account' })")
}

#[wasm_bindgen_test]
async fn escalation_with_storage_full_and_server_down_says_it_was_not_saved() {
    js("localStorage.removeItem('levqor:escalations')");
    storage_full();
    let c = offline_client();
    let r = JsFuture::from(c.escalate(escalation()))
        .await
        .expect("never rejects");
    storage_ok();
    assert_eq!(at(&r, "status").as_string().as_deref(), Some("error"));
    assert_eq!(
        at(&r, "code").as_string().as_deref(),
        Some("storage_unavailable")
    );
    assert_eq!(c.pending_escalations(), 0, "not claimed as queued");
    // the assistant still answers from the wasm
    let a = JsFuture::from(c.chat(js("({ query: 'how much is the pro plan?' })")))
        .await
        .expect("answers");
    assert_eq!(
        at(&a, "meta.source").as_string().as_deref(),
        Some("fallback")
    );
    c.destroy();
}

#[wasm_bindgen_test]
async fn escalation_outbox_survives_corrupt_data() {
    for junk in ["][", "{\"not\":\"an array\"}", "[1, null, {\"key\": 5}]"] {
        js(&format!(
            "localStorage.setItem('levqor:escalations', {junk:?})"
        ));
        let c = offline_client();
        assert_eq!(c.pending_escalations(), 0, "{junk:?} reads as empty");
        let r = JsFuture::from(c.escalate(escalation()))
            .await
            .expect("never rejects");
        assert_eq!(
            at(&r, "status").as_string().as_deref(),
            Some("queued"),
            "{junk:?}"
        );
        assert_eq!(c.pending_escalations(), 1, "{junk:?}: the new one is kept");
        c.destroy();
    }
    js("localStorage.removeItem('levqor:escalations')");
}

#[wasm_bindgen_test]
async fn escalation_with_storage_disabled_and_server_down_is_an_error_not_a_throw() {
    storage_disabled();
    let c = offline_client();
    let r = JsFuture::from(c.escalate(escalation()))
        .await
        .expect("never rejects");
    assert_eq!(
        at(&r, "code").as_string().as_deref(),
        Some("storage_unavailable")
    );
    assert_eq!(c.pending_escalations(), 0);
    c.destroy();
    storage_ok();
}
