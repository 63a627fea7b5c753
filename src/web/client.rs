//! The browser wiring of the bridge: the JS `LevqorClient` class. Converts
//! arguments, runs each call's async flow (plan → `js/http.js` → settle →
//! server answer or wasm fallback), publishes the status, records `api_call`
//! telemetry and drives the escalation outbox. Every decision is made by
//! [`crate::bridge`].

use super::convert::{from_js, to_js};
use super::platform::{Area, BrowserClock, BrowserRandom, WebStorage};
use crate::bridge::escalation::{self, EscalationResult, Outbox, Queued, SendVerdict};
use crate::bridge::{
    mark_fallback, outcome_of, outgoing_body, Bridge, Config, ConfigError, Endpoint,
    FallbackReason, Outcome, Plan, Status, Transport,
};
use crate::input;
use crate::platform::Clock;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

#[wasm_bindgen(module = "/src/web/js/http.js")]
extern "C" {
    #[wasm_bindgen(js_name = newGroup)]
    fn new_group() -> JsValue;
    #[wasm_bindgen(js_name = abortAll)]
    fn abort_all(group: &JsValue);
    #[allow(clippy::too_many_arguments)]
    fn request(
        group: &JsValue,
        fetch_impl: &JsValue,
        url: &str,
        method: &str,
        body: Option<String>,
        idempotency_key: Option<String>,
        timeout_ms: f64,
        max_bytes: f64,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = browserOnline)]
    fn browser_online() -> bool;
    #[wasm_bindgen(js_name = watchOnline)]
    fn watch_online(cb: &js_sys::Function) -> js_sys::Function;
    #[wasm_bindgen(js_name = monotonicNow)]
    fn monotonic_now() -> f64;
}

#[wasm_bindgen(module = "/src/web/js/assistant.js")]
extern "C" {
    #[wasm_bindgen(js_name = loadAssistant)]
    fn load_assistant(custom: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = respondWith)]
    fn respond_with(module: &JsValue, endpoint: &str, body: &str) -> Option<String>;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = r#"
/** What the status badge shows: `online` (the server answers), `degraded` (recent failures, or a probe is out), `offline` (answers come from the wasm: browser offline, breaker open, or no server configured). */
export type ClientStatus = "online" | "degraded" | "offline";

/** Options of {@link LevqorClient}. Numbers out of range are clamped; wrong types fall back to the default. */
export interface LevqorClientOptions {
  /** The API origin (optionally with a path prefix): `https://…`, or `http://localhost` / `http://127.0.0.1` / `http://[::1]`. Absent: every answer comes from the wasm. An unusable value is reported by `configError` (the client then runs on the wasm alone). */
  apiBase?: string;
  /** Per-request timeout in ms (the request is aborted). Default 15000, range 100–120000. */
  timeoutMs?: number;
  /** Consecutive failures that open the circuit breaker. Default 3, range 1–100. */
  failureThreshold?: number;
  /** How long the server is skipped once the breaker opens, ms; then one call probes it. Default 30000, range 0–3600000. */
  cooldownMs?: number;
  /** When the breaker's cool-down ends, probe `GET /health` (one request) so the status and queued escalations recover without waiting for the next call. Default true; with false the next real call is the probe. */
  healthProbe?: boolean;
  /** Largest response body accepted, bytes. Default 262144 (256 KB), range 1024–4194304. */
  maxResponseBytes?: number;
  /** Loads the assistant module when the client must answer offline (or on {@link LevqorClient.preloadAssistant}). Default: the package's own dynamic import of `levqor-wasm/assistant`, which bundlers split into a chunk of its own; pass `() => import("levqor-wasm/assistant")` to choose the chunk yourself. A failed load answers `{ success: false, code: "assistant_unavailable" }` and is retried on the next call. */
  loadAssistant?: () => Promise<unknown>;
  /** A `fetch` replacement (tests, instrumentation). Default: the global `fetch`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Where `api_call` telemetry goes (a {@link Telemetry} instance, or anything with the same `track`). Absent or `false`: nothing is recorded. */
  telemetry?: Telemetry | { track(event: "api_call", props: { endpoint: string; source: "server" | "fallback"; outcome: string; latency?: number }): unknown } | false | null;
}

/** `configError` of a client whose `apiBase` was refused. */
export interface ClientConfigError {
  success: false;
  error: string;
  code: "invalid_api_base";
}

/** What `escalate()` takes. At least one non-empty line in `messages` (or `message`). Other keys are ignored. */
export interface EscalationRequest {
  /** The conversation so far, oldest first (the last 20 lines are sent, each up to 2000 characters). */
  messages?: string[];
  /** One more line. */
  message?: string;
  conversationId?: string;
  topic?: string;
  /** The page path. */
  page?: string;
  /** Where a person should reply, if the user gave it. */
  email?: string;
}

/** What `escalate()` resolves to. `queued`: saved on this device and sent automatically (same idempotency key) when the server is reachable — say so, don't claim it was sent. */
export type EscalationResult =
  | { status: "sent"; idempotencyKey: string; ticketId?: string }
  | { status: "queued"; idempotencyKey: string }
  | { status: "error"; idempotencyKey?: string; code: "invalid_request" | "not_configured" | "storage_unavailable" | string; error: string };
"#;

type OnlineCallback = Closure<dyn FnMut(JsValue)>;

struct Inner {
    bridge: RefCell<Bridge>,
    config_error: Option<ConfigError>,
    group: JsValue,
    fetch: JsValue,
    telemetry: Option<JsValue>,
    listeners: RefCell<Vec<(u32, js_sys::Function)>>,
    next_listener: Cell<u32>,
    last_status: Cell<Status>,
    unwatch: RefCell<Option<js_sys::Function>>,
    online_cb: RefCell<Option<OnlineCallback>>,
    outbox: Outbox<WebStorage>,
    sending: RefCell<Vec<String>>,
    flushing: Cell<bool>,
    destroyed: Cell<bool>,
    probe_timer: RefCell<Option<gloo_timers::callback::Timeout>>,
    /// `options.loadAssistant`, or `undefined` for the default.
    loader: JsValue,
    /// In a build that has the assistant compiled in (the browser tests),
    /// the default is this in-process instance instead of a download.
    #[cfg(feature = "assistant")]
    local: RefCell<Option<crate::assistant::Assistant>>,
}

/// Talks to the Levqor API when it is reachable and answers from the wasm
/// when it is not, with the same response shapes (`meta.source` says which:
/// `"server"` or `"fallback"`, and `meta.fallbackReason` why). Calls never
/// reject: bad input answers `{ success: false, error, code }`, network
/// trouble answers from the wasm. A circuit breaker skips a failing server
/// for a cool-down, then lets one call probe it. Only `apiBase`'s origin is
/// ever contacted.
///
/// @example
/// ```ts
/// import init, { LevqorClient, Telemetry } from "levqor-wasm";
/// await init();
/// const telemetry = new Telemetry({ endpoint: "https://api.levqor.ai/api/telemetry/events" });
/// const client = new LevqorClient({ apiBase: "https://api.levqor.ai", timeoutMs: 8000, telemetry });
/// const off = client.onStatusChange((s) => badge.dataset.status = s); // "online" | "degraded" | "offline"
/// const reply = await client.chat({ query: "How much is the yearly plan?", context: { page: "/pricing" } });
/// if (reply.success) console.log(reply.answer, reply.meta.source, reply.meta.fallbackReason);
/// off();
/// client.destroy();
/// ```
#[wasm_bindgen(js_name = LevqorClient)]
pub struct LevqorClient {
    inner: Rc<Inner>,
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn notify(inner: &Inner) {
    let now = inner.bridge.borrow().status();
    if now == inner.last_status.get() {
        return;
    }
    inner.last_status.set(now);
    let listeners: Vec<js_sys::Function> = inner
        .listeners
        .borrow()
        .iter()
        .map(|(_, f)| f.clone())
        .collect();
    let arg = JsValue::from_str(now.as_str());
    for f in listeners {
        let _ = f.call1(&JsValue::NULL, &arg);
    }
}

fn track(inner: &Inner, event: &str, props: &[(&str, JsValue)]) {
    let Some(t) = &inner.telemetry else { return };
    let Some(track) = super::convert::as_function(&get(t, "track")) else {
        return;
    };
    let obj = js_sys::Object::new();
    for (k, v) in props {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    let _ = track.call2(t, &JsValue::from_str(event), &obj);
}

/// Records `api_call`, and `ai_fallback_used` when an assistant call fell back.
fn record(inner: &Inner, endpoint: Endpoint, source: &str, outcome: Outcome, latency_ms: f64) {
    if inner.telemetry.is_none() || outcome == Outcome::Aborted {
        return;
    }
    let mut props = vec![
        ("endpoint", JsValue::from_str(endpoint.name())),
        ("source", source.into()),
        ("outcome", outcome.as_str().into()),
    ];
    if latency_ms.is_finite() {
        props.push(("latency", latency_ms.round().into()));
    }
    track(inner, "api_call", &props);
    let assistant = !matches!(endpoint, Endpoint::Escalate | Endpoint::Health);
    if assistant && source == "fallback" && outcome != Outcome::Ok {
        let reason = match outcome {
            Outcome::Http4xx => Outcome::Invalid,
            o => o,
        };
        track(
            inner,
            "ai_fallback_used",
            &[
                ("endpoint", endpoint.name().into()),
                ("reason", reason.as_str().into()),
            ],
        );
    }
}

fn transport_of(v: &JsValue) -> Transport {
    match get(v, "kind").as_string().as_deref() {
        Some("reply") => Transport::Reply {
            status: get(v, "status")
                .as_f64()
                .filter(|s| (0.0..1000.0).contains(s))
                .map_or(0, |s| s as u16),
            content_type: get(v, "contentType").as_string().unwrap_or_default(),
            body: get(v, "body").as_string().unwrap_or_default(),
        },
        Some("timeout") => Transport::Timeout,
        Some("too_large") => Transport::TooLarge,
        Some("aborted") => Transport::Aborted,
        _ => Transport::Network,
    }
}

async fn answer_from_wasm(
    inner: &Inner,
    endpoint: Endpoint,
    req: &Value,
    reason: FallbackReason,
) -> Value {
    let Some(mut v) = wasm_answer(inner, endpoint, req).await else {
        return serde_json::to_value(crate::assistant::AssistantError::new(
            crate::assistant::ErrorCode::AssistantUnavailable,
            "The server cannot be reached and the offline assistant could not be downloaded. Please try again when you are back online.",
        ))
        .unwrap_or(Value::Null);
    };
    mark_fallback(&mut v, reason);
    v
}

/// The assistant's answer: fetched module (or in-process in a build that
/// has it), `None` when the module cannot be loaded.
async fn wasm_answer(inner: &Inner, endpoint: Endpoint, req: &Value) -> Option<Value> {
    #[cfg(feature = "assistant")]
    if inner.loader.is_undefined() {
        return Some(local_answer(inner, endpoint, req));
    }
    let module = JsFuture::from(load_assistant(&inner.loader)).await.ok()?;
    if module.is_null() || module.is_undefined() {
        return None;
    }
    let text = respond_with(&module, endpoint.name(), &req.to_string())?;
    serde_json::from_str(&text).ok()
}

async fn send(
    inner: &Inner,
    url: &str,
    method: &str,
    body: Option<String>,
    key: Option<String>,
) -> Transport {
    let cfg = inner.bridge.borrow().config().clone();
    let p = request(
        &inner.group,
        &inner.fetch,
        url,
        method,
        body,
        key,
        cfg.timeout_ms,
        cfg.max_response_bytes as f64,
    );
    match JsFuture::from(p).await {
        Ok(v) => transport_of(&v),
        Err(_) => Transport::Network,
    }
}

async fn call(inner: Rc<Inner>, endpoint: Endpoint, raw: JsValue) -> JsValue {
    let req = from_js(&raw);
    if let Some(field) = endpoint.text_field() {
        if let Err(e) = crate::assistant::validate_query(input::string(&req, field), field) {
            return to_js(&e);
        }
    }
    let start = monotonic_now();
    inner.bridge.borrow_mut().set_online(browser_online());
    let plan = if inner.destroyed.get() {
        Plan::Fallback(FallbackReason::Offline)
    } else {
        inner.bridge.borrow_mut().plan(endpoint, start)
    };
    notify(&inner);
    let (ticket, url) = match plan {
        Plan::Fallback(reason) => {
            let v = answer_from_wasm(&inner, endpoint, &req, reason).await;
            record(
                &inner,
                endpoint,
                "fallback",
                outcome_of(reason),
                monotonic_now() - start,
            );
            return to_js(&v);
        }
        Plan::Server { ticket, url, .. } => (ticket, url),
    };
    let body = outgoing_body(endpoint, &req).to_string();
    let transport = send(&inner, &url, "POST", Some(body), None).await;
    let settled = inner
        .bridge
        .borrow_mut()
        .settle(ticket, transport, monotonic_now());
    notify(&inner);
    arm_probe(&inner);
    match settled.response {
        Ok(v) => {
            record(
                &inner,
                endpoint,
                "server",
                settled.outcome,
                settled.latency_ms,
            );
            if !inner.destroyed.get() {
                let i = inner.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = flush(i).await;
                });
            }
            to_js(&v)
        }
        Err(reason) => {
            let v = answer_from_wasm(&inner, endpoint, &req, reason).await;
            record(
                &inner,
                endpoint,
                "fallback",
                settled.outcome,
                monotonic_now() - start,
            );
            to_js(&v)
        }
    }
}

/// While the breaker is open, probes `GET /health` once the cool-down is
/// over (unless a real call probes first), so the status and the escalation
/// outbox recover without waiting for the user's next question.
fn arm_probe(inner: &Rc<Inner>) {
    if inner.destroyed.get()
        || inner.probe_timer.borrow().is_some()
        || !inner.bridge.borrow().config().health_probe
    {
        return;
    }
    let crate::bridge::breaker::State::Open { until } = inner.bridge.borrow().breaker().state()
    else {
        return;
    };
    // At least a second apart, so a zero cool-down cannot spin.
    let delay = (until - monotonic_now()).clamp(1_000.0, 3_600_000.0).ceil() as u32;
    let weak = Rc::downgrade(inner);
    let timer = gloo_timers::callback::Timeout::new(delay, move || {
        let Some(inner) = weak.upgrade() else { return };
        inner.probe_timer.borrow_mut().take();
        wasm_bindgen_futures::spawn_local(probe_health(inner));
    });
    *inner.probe_timer.borrow_mut() = Some(timer);
}

async fn probe_health(inner: Rc<Inner>) {
    if inner.destroyed.get() {
        return;
    }
    let start = monotonic_now();
    inner.bridge.borrow_mut().set_online(browser_online());
    let plan = inner.bridge.borrow_mut().plan(Endpoint::Health, start);
    let Plan::Server { ticket, url, .. } = plan else {
        return; // offline, or a real call is probing: it will re-arm
    };
    notify(&inner);
    let t = send(&inner, &url, "GET", None, None).await;
    let outcome = match &t {
        Transport::Reply {
            status: 200..=299, ..
        } => Outcome::Ok,
        Transport::Reply {
            status: 500..=599, ..
        } => Outcome::Http5xx,
        Transport::Reply {
            status: 400..=499, ..
        } => Outcome::Http4xx,
        Transport::Reply { .. } => Outcome::Invalid,
        Transport::Timeout => Outcome::Timeout,
        Transport::TooLarge => Outcome::TooLarge,
        Transport::Aborted => return,
        Transport::Network => Outcome::Network,
    };
    let ok = outcome == Outcome::Ok;
    inner
        .bridge
        .borrow_mut()
        .settle_raw(ticket, ok, monotonic_now());
    notify(&inner);
    let source = if ok { "server" } else { "fallback" };
    record(
        &inner,
        Endpoint::Health,
        source,
        outcome,
        monotonic_now() - start,
    );
    if ok {
        let _ = flush(inner).await;
    } else {
        arm_probe(&inner);
    }
}

/// Sends one queued escalation (already stored). `None`: not attempted
/// (server skipped); otherwise the verdict.
async fn send_escalation(inner: &Rc<Inner>, item: &Queued) -> Option<SendVerdict> {
    if inner.destroyed.get() || inner.sending.borrow().contains(&item.key) {
        return None;
    }
    inner.sending.borrow_mut().push(item.key.clone());
    let start = monotonic_now();
    inner.bridge.borrow_mut().set_online(browser_online());
    let plan = inner.bridge.borrow_mut().plan(Endpoint::Escalate, start);
    notify(inner);
    let verdict = match plan {
        Plan::Fallback(_) => None,
        Plan::Server { ticket, url, .. } => {
            let _ = inner.outbox.bump(&item.key, BrowserClock.now_ms());
            let t = send(
                inner,
                &url,
                "POST",
                Some(item.wire_body()),
                Some(item.key.clone()),
            )
            .await;
            let (verdict, outcome) = match &t {
                Transport::Reply {
                    status,
                    content_type,
                    body,
                } => {
                    let v = escalation::judge_send(*status, content_type, body);
                    let o = match (&v, *status) {
                        (SendVerdict::Retry, 500..=599) => Outcome::Http5xx,
                        (SendVerdict::Retry, _) => Outcome::Invalid,
                        (SendVerdict::Refused { .. }, _) => Outcome::Http4xx,
                        (SendVerdict::Sent(_), _) => Outcome::Ok,
                    };
                    (v, o)
                }
                Transport::Timeout => (SendVerdict::Retry, Outcome::Timeout),
                Transport::TooLarge => (SendVerdict::Retry, Outcome::TooLarge),
                Transport::Aborted => (SendVerdict::Retry, Outcome::Aborted),
                Transport::Network => (SendVerdict::Retry, Outcome::Network),
            };
            if outcome != Outcome::Aborted {
                let reachable = !matches!(verdict, SendVerdict::Retry);
                inner
                    .bridge
                    .borrow_mut()
                    .settle_raw(ticket, reachable, monotonic_now());
            }
            notify(inner);
            arm_probe(inner);
            let source = if verdict == SendVerdict::Retry {
                "fallback"
            } else {
                "server"
            };
            record(
                inner,
                Endpoint::Escalate,
                source,
                outcome,
                monotonic_now() - start,
            );
            if verdict != SendVerdict::Retry {
                let _ = inner.outbox.remove(&item.key, BrowserClock.now_ms());
            }
            Some(verdict)
        }
    };
    inner.sending.borrow_mut().retain(|k| *k != item.key);
    verdict
}

/// Sends waiting escalations, oldest first, stopping at the first that
/// cannot be delivered. Resolves to how many were delivered.
async fn flush(inner: Rc<Inner>) -> Result<JsValue, JsValue> {
    if inner.flushing.get() || inner.bridge.borrow().config().api_base.is_none() {
        return Ok(JsValue::from(0));
    }
    let items = inner.outbox.load(BrowserClock.now_ms());
    if items.is_empty() {
        return Ok(JsValue::from(0));
    }
    inner.flushing.set(true);
    let mut delivered = 0u32;
    for item in items {
        match send_escalation(&inner, &item).await {
            Some(SendVerdict::Retry) | None => {
                if inner.sending.borrow().contains(&item.key) {
                    continue; // an escalate() call is sending it right now
                }
                break;
            }
            Some(_) => delivered += 1,
        }
    }
    inner.flushing.set(false);
    Ok(JsValue::from(delivered))
}

async fn escalate(inner: Rc<Inner>, raw: JsValue) -> JsValue {
    let body = match escalation::payload(&from_js(&raw)) {
        Ok(b) => b,
        Err(e) => return to_js(&e),
    };
    if inner.bridge.borrow().config().api_base.is_none() {
        return to_js(&EscalationResult::error(
            None,
            "not_configured",
            "There is no server to send this to (no apiBase is configured).",
        ));
    }
    let key = escalation::new_key(&BrowserRandom);
    let item = Queued {
        key: key.clone(),
        body,
        at: BrowserClock.now_ms(),
        attempts: 0,
    };
    // Stored before the first attempt, so a closed tab cannot lose it.
    let stored = inner.outbox.put(item.clone(), item.at).is_ok();
    let result = match send_escalation(&inner, &item).await {
        Some(SendVerdict::Sent(ticket)) => EscalationResult::sent(&key, ticket),
        Some(SendVerdict::Refused { code, error }) => EscalationResult::error(Some(&key), &code, &error),
        _ if stored => EscalationResult::queued(&key),
        _ => EscalationResult::error(
            Some(&key),
            "storage_unavailable",
            "The server could not be reached and this browser cannot save the request; please try again later.",
        ),
    };
    to_js(&result)
}

fn promise(inner: &Rc<Inner>, endpoint: Endpoint, req: JsValue) -> js_sys::Promise {
    let inner = inner.clone();
    future_to_promise(async move { Ok(call(inner, endpoint, req).await) })
}

#[wasm_bindgen(js_class = LevqorClient)]
impl LevqorClient {
    /// Creates a client. Never throws: an unusable `apiBase` is reported by
    /// `configError` and the client answers from the wasm alone.
    ///
    /// @example
    /// ```ts
    /// const client = new LevqorClient({ apiBase: "https://api.levqor.ai", failureThreshold: 3, cooldownMs: 30000 });
    /// const offlineOnly = new LevqorClient({}); // no server: every answer has meta.source "fallback"
    /// ```
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "LevqorClientOptions | undefined")] options: JsValue,
    ) -> LevqorClient {
        let v = from_js(&options);
        let (cfg, config_error) = Config::from_json(&v);
        let fetch = get(&options, "fetch");
        let fetch = if fetch.is_function() {
            fetch
        } else {
            JsValue::UNDEFINED
        };
        let tel = get(&options, "telemetry");
        let telemetry = tel.is_object().then_some(tel);
        let mut bridge = Bridge::new(cfg);
        bridge.set_online(browser_online());
        let status = bridge.status();
        let inner = Rc::new(Inner {
            bridge: RefCell::new(bridge),
            config_error,
            group: new_group(),
            fetch,
            telemetry,
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            last_status: Cell::new(status),
            unwatch: RefCell::new(None),
            online_cb: RefCell::new(None),
            outbox: Outbox::new(WebStorage::open(Area::Local)),
            sending: RefCell::new(Vec::new()),
            flushing: Cell::new(false),
            destroyed: Cell::new(false),
            probe_timer: RefCell::new(None),
            loader: {
                let f = get(&options, "loadAssistant");
                if f.is_function() {
                    f
                } else {
                    JsValue::UNDEFINED
                }
            },
            #[cfg(feature = "assistant")]
            local: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        let cb = Closure::<dyn FnMut(JsValue)>::new(move |online: JsValue| {
            let Some(inner) = weak.upgrade() else { return };
            if inner.destroyed.get() {
                return;
            }
            inner
                .bridge
                .borrow_mut()
                .set_online(online.as_bool().unwrap_or(true));
            notify(&inner);
            if online.as_bool() == Some(true) {
                wasm_bindgen_futures::spawn_local(async move {
                    let _ = flush(inner).await;
                });
            }
        });
        use wasm_bindgen::JsCast;
        let unwatch = watch_online(cb.as_ref().unchecked_ref());
        *inner.unwatch.borrow_mut() = Some(unwatch);
        *inner.online_cb.borrow_mut() = Some(cb);
        if inner.config_error.is_none() && inner.bridge.borrow().config().api_base.is_some() {
            let i = inner.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = flush(i).await;
            });
        }
        LevqorClient { inner }
    }

    /// The current status: `"online"`, `"degraded"` or `"offline"`.
    ///
    /// @example
    /// ```ts
    /// badge.textContent = client.status();
    /// ```
    #[wasm_bindgen(unchecked_return_type = "ClientStatus")]
    pub fn status(&self) -> String {
        self.inner.bridge.borrow().status().as_str().to_owned()
    }

    /// Calls `listener` with the new status each time it changes. Returns a
    /// function that unsubscribes.
    ///
    /// @example
    /// ```ts
    /// const off = client.onStatusChange((s) => setStatus(s));
    /// off();
    /// ```
    #[wasm_bindgen(js_name = onStatusChange, unchecked_return_type = "() => void")]
    pub fn on_status_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(status: ClientStatus) => void")] listener: JsValue,
    ) -> JsValue {
        let Some(f) = super::convert::as_function(&listener) else {
            return Closure::<dyn FnMut()>::new(|| {}).into_js_value();
        };
        let id = self.inner.next_listener.get();
        self.inner.next_listener.set(id.wrapping_add(1));
        self.inner.listeners.borrow_mut().push((id, f));
        let weak = Rc::downgrade(&self.inner);
        Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.listeners.borrow_mut().retain(|(i, _)| *i != id);
            }
        })
        .into_js_value()
    }

    /// The refused `apiBase`, or `null` when the configuration is usable.
    ///
    /// @example
    /// ```ts
    /// new LevqorClient({ apiBase: "http://api.example.com" }).configError?.code; // "invalid_api_base"
    /// ```
    #[wasm_bindgen(getter, js_name = configError, unchecked_return_type = "ClientConfigError | null")]
    pub fn config_error(&self) -> JsValue {
        match &self.inner.config_error {
            Some(e) => to_js(e),
            None => JsValue::NULL,
        }
    }

    /// Help chat (`POST /api/ai/chat`), server first, wasm fallback.
    ///
    /// @example
    /// ```ts
    /// const r = await client.chat({ query: "Can I cancel anytime?", context: { page: "/pricing" } });
    /// if (r.success) render(r.answer, r.meta.source); else showError(r.error);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<ChatResponse | AssistantError>")]
    pub fn chat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> js_sys::Promise {
        promise(&self.inner, Endpoint::Chat, request)
    }

    /// Natural-language workflow builder (`POST /api/ai/workflow`).
    ///
    /// @example
    /// ```ts
    /// const r = await client.workflow({ query: "Every night back up Dropbox to S3" });
    /// if (r.success) r.steps.forEach((s) => console.log(s.type, s.label));
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<WorkflowResponse | AssistantError>")]
    pub fn workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> js_sys::Promise {
        promise(&self.inner, Endpoint::Workflow, request)
    }

    /// Error debugger (`POST /api/ai/debug`; takes `error`, not `query`).
    ///
    /// @example
    /// ```ts
    /// const r = await client.debug({ error: "HTTP 401 Unauthorized: token expired" });
    /// if (r.success) console.log(r.meta.category, r.steps);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<DebugResponse | AssistantError>")]
    pub fn debug(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> js_sys::Promise {
        promise(&self.inner, Endpoint::Debug, request)
    }

    /// Onboarding guide (`POST /api/ai/onboarding/next-step`).
    ///
    /// @example
    /// ```ts
    /// const r = await client.onboardingNextStep({ completed: ["profile_setup"] });
    /// if (r.success) console.log(r.step.title, r.progress.percent);
    /// ```
    #[wasm_bindgen(js_name = onboardingNextStep, unchecked_return_type = "Promise<OnboardingResponse | AssistantError>")]
    pub fn onboarding_next_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] request: JsValue,
    ) -> js_sys::Promise {
        promise(&self.inner, Endpoint::Onboarding, request)
    }

    /// "Talk to a human" (`POST /api/support/escalate`). Sent once, with an
    /// idempotency key (header `Idempotency-Key` and field `idempotencyKey`);
    /// never retried blindly. When the server cannot be reached it is saved
    /// in `localStorage` and sent (same key) when it can: the result says
    /// `queued`, not `sent`. Never rejects.
    ///
    /// @example
    /// ```ts
    /// const r = await client.escalate({ messages: ["I was charged twice"], topic: "billing", page: "/account" });
    /// if (r.status === "sent") say("A person will reply by email.");
    /// else if (r.status === "queued") say("Saved: we'll send it when you're back online.");
    /// else say(r.error);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<EscalationResult>")]
    pub fn escalate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "EscalationRequest | unknown")] request: JsValue,
    ) -> js_sys::Promise {
        let inner = self.inner.clone();
        future_to_promise(async move { Ok(escalate(inner, request).await) })
    }

    /// Tries to send the escalations waiting in `localStorage` now (this also
    /// happens on the `online` event, at start-up and after any successful
    /// call). Resolves to how many were delivered.
    ///
    /// @example
    /// ```ts
    /// const delivered = await client.flushEscalations();
    /// ```
    #[wasm_bindgen(js_name = flushEscalations, unchecked_return_type = "Promise<number>")]
    pub fn flush_escalations(&self) -> js_sys::Promise {
        future_to_promise(flush(self.inner.clone()))
    }

    /// How many escalations are waiting in `localStorage`.
    ///
    /// @example
    /// ```ts
    /// if (client.pendingEscalations() > 0) showQueuedNotice();
    /// ```
    #[wasm_bindgen(js_name = pendingEscalations)]
    pub fn pending_escalations(&self) -> u32 {
        self.inner.outbox.load(BrowserClock.now_ms()).len() as u32
    }

    /// Fetches the offline assistant now, so answers keep coming if the
    /// network goes away later (call it when the visitor opens a help panel
    /// or focuses an assistant's input). Resolves to whether it is ready;
    /// never rejects. Without it the assistant is fetched the first time the
    /// client must answer from the wasm.
    ///
    /// @example
    /// ```ts
    /// input.addEventListener("focus", () => void client.preloadAssistant(), { once: true });
    /// ```
    #[wasm_bindgen(js_name = preloadAssistant, unchecked_return_type = "Promise<boolean>")]
    pub fn preload_assistant(&self) -> js_sys::Promise {
        #[cfg(feature = "assistant")]
        if self.inner.loader.is_undefined() {
            return js_sys::Promise::resolve(&JsValue::TRUE);
        }
        let p = load_assistant(&self.inner.loader);
        future_to_promise(async move {
            let m = JsFuture::from(p).await.unwrap_or(JsValue::NULL);
            Ok(JsValue::from_bool(!m.is_null() && !m.is_undefined()))
        })
    }

    /// Aborts requests in flight (their calls answer from the wasm), removes
    /// the listeners and stops contacting the server. Idempotent.
    ///
    /// @example
    /// ```ts
    /// useEffect(() => () => client.destroy(), []);
    /// ```
    pub fn destroy(&self) {
        if self.inner.destroyed.replace(true) {
            return;
        }
        abort_all(&self.inner.group);
        self.inner.probe_timer.borrow_mut().take();
        if let Some(unwatch) = self.inner.unwatch.borrow_mut().take() {
            let _ = unwatch.call0(&JsValue::NULL);
        }
        self.inner.online_cb.borrow_mut().take();
        self.inner.listeners.borrow_mut().clear();
    }
}

/// The in-process assistant's answer (builds with the `assistant` feature).
#[cfg(feature = "assistant")]
fn local_answer(inner: &Inner, endpoint: Endpoint, req: &Value) -> Value {
    use crate::platform::Random;
    let Ok(mut slot) = inner.local.try_borrow_mut() else {
        return Value::Null;
    };
    let assistant =
        slot.get_or_insert_with(|| crate::assistant::Assistant::new(BrowserRandom.next_u64()));
    let answer = match endpoint {
        Endpoint::Chat => assistant.chat(req).map(serde_json::to_value),
        Endpoint::Onboarding => assistant
            .onboarding_next_step(req)
            .map(serde_json::to_value),
        Endpoint::Workflow => assistant.workflow(req).map(serde_json::to_value),
        Endpoint::Debug => assistant.debug(req).map(serde_json::to_value),
        Endpoint::Escalate | Endpoint::Health => return Value::Null,
    };
    match answer {
        Ok(v) => v.unwrap_or(Value::Null),
        Err(e) => serde_json::to_value(e).unwrap_or(Value::Null),
    }
}
