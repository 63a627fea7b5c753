//! Browser tests of `LevqorClient` against a real local HTTP server
//! (`tests/server/stub.mjs`, started beforehand; port from the compile-time
//! env var `LEVQOR_STUB_PORT`, default 8787): every endpoint served, every
//! failure kind falling back with its reason, the breaker (skip, single
//! probe under concurrency, recovery), online/offline events, escalations
//! (sent, queued, flushed exactly once), telemetry, `fetch` override, origin
//! rule, destroy, and the fallback's latency once the breaker is open.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::client::LevqorClient;
use serde_json::json;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PORT: &str = match option_env!("LEVQOR_STUB_PORT") {
    Some(p) => p,
    None => "8787",
};

#[wasm_bindgen(inline_js = r#"
export async function ctl(url, mode) {
  await fetch(url, { method: "POST", body: JSON.stringify({ mode }) });
}
export async function state(url) {
  const r = await fetch(url);
  return JSON.stringify(await r.json());
}
export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
export function now() { return performance.now(); }
export function recorder() {
  const calls = [];
  return { calls, track(event, props) { calls.push({ event, props }); return { accepted: true }; } };
}
export function countingFetch(log) {
  return (url, init) => { log.push(url); return fetch(url, init); };
}
export function fire(name) { window.dispatchEvent(new Event(name)); }
export function stringify(v) { return JSON.stringify(v === undefined ? null : v); }
"#)]
extern "C" {
    fn ctl(url: &str, mode: &str) -> js_sys::Promise;
    fn state(url: &str) -> js_sys::Promise;
    fn sleep(ms: f64) -> js_sys::Promise;
    fn now() -> f64;
    fn recorder() -> JsValue;
    #[wasm_bindgen(js_name = countingFetch)]
    fn counting_fetch(log: &js_sys::Array) -> JsValue;
    fn fire(name: &str);
    fn stringify(v: &JsValue) -> String;
}

fn origin() -> String {
    format!("http://127.0.0.1:{PORT}")
}

/// A fresh stub session (own mode and counters).
fn session(name: &str) -> String {
    format!("{name}-{}", (js_sys::Math::random() * 1e12) as u64)
}

fn api_base(s: &str) -> String {
    format!("{}/s/{s}", origin())
}

async fn set_mode(s: &str, mode: &str) {
    JsFuture::from(ctl(&format!("{}/__ctl/{s}", origin()), mode))
        .await
        .expect("stub control (is tests/server/stub.mjs running?)");
}

async fn stub_state(s: &str) -> Value {
    let v = JsFuture::from(state(&format!("{}/__state/{s}", origin())))
        .await
        .expect("stub state (is tests/server/stub.mjs running?)");
    serde_json::from_str(&v.as_string().unwrap_or_default()).unwrap_or(Value::Null)
}

async fn wait(ms: f64) {
    let _ = JsFuture::from(sleep(ms)).await;
}

fn to_js(v: &Value) -> JsValue {
    js_sys::JSON::parse(&v.to_string()).expect("valid JSON")
}

fn client(s: &str, extra: Value) -> LevqorClient {
    let mut opts = json!({ "apiBase": api_base(s) });
    if let (Some(o), Some(e)) = (opts.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    LevqorClient::new(to_js(&opts))
}

fn with(opts: JsValue, key: &str, value: &JsValue) -> JsValue {
    js_sys::Reflect::set(&opts, &JsValue::from_str(key), value).expect("set option");
    opts
}

async fn settle(p: js_sys::Promise) -> Value {
    let v = JsFuture::from(p)
        .await
        .expect("client promises never reject");
    serde_json::from_str(&stringify(&v)).expect("JSON answer")
}

async fn chat(c: &LevqorClient, q: &str) -> Value {
    settle(c.chat(to_js(
        &json!({ "query": q, "context": { "page": "/pricing" } }),
    )))
    .await
}

fn requests(st: &Value, path: &str) -> u64 {
    st["requests"][path].as_u64().unwrap_or(0)
}

#[wasm_bindgen_test]
async fn every_endpoint_answers_from_the_server_when_healthy() {
    let s = session("healthy");
    let c = client(&s, json!({}));
    assert_eq!(c.status(), "online");
    let r = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(r["success"], true, "{r}");
    assert_eq!(r["meta"]["source"], "server");
    assert!(r["meta"].get("fallbackReason").is_none());
    let w = settle(c.workflow(to_js(
        &json!({"query": "save new Gmail attachments to Google Drive"}),
    )))
    .await;
    assert_eq!(w["meta"]["source"], "server", "{w}");
    assert_eq!(w["steps"][0]["type"], "trigger");
    let d = settle(c.debug(to_js(&json!({"error": "HTTP 401 Unauthorized"})))).await;
    assert_eq!(d["meta"]["source"], "server", "{d}");
    assert_eq!(d["meta"]["category"], "auth");
    let o = settle(c.onboarding_next_step(to_js(&json!({"completed": ["profile_setup"]})))).await;
    assert_eq!(o["meta"]["source"], "server", "{o}");
    assert_eq!(o["progress"]["done"], 1);
    let st = stub_state(&s).await;
    for p in [
        "/api/ai/chat",
        "/api/ai/workflow",
        "/api/ai/debug",
        "/api/ai/onboarding/next-step",
    ] {
        assert_eq!(requests(&st, p), 1, "{p}: {st}");
    }
    assert_eq!(c.status(), "online");
    c.destroy();
}

#[wasm_bindgen_test]
async fn each_failure_kind_falls_back_with_its_reason() {
    for (mode, reason) in [
        ("failing", "http_5xx"),
        ("malformed", "invalid_response"),
        ("html", "invalid_response"),
        ("bad_shape", "invalid_response"),
        ("not_found", "invalid_response"),
        ("huge", "too_large"),
        ("huge_chunked", "too_large"),
        ("down", "network"),
        ("hanging", "timeout"),
    ] {
        let s = session(mode);
        set_mode(&s, mode).await;
        let log = js_sys::Array::new();
        let opts = with(
            to_js(&json!({ "apiBase": api_base(&s), "timeoutMs": 400, "failureThreshold": 5 })),
            "fetch",
            &counting_fetch(&log),
        );
        let c = LevqorClient::new(opts);
        let r = chat(&c, "How much does Levqor cost?").await;
        assert_eq!(r["success"], true, "{mode}: {r}");
        assert_eq!(log.length(), 1, "{mode}: the client fetched once, no retry");
        assert_eq!(r["meta"]["source"], "fallback", "{mode}: {r}");
        assert_eq!(r["meta"]["fallbackReason"], reason, "{mode}: {r}");
        assert!(!r.to_string().contains("<script"), "{mode}: HTML leaked");
        assert_eq!(c.status(), "degraded", "{mode}");
        // Chrome's network stack itself re-sends a request whose reused
        // connection closes with no response ("down"), possibly more than
        // once; the client fetched once (above).
        let n = requests(&stub_state(&s).await, "/api/ai/chat");
        assert!(n == 1 || (mode == "down" && n >= 1), "{mode}: {n} requests");
        c.destroy();
    }
}

#[wasm_bindgen_test]
async fn a_validation_error_from_the_server_is_returned_as_is() {
    let s = session("refuse");
    set_mode(&s, "refuse").await;
    let c = client(&s, json!({ "failureThreshold": 1 }));
    let r = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(
        r,
        json!({"success": false, "error": "The server refused this query.", "code": "query_too_long"})
    );
    assert_eq!(c.status(), "online", "a 422 means the server is reachable");
    // and input the wasm already refuses never reaches the server
    let r = chat(&c, "hi").await;
    assert_eq!(r["code"], "query_too_short");
    assert_eq!(requests(&stub_state(&s).await, "/api/ai/chat"), 1);
    c.destroy();
}

/// Opens the breaker with two timeouts, checks calls skip the server and
/// answer within a frame, then that after the cool-down exactly one of five
/// concurrent calls probes the server and the others fall back.
#[wasm_bindgen_test]
async fn breaker_opens_skips_fast_and_probes_once() {
    let s = session("breaker");
    set_mode(&s, "hanging").await;
    let c = client(
        &s,
        json!({ "timeoutMs": 300, "failureThreshold": 2, "cooldownMs": 800, "healthProbe": false }),
    );
    let log = js_sys::Array::new();
    let cb = Closure::<dyn FnMut(JsValue)>::new({
        let log = log.clone();
        move |v: JsValue| {
            log.push(&v);
        }
    })
    .into_js_value();
    let off: js_sys::Function = c.on_status_change(cb).into();
    let t0 = now();
    let r = chat(&c, "How much does Levqor cost?").await;
    let timeout_latency = now() - t0;
    assert_eq!(r["meta"]["fallbackReason"], "timeout");
    assert!(
        (290.0..2_000.0).contains(&timeout_latency),
        "{timeout_latency}"
    );
    let _ = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(c.status(), "offline");

    let mut times = Vec::new();
    for _ in 0..21 {
        let t = now();
        let r = chat(&c, "Can I cancel my subscription?").await;
        times.push(now() - t);
        assert_eq!(r["meta"]["fallbackReason"], "breaker_open", "{r}");
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let median = times[times.len() / 2];
    console_log!(
        "fallback latency, breaker open: median {median:.2} ms, max {:.2} ms; with the server timing out (timeoutMs 300): {timeout_latency:.1} ms",
        times[times.len() - 1]
    );
    assert!(median < 16.0, "median {median} ms is over one frame");
    assert_eq!(
        requests(&stub_state(&s).await, "/api/ai/chat"),
        2,
        "open breaker skipped the server"
    );

    set_mode(&s, "healthy").await;
    wait(850.0).await;
    let calls: Vec<js_sys::Promise> = (0..5)
        .map(|_| c.chat(to_js(&json!({"query": "How much does Levqor cost?"}))))
        .collect();
    let mut sources = Vec::new();
    for p in calls {
        let r = settle(p).await;
        sources.push(r["meta"]["source"].as_str().unwrap_or("").to_owned());
    }
    assert_eq!(
        sources.iter().filter(|s| *s == "server").count(),
        1,
        "{sources:?}"
    );
    assert_eq!(
        requests(&stub_state(&s).await, "/api/ai/chat"),
        3,
        "one probe only"
    );
    assert_eq!(c.status(), "online");
    let seen: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(seen, ["degraded", "offline", "degraded", "online"]);
    off.call0(&JsValue::NULL).expect("unsubscribe");
    set_mode(&s, "failing").await;
    let _ = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(log.length(), 4, "unsubscribed listener not called");
    c.destroy();
}

#[wasm_bindgen_test]
async fn offline_event_skips_the_server_and_online_resets() {
    let s = session("offline");
    let c = client(&s, json!({}));
    fire("offline");
    assert_eq!(c.status(), "offline");
    // navigator.onLine is still true in the test browser; the event wins until the next call reads it
    let st0 = requests(&stub_state(&s).await, "/api/ai/chat");
    fire("online");
    assert_eq!(c.status(), "online");
    let r = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(r["meta"]["source"], "server");
    assert_eq!(requests(&stub_state(&s).await, "/api/ai/chat"), st0 + 1);
    c.destroy();
}

#[wasm_bindgen_test]
async fn bad_api_base_is_a_typed_error_and_nothing_is_contacted() {
    let log = js_sys::Array::new();
    for base in [
        "http://example.com",
        "ftp://127.0.0.1",
        "https://user@evil.example",
        "javascript:alert(1)",
    ] {
        let opts = with(
            to_js(&json!({ "apiBase": base })),
            "fetch",
            &counting_fetch(&log),
        );
        let c = LevqorClient::new(opts);
        let e: Value = serde_json::from_str(&stringify(&c.config_error())).unwrap();
        assert_eq!(e["code"], "invalid_api_base", "{base}");
        let r = chat(&c, "How much does Levqor cost?").await;
        assert_eq!(r["meta"]["fallbackReason"], "not_configured");
        assert_eq!(c.status(), "offline");
        c.destroy();
    }
    assert_eq!(log.length(), 0);
    let c = LevqorClient::new(JsValue::UNDEFINED);
    assert!(c.config_error().is_null());
    let r = chat(&c, "How much does Levqor cost?").await;
    assert_eq!(r["meta"]["source"], "fallback");
}

#[wasm_bindgen_test]
async fn only_the_api_origin_is_contacted_through_the_fetch_override() {
    let s = session("origin");
    let log = js_sys::Array::new();
    let opts = with(
        to_js(&json!({ "apiBase": api_base(&s) })),
        "fetch",
        &counting_fetch(&log),
    );
    let c = LevqorClient::new(opts);
    let _ = chat(&c, "How much does Levqor cost?").await;
    let _ = settle(c.escalate(to_js(&json!({"messages": ["help me"]})))).await;
    let urls: Vec<String> = log.iter().filter_map(|v| v.as_string()).collect();
    assert_eq!(
        urls,
        [
            format!("{}/api/ai/chat", api_base(&s)),
            format!("{}/api/support/escalate", api_base(&s))
        ]
    );
    c.destroy();
}

#[wasm_bindgen_test]
async fn escalation_is_sent_once_or_queued_and_flushed_once() {
    let _ = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .map(|s| s.remove_item("levqor:escalations"));
    let s = session("escalate");
    let c = client(
        &s,
        json!({ "timeoutMs": 400, "failureThreshold": 1, "cooldownMs": 0, "healthProbe": false }),
    );
    let r = settle(c.escalate(to_js(
        &json!({"messages": ["I was charged twice"], "topic": "billing"}),
    )))
    .await;
    assert_eq!(r["status"], "sent", "{r}");
    assert!(r["ticketId"].is_string());
    let st = stub_state(&s).await;
    assert_eq!(st["escalations"].as_array().map(Vec::len), Some(1));
    assert_eq!(st["escalations"][0]["headerKey"], r["idempotencyKey"]);
    assert_eq!(
        st["escalations"][0]["body"]["messages"],
        json!(["I was charged twice"])
    );
    assert_eq!(c.pending_escalations(), 0);

    set_mode(&s, "down").await;
    let q = settle(c.escalate(to_js(&json!({"messages": ["Still no refund"]})))).await;
    assert_eq!(q["status"], "queued", "{q}");
    assert_eq!(c.pending_escalations(), 1);
    set_mode(&s, "hanging").await;
    let q2 = settle(c.escalate(to_js(&json!({"messages": ["Anyone there?"]})))).await;
    assert_eq!(q2["status"], "queued", "a timeout is not 'sent': {q2}");
    assert_eq!(c.pending_escalations(), 2);

    set_mode(&s, "healthy").await;
    let delivered = JsFuture::from(c.flush_escalations())
        .await
        .unwrap()
        .as_f64();
    assert_eq!(delivered, Some(2.0));
    assert_eq!(c.pending_escalations(), 0);
    let again = JsFuture::from(c.flush_escalations())
        .await
        .unwrap()
        .as_f64();
    assert_eq!(again, Some(0.0));
    let st = stub_state(&s).await;
    let keys: Vec<Value> = st["escalations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["key"].clone())
        .collect();
    assert_eq!(
        keys,
        [
            r["idempotencyKey"].clone(),
            q["idempotencyKey"].clone(),
            q2["idempotencyKey"].clone()
        ]
    );
    // The stub's log holds every request it received, before any dedupe:
    // each escalation reached the accepting server exactly once.
    let kept: Vec<Value> = st["log"]
        .as_array()
        .expect("the stub logs every request")
        .iter()
        .filter(|e| e["path"] == "/api/support/escalate" && e["kept"] == true)
        .map(|e| e["key"].clone())
        .collect();
    assert_eq!(
        kept,
        [
            r["idempotencyKey"].clone(),
            q["idempotencyKey"].clone(),
            q2["idempotencyKey"].clone()
        ],
        "{}",
        st["log"]
    );

    let bad = settle(c.escalate(to_js(&json!({"messages": []})))).await;
    assert_eq!(bad["status"], "error");
    assert_eq!(bad["code"], "invalid_request");
    let none = LevqorClient::new(JsValue::UNDEFINED);
    let e = settle(none.escalate(to_js(&json!({"messages": ["help"]})))).await;
    assert_eq!(e["code"], "not_configured");
    c.destroy();
}

#[wasm_bindgen_test]
async fn every_call_records_api_call_telemetry() {
    let s = session("telemetry");
    let rec = recorder();
    let opts = with(
        to_js(&json!({ "apiBase": api_base(&s), "failureThreshold": 1, "cooldownMs": 60000 })),
        "telemetry",
        &rec,
    );
    let c = LevqorClient::new(opts);
    let _ = chat(&c, "How much does Levqor cost?").await;
    set_mode(&s, "failing").await;
    let _ = chat(&c, "How much does Levqor cost?").await;
    let _ = settle(c.workflow(to_js(&json!({"query": "back up Dropbox to S3"})))).await;
    let calls: Value = serde_json::from_str(&stringify(
        &js_sys::Reflect::get(&rec, &"calls".into()).unwrap(),
    ))
    .unwrap();
    let all = calls.as_array().unwrap();
    let fallbacks: Vec<&Value> = all
        .iter()
        .filter(|c| c["event"] == "ai_fallback_used")
        .map(|c| &c["props"])
        .collect();
    assert_eq!(
        fallbacks,
        [
            &json!({"endpoint": "chat", "reason": "http_5xx"}),
            &json!({"endpoint": "workflow", "reason": "circuit_open"})
        ]
    );
    let calls: Vec<Value> = all
        .iter()
        .filter(|c| c["event"] == "api_call")
        .cloned()
        .collect();
    assert_eq!(calls.len(), 3);
    let pick = |i: usize| {
        let p = &calls[i]["props"];
        (
            calls[i]["event"].clone(),
            p["endpoint"].clone(),
            p["source"].clone(),
            p["outcome"].clone(),
            p["latency"].is_number(),
        )
    };
    assert_eq!(
        pick(0),
        (
            json!("api_call"),
            json!("chat"),
            json!("server"),
            json!("ok"),
            true
        )
    );
    assert_eq!(
        pick(1),
        (
            json!("api_call"),
            json!("chat"),
            json!("fallback"),
            json!("http_5xx"),
            true
        )
    );
    assert_eq!(
        pick(2),
        (
            json!("api_call"),
            json!("workflow"),
            json!("fallback"),
            json!("circuit_open"),
            true
        )
    );
    c.destroy();
}

#[wasm_bindgen_test]
async fn destroy_aborts_requests_in_flight() {
    let s = session("destroy");
    set_mode(&s, "hanging").await;
    let c = client(&s, json!({ "timeoutMs": 60000 }));
    let p = c.chat(to_js(&json!({"query": "How much does Levqor cost?"})));
    wait(100.0).await;
    let t = now();
    c.destroy();
    let r = settle(p).await;
    assert!(now() - t < 500.0);
    assert_eq!(r["meta"]["source"], "fallback");
}

#[wasm_bindgen_test]
async fn hostile_arguments_never_reject() {
    let c = client(&session("hostile"), json!({}));
    for v in [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::from(f64::NAN),
        JsValue::from_str(&"x".repeat(1 << 20)),
        js_sys::Array::new().into(),
    ] {
        for p in [
            c.chat(v.clone()),
            c.workflow(v.clone()),
            c.debug(v.clone()),
            c.onboarding_next_step(v.clone()),
            c.escalate(v.clone()),
        ] {
            let r = settle(p).await;
            assert!(r.is_object(), "{r}");
        }
    }
    c.destroy();
}

/// The real `Telemetry` class (the page's instance, passed in the options)
/// accepts every event the client records (`api_call`, `ai_fallback_used`,
/// `ai_request`).
#[wasm_bindgen_test]
async fn the_real_telemetry_class_accepts_the_api_calls() {
    use levqor_wasm::web::telemetry::WebTelemetry;
    let t = WebTelemetry::new(None);
    let s = session("real-telemetry");
    let opts = with(
        to_js(&json!({ "apiBase": api_base(&s), "failureThreshold": 1, "cooldownMs": 60000 })),
        "telemetry",
        &JsValue::from(t.clone()),
    );
    let c = LevqorClient::new(opts);
    let _ = chat(&c, "How much does Levqor cost?").await;
    set_mode(&s, "failing").await;
    let _ = chat(&c, "How much does Levqor cost?").await;
    let _ = chat(&c, "How much does Levqor cost?").await;
    let stats: Value = serde_json::from_str(&stringify(&t.stats())).unwrap();
    // 3 api_call + 2 ai_fallback_used + 3 ai_request, none refused
    assert_eq!(stats["accepted"], 8, "{stats}");
    assert_eq!(stats["refused"], json!({}), "{stats}");
    c.destroy();
    t.destroy();
}

/// With the breaker open, `GET /health` after the cool-down brings the status
/// back and delivers a queued escalation without any call from the page.
#[wasm_bindgen_test]
async fn health_probe_recovers_and_delivers_queued_escalations() {
    let _ = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .map(|s| s.remove_item("levqor:escalations"));
    let s = session("health");
    set_mode(&s, "failing").await;
    let c = client(&s, json!({ "failureThreshold": 1, "cooldownMs": 1000 }));
    let q = settle(c.escalate(to_js(&json!({"messages": ["Please call me back"]})))).await;
    assert_eq!(q["status"], "queued", "{q}");
    assert_eq!(c.status(), "offline");
    set_mode(&s, "healthy").await;
    // the probe fires ~1 s after opening; allow a loaded machine 6 s
    for _ in 0..120 {
        if c.status() == "online" && c.pending_escalations() == 0 {
            break;
        }
        wait(50.0).await;
    }
    assert_eq!(c.status(), "online");
    let st = stub_state(&s).await;
    assert_eq!(requests(&st, "/health"), 1, "{st}");
    assert_eq!(st["escalations"].as_array().map(Vec::len), Some(1), "{st}");
    assert_eq!(st["escalations"][0]["key"], q["idempotencyKey"]);
    assert_eq!(c.pending_escalations(), 0);
    c.destroy();
}
