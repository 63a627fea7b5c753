//! The JS `LevqorClient` class: wires status listeners, the `online` event
//! and the probe timer to the core client ([`crate::bridge::client`], over
//! the browser side effects of [`super::client_io`]), and converts
//! arguments and answers. Every decision is the core client's.

use super::client_io::{self, watch_online, Core};
use super::convert::{as_function, from_js, to_js};
use crate::bridge::{Config, ConfigError, Endpoint, Status};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `LevqorClientOptions`, `ClientConfigError`, `EscalationRequest`,
/// `EscalationResult`: the types the class below names.
#[wasm_bindgen(typescript_custom_section)]
const TS_CLIENT: &str = include_str!("client.d.ts");

type OnlineCallback = Closure<dyn FnMut(JsValue)>;
type Listeners = Rc<crate::bridge::client::Listeners<js_sys::Function>>;

struct Inner {
    core: Core,
    config_error: Option<ConfigError>,
    listeners: Listeners,
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
/// const off = client.onStatusChange((s) => badge.dataset.status = s); // s: ClientStatus
/// const reply = await client.chat({ query: "How much is the yearly plan?", context: { page: "/pricing" } });
/// if (reply.success) console.log(reply.answer, reply.meta.source, reply.meta.fallbackReason);
/// off();
/// client.destroy();
/// ```
#[wasm_bindgen(js_name = LevqorClient)]
pub struct LevqorClient {
    inner: Rc<Inner>,
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
    super::promise(async move {
        let reply = inner.core.call(endpoint, req).await;
        arm_probe(&inner);
        if reply.flush {
            spawn_flush(&inner);
        }
        to_js(&reply.value)
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
        let (cfg, config_error) = Config::from_json(&from_js(&options));
        let core = client_io::core(cfg, &options);
        let listeners = Listeners::default();
        let to_call = listeners.clone();
        core.on_status_change(Box::new(move |s: Status| {
            let arg = JsValue::from_str(s.as_str());
            for f in to_call.snapshot() {
                let _ = f.call1(&JsValue::NULL, &arg);
            }
        }));
        let inner = Rc::new(Inner {
            core,
            config_error,
            listeners,
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
        let unwatch = watch_online(cb.as_ref().unchecked_ref());
        *inner.unwatch.borrow_mut() = Some(unwatch);
        *inner.online_cb.borrow_mut() = Some(cb);
        if inner.core.has_server() {
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
        let id = self.inner.listeners.add(f);
        let weak = Rc::downgrade(&self.inner);
        Closure::<dyn FnMut()>::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.listeners.remove(id);
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
        super::promise(async move {
            let r = inner.core.escalate(&req).await;
            arm_probe(&inner);
            to_js(&r)
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
        super::promise(async move {
            let n = inner.core.flush().await;
            arm_probe(&inner);
            JsValue::from(n)
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
        super::promise(async move { JsValue::from_bool(inner.core.preload_assistant().await) })
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
        self.inner.listeners.clear();
    }
}
