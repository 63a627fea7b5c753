//! The browser side of the JS `LevqorClient` class: implements the client's
//! side-effect traits ([`crate::bridge::client`]) with `fetch`
//! (`js/http.js`), the assistant module (`js/http.js`), the page's
//! `Telemetry`, the clocks and `localStorage`; wires status listeners, the
//! `online` event and the probe timer; converts arguments and answers.
//! Every decision is the core client's.

use super::convert::{as_function, from_js, to_js};
use super::platform::{Area, BrowserClock, BrowserRandom, WebStorage};
use crate::bridge::client::{Client, Http, HttpRequest, OfflineAssistant, Parts, TelemetrySink};
use crate::bridge::{Config, ConfigError, Endpoint, Status, Transport};
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

#[wasm_bindgen(module = "/src/web/js/http.js")]
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

/// `fetch` through `js/http.js`, one abort group per client.
struct WebHttp {
    group: JsValue,
    fetch: JsValue,
}

impl Http for WebHttp {
    async fn send(&self, r: HttpRequest) -> Transport {
        let p = request(
            &self.group,
            &self.fetch,
            &r.url,
            r.method,
            r.body,
            r.idempotency_key,
            r.timeout_ms,
            r.max_bytes as f64,
        );
        match JsFuture::from(p).await {
            Ok(v) => transport_of(&v),
            Err(_) => Transport::Network,
        }
    }
    fn online(&self) -> bool {
        browser_online()
    }
    fn abort_all(&self) {
        abort_all(&self.group);
    }
}

/// The assistant module, fetched on demand by `js/http.js` (or by
/// `options.loadAssistant`); in a build that has the assistant compiled in
/// (the browser tests) and no custom loader, the in-process one.
struct WebAssistant {
    loader: JsValue,
    #[cfg(feature = "assistant")]
    local: RefCell<Option<crate::assistant::Assistant>>,
}

impl WebAssistant {
    #[cfg(feature = "assistant")]
    fn in_process(&self) -> bool {
        self.loader.is_undefined()
    }
    #[cfg(not(feature = "assistant"))]
    fn in_process(&self) -> bool {
        false
    }
}

impl OfflineAssistant for WebAssistant {
    async fn answer(&self, endpoint: Endpoint, req: &Value) -> Option<Value> {
        #[cfg(feature = "assistant")]
        if self.in_process() {
            return Some(local_answer(&self.local, endpoint, req));
        }
        let module = JsFuture::from(load_assistant(&self.loader)).await.ok()?;
        if module.is_null() || module.is_undefined() {
            return None;
        }
        let text = respond_with(
            &module,
            endpoint.name(),
            &serde_json::to_string(req).unwrap_or_default(),
        )?;
        crate::json::parse(&text)
    }
    async fn preload(&self) -> bool {
        if self.in_process() {
            return true;
        }
        let m = JsFuture::from(load_assistant(&self.loader))
            .await
            .unwrap_or(JsValue::NULL);
        !m.is_null() && !m.is_undefined()
    }
}

/// The page's `Telemetry` (or anything with a `track` method).
struct WebSink(JsValue);

impl TelemetrySink for WebSink {
    fn track(&self, event: &str, props: Value) {
        let Some(track) = as_function(&get(&self.0, "track")) else {
            return;
        };
        let _ = track.call2(&self.0, &JsValue::from_str(event), &to_js(&props));
    }
}

/// `performance.now()`: the breaker and latencies.
struct Monotonic;

impl Clock for Monotonic {
    fn now_ms(&self) -> f64 {
        monotonic_now()
    }
}

type Core =
    Client<WebHttp, WebAssistant, WebStorage, WebSink, Monotonic, BrowserClock, BrowserRandom>;

type OnlineCallback = Closure<dyn FnMut(JsValue)>;
type Listeners = Rc<RefCell<Vec<(u32, js_sys::Function)>>>;

struct Inner {
    core: Core,
    config_error: Option<ConfigError>,
    listeners: Listeners,
    next_listener: Cell<u32>,
    unwatch: RefCell<Option<js_sys::Function>>,
    online_cb: RefCell<Option<OnlineCallback>>,
    probe_timer: RefCell<Option<gloo_timers::callback::Timeout>>,
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

/// Arms the probe timer when the core wants one and none is armed.
fn arm_probe(inner: &Rc<Inner>) {
    if inner.probe_timer.borrow().is_some() {
        return;
    }
    let Some(delay) = inner.core.probe_delay() else {
        return;
    };
    let weak = Rc::downgrade(inner);
    let timer = gloo_timers::callback::Timeout::new(delay, move || {
        let Some(inner) = weak.upgrade() else { return };
        inner.probe_timer.borrow_mut().take();
        wasm_bindgen_futures::spawn_local(async move {
            inner.core.probe_health().await;
            arm_probe(&inner);
        });
    });
    *inner.probe_timer.borrow_mut() = Some(timer);
}

fn spawn_flush(inner: &Rc<Inner>) {
    let i = inner.clone();
    wasm_bindgen_futures::spawn_local(async move {
        i.core.flush().await;
        arm_probe(&i);
    });
}

fn promise(inner: &Rc<Inner>, endpoint: Endpoint, req: JsValue) -> js_sys::Promise {
    let inner = inner.clone();
    let req = from_js(&req);
    future_to_promise(async move {
        let reply = inner.core.call(endpoint, req).await;
        arm_probe(&inner);
        if reply.flush {
            spawn_flush(&inner);
        }
        Ok(to_js(&reply.value))
    })
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
        let loader = get(&options, "loadAssistant");
        let tel = get(&options, "telemetry");
        let core = Client::new(
            cfg,
            Parts {
                http: WebHttp {
                    group: new_group(),
                    fetch: if fetch.is_function() {
                        fetch
                    } else {
                        JsValue::UNDEFINED
                    },
                },
                assistant: WebAssistant {
                    loader: if loader.is_function() {
                        loader
                    } else {
                        JsValue::UNDEFINED
                    },
                    #[cfg(feature = "assistant")]
                    local: RefCell::new(None),
                },
                store: WebStorage::open(Area::Local),
                telemetry: tel.is_object().then_some(WebSink(tel)),
                clock: Monotonic,
                wall: BrowserClock,
                random: BrowserRandom,
            },
        );
        let listeners: Listeners = Rc::new(RefCell::new(Vec::new()));
        let to_call = listeners.clone();
        core.on_status_change(Box::new(move |s: Status| {
            let fs: Vec<js_sys::Function> =
                to_call.borrow().iter().map(|(_, f)| f.clone()).collect();
            let arg = JsValue::from_str(s.as_str());
            for f in fs {
                let _ = f.call1(&JsValue::NULL, &arg);
            }
        }));
        let inner = Rc::new(Inner {
            core,
            config_error,
            listeners,
            next_listener: Cell::new(0),
            unwatch: RefCell::new(None),
            online_cb: RefCell::new(None),
            probe_timer: RefCell::new(None),
        });
        let weak = Rc::downgrade(&inner);
        let cb = Closure::<dyn FnMut(JsValue)>::new(move |online: JsValue| {
            let Some(inner) = weak.upgrade() else { return };
            if inner.core.set_online(online.as_bool().unwrap_or(true)) {
                spawn_flush(&inner);
            }
        });
        use wasm_bindgen::JsCast;
        let unwatch = watch_online(cb.as_ref().unchecked_ref());
        *inner.unwatch.borrow_mut() = Some(unwatch);
        *inner.online_cb.borrow_mut() = Some(cb);
        if inner.config_error.is_none() && inner.core.has_server() {
            spawn_flush(&inner);
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
        self.inner.core.status().as_str().to_owned()
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
        let Some(f) = as_function(&listener) else {
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
        let req = from_js(&request);
        future_to_promise(async move {
            let r = inner.core.escalate(&req).await;
            arm_probe(&inner);
            Ok(to_js(&r))
        })
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
        let inner = self.inner.clone();
        future_to_promise(async move {
            let n = inner.core.flush().await;
            arm_probe(&inner);
            Ok(JsValue::from(n))
        })
    }

    /// How many escalations are waiting in `localStorage`.
    ///
    /// @example
    /// ```ts
    /// if (client.pendingEscalations() > 0) showQueuedNotice();
    /// ```
    #[wasm_bindgen(js_name = pendingEscalations)]
    pub fn pending_escalations(&self) -> u32 {
        self.inner.core.pending_escalations()
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
        let inner = self.inner.clone();
        future_to_promise(
            async move { Ok(JsValue::from_bool(inner.core.preload_assistant().await)) },
        )
    }

    /// Aborts requests in flight (their calls answer from the wasm), removes
    /// the listeners and stops contacting the server. Idempotent.
    ///
    /// @example
    /// ```ts
    /// useEffect(() => () => client.destroy(), []);
    /// ```
    pub fn destroy(&self) {
        if self.inner.core.is_destroyed() {
            return;
        }
        self.inner.core.destroy();
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
fn local_answer(
    slot: &RefCell<Option<crate::assistant::Assistant>>,
    endpoint: Endpoint,
    req: &Value,
) -> Value {
    use crate::platform::Random;
    let Ok(mut slot) = slot.try_borrow_mut() else {
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
