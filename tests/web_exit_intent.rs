//! ExitIntent in a real browser: real DOM events dispatched on the document
//! reach the state machine, the callback gets the reason, storage makes it
//! once per session, and destroy() removes every listener.
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use levqor_wasm::web::exit_intent::ExitIntent;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::js;

wasm_bindgen_test_configure!(run_in_browser);

/// A callback that records its calls in `cb.calls`.
fn recorder() -> JsValue {
    js("(() => { const calls = []; const f = (r) => calls.push(r); f.calls = calls; return f; })()")
}

fn calls(cb: &JsValue) -> Vec<String> {
    let arr = js_sys::Reflect::get(cb, &"calls".into()).unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::from(&arr)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

fn opts(key: &str) -> JsValue {
    js(&format!(
        "({{ minTimeOnPageMs: 0, delayMs: 30, touch: false, storageKey: 'test:{key}:' + Math.random() }})"
    ))
}

/// Moves the pointer up to the top and out through it.
fn exit_through_top(target: &str) {
    js(&format!(
        "(() => {{
            for (const y of [400, 250, 120, 40, 6]) document.dispatchEvent(new MouseEvent('mousemove', {{ clientX: 500, clientY: y, bubbles: true }}));
            {target}.dispatchEvent(new MouseEvent('mouseout', {{ clientX: 500, clientY: 0, relatedTarget: null, bubbles: true }}));
        }})()"
    ));
}

#[wasm_bindgen_test]
async fn leaving_through_the_top_calls_back_once() {
    let cb = recorder();
    let ei = ExitIntent::new(opts("top"), cb.clone());
    exit_through_top("document.documentElement");
    TimeoutFuture::new(80).await;
    assert_eq!(calls(&cb), ["pointer_exit"]);
    exit_through_top("document.documentElement");
    TimeoutFuture::new(80).await;
    assert_eq!(calls(&cb), ["pointer_exit"], "once per session");
    assert!(!ei.is_armed());
    ei.destroy();
}

#[wasm_bindgen_test]
async fn returning_within_the_delay_cancels() {
    let cb = recorder();
    let ei = ExitIntent::new(opts("back"), cb.clone());
    exit_through_top("document.documentElement");
    js("document.dispatchEvent(new MouseEvent('mouseover', { clientX: 500, clientY: 3, relatedTarget: null, bubbles: true }))");
    TimeoutFuture::new(80).await;
    assert!(calls(&cb).is_empty());
    ei.destroy();
}

#[wasm_bindgen_test]
async fn sides_bottom_and_select_popups_do_not_fire() {
    let cb = recorder();
    let ei = ExitIntent::new(opts("sides"), cb.clone());
    js("(() => {
        const w = innerWidth, h = innerHeight;
        for (const x of [w - 200, w - 50, w - 2]) document.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: 300, bubbles: true }));
        document.documentElement.dispatchEvent(new MouseEvent('mouseout', { clientX: w, clientY: 300, relatedTarget: null, bubbles: true }));
        for (const y of [h - 200, h - 50, h - 2]) document.dispatchEvent(new MouseEvent('mousemove', { clientX: 300, clientY: y, bubbles: true }));
        document.documentElement.dispatchEvent(new MouseEvent('mouseout', { clientX: 300, clientY: h, relatedTarget: null, bubbles: true }));
        const s = document.createElement('select');
        s.id = 'levqor-test-select';
        s.style.cssText = 'position:fixed;top:0;left:0';
        document.body.appendChild(s);
    })()");
    exit_through_top("document.getElementById('levqor-test-select')");
    TimeoutFuture::new(80).await;
    assert!(calls(&cb).is_empty(), "{:?}", calls(&cb));
    js("document.getElementById('levqor-test-select').remove()");
    ei.destroy();
}

#[wasm_bindgen_test]
async fn address_bar_shortcut_fires() {
    let cb = recorder();
    let ei = ExitIntent::new(opts("key"), cb.clone());
    js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', ctrlKey: true, bubbles: true }))");
    assert_eq!(calls(&cb), ["keyboard_exit"]);
    ei.destroy();
}

#[wasm_bindgen_test]
async fn a_reload_in_the_same_session_does_not_fire_again() {
    let key = JsValue::from_str("test:reload");
    let o = js("({ minTimeOnPageMs: 0, delayMs: 0, touch: false })");
    js_sys::Reflect::set(&o, &"storageKey".into(), &key).unwrap();
    js("sessionStorage.removeItem('test:reload:shown')");
    let cb = recorder();
    let first = ExitIntent::new(o.clone(), cb.clone());
    exit_through_top("document.documentElement");
    first.destroy();
    let second = ExitIntent::new(o, cb.clone());
    exit_through_top("document.documentElement");
    TimeoutFuture::new(30).await;
    assert_eq!(calls(&cb), ["pointer_exit"]);
    assert_eq!(
        js("sessionStorage.getItem('test:reload:shown')")
            .as_string()
            .as_deref(),
        Some("1")
    );
    second.destroy();
}

#[wasm_bindgen_test]
async fn destroy_removes_listeners_and_timers() {
    let cb = recorder();
    let ei = ExitIntent::new(opts("destroy"), cb.clone());
    assert!(ei.listener_count() >= 6);
    exit_through_top("document.documentElement"); // arms the delay timer
    ei.destroy();
    assert_eq!(ei.listener_count(), 0);
    exit_through_top("document.documentElement");
    TimeoutFuture::new(80).await;
    assert!(calls(&cb).is_empty(), "nothing after destroy");
    ei.destroy(); // twice is fine
}

#[wasm_bindgen_test]
fn hostile_options_and_callbacks_do_not_throw() {
    for (o, c) in [
        ("null", "null"),
        ("42", "'nope'"),
        ("({ delayMs: NaN, sensitivity: -1 })", "({})"),
    ] {
        let ei = ExitIntent::new(js(o), js(c));
        js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'L', metaKey: true, bubbles: true }))");
        ei.destroy();
    }
    // a throwing callback is swallowed
    let ei = ExitIntent::new(opts("throw"), js("() => { throw new Error('page bug'); }"));
    js("document.dispatchEvent(new KeyboardEvent('keydown', { key: 'l', ctrlKey: true, bubbles: true }))");
    ei.destroy();
}

/// Counts reads of `window.localStorage` and `window.sessionStorage` in
/// `globalThis.__storageReads` (the getters still answer) until
/// [`stop_counting_storage`].
fn count_storage_reads() {
    js("(() => { globalThis.__storageReads = { localStorage: 0, sessionStorage: 0 }; \
        for (const k of ['localStorage', 'sessionStorage']) { \
            const d = Object.getOwnPropertyDescriptor(window, k); \
            globalThis['__count_' + k] = d; \
            Object.defineProperty(window, k, { configurable: true, get() { globalThis.__storageReads[k]++; return d.get.call(window); } }); \
        } })()");
}

fn stop_counting_storage() {
    js(
        "(() => { for (const k of ['localStorage', 'sessionStorage']) { \
            const d = globalThis['__count_' + k]; if (d) Object.defineProperty(window, k, d); \
        } })()",
    );
}

fn storage_reads(area: &str) -> f64 {
    js(&format!("globalThis.__storageReads.{area}"))
        .as_f64()
        .unwrap_or(-1.0)
}

/// Arming opens no Web Storage (its first touch in a fresh context costs
/// milliseconds); the gate is read when first asked or when it would fire,
/// and still holds: a session that has shown it stays quiet.
#[wasm_bindgen_test]
async fn storage_is_opened_when_the_gate_is_first_needed_not_on_arming() {
    js("sessionStorage.setItem('test:lazy:shown', '1')");
    count_storage_reads();
    let cb = recorder();
    let ei = ExitIntent::new(
        js("({ minTimeOnPageMs: 0, delayMs: 0, touch: false, storageKey: 'test:lazy' })"),
        cb.clone(),
    );
    let on_arming = (
        storage_reads("localStorage"),
        storage_reads("sessionStorage"),
    );
    let armed = ei.is_armed();
    let after_gate = (
        storage_reads("localStorage"),
        storage_reads("sessionStorage"),
    );
    exit_through_top("document.documentElement");
    TimeoutFuture::new(30).await;
    stop_counting_storage();
    js("sessionStorage.removeItem('test:lazy:shown')");
    ei.destroy();
    assert_eq!(on_arming, (0.0, 0.0), "arming touches no storage");
    assert!(!armed, "the session flag is read when asked");
    assert_eq!(after_gate.1, 1.0, "sessionStorage opened once");
    assert!(calls(&cb).is_empty(), "shown this session: stays quiet");
}
