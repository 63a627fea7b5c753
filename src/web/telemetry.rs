//! The browser wiring of telemetry: the JS `Telemetry` class. Converts
//! arguments, runs the flush timer (gloo-timers), listens for
//! `visibilitychange`/`pagehide`/`online`/`offline`, and hands sends to
//! `js/transport.js` (or a `transport` override). Every decision is made by
//! [`crate::telemetry::Telemetry`].

use super::convert::{from_js, json_to_js, to_js};
use super::platform::{Area, BrowserClock, BrowserRandom, WebStorage};
use crate::json_write::Obj;
use crate::platform::Clock;
use crate::telemetry::{Options, Outgoing, Telemetry as Core, TrackResult};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/web/js/transport.js")]
extern "C" {
    #[wasm_bindgen(js_name = postJson)]
    fn post_json(url: &str, body: &str, keepalive: bool) -> js_sys::Promise;
    #[wasm_bindgen(js_name = isOnline)]
    fn is_online() -> bool;
}

#[wasm_bindgen]
extern "C" {
    /// `TelemetryOptions` (declared in the TypeScript section below); read
    /// defensively, whatever JS passes.
    #[wasm_bindgen(typescript_type = "TelemetryOptions")]
    pub type TelemetryOptionsJs;
}

/// `TelemetryEventName`, the bucket labels and `TelemetryEventProps`,
/// generated from `src/telemetry/events.json` (and `src/vocab/vocab.txt`).
#[wasm_bindgen(typescript_custom_section)]
const TS_TELEMETRY_EVENTS: &str = include_str!(concat!(env!("OUT_DIR"), "/telemetry.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_TELEMETRY: &str = r#"
/**
 * The answer of `Telemetry.track`. `"destroyed"` after `destroy()`. The
 * accepted answer is one frozen object shared by every call.
 */
export type TelemetryTrackResult =
  | { readonly accepted: true }
  | { accepted: false; reason: TelemetryRefusalReason | "destroyed" };

/** One request for a custom transport. */
export interface TelemetryTransportRequest {
  /** The endpoint URL. */
  url: string;
  /** The JSON batch (see the README's wire format). */
  body: string;
  /** True on page hide: use `fetch(…, { keepalive: true })` or `sendBeacon`. */
  keepalive: boolean;
}

/** What a transport reports; `status: 0` means no answer (network error). */
export interface TelemetryTransportResponse {
  status: number;
  /** The `Retry-After` header, honoured on 429/503. */
  retryAfter?: string | null;
}

/** Options of `new Telemetry(...)`; out-of-range numbers are clamped, wrong types use the default. */
export interface TelemetryOptions {
  /** Batch URL. Default `"/api/telemetry/events"`. */
  endpoint?: string;
  /** Timer flush period in ms. Default 30000, range 1000–3600000. */
  flushIntervalMs?: number;
  /**
   * Events since the last flush that trigger an early flush. Default 0: off,
   * so requests are bounded by time (one per `flushIntervalMs`, one on page
   * hide, and one more only when a batch reaches `maxBodyBytes`). Range 0–100000.
   */
  maxBatchEvents?: number;
  /** Shortest time in ms between two writes of changing counts to localStorage (what a crash can lose). Default 2000, range 250–60000. */
  persistIntervalMs?: number;
  /** localStorage key. Default `"levqor:telemetry"`. */
  storageKey?: string;
  /** Largest request body in bytes. Default 60000, range 2048–65536. */
  maxBodyBytes?: number;
  /** Bound on the stored state in bytes. Default 131072, range 8192–2000000. */
  maxStoredBytes?: number;
  /** First retry delay in ms. Default 2000, range 100–600000. */
  backoffBaseMs?: number;
  /** Longest retry delay in ms. Default 300000, range 1000–86400000. */
  backoffMaxMs?: number;
  /** Wire format: `"levqor"` (default; the README's wire format v1) or `"otlp"` (OTLP/HTTP JSON metrics, the same counts: point `endpoint` at a collector's `/v1/metrics`). */
  format?: "levqor" | "otlp";
  /** With `format: "otlp"`: the resource's `service.name`. Default `"levqor-web"`. */
  serviceName?: string;
  /** Replaces the built-in fetch/sendBeacon transport (tests, custom clients). */
  transport?: (req: TelemetryTransportRequest) => Promise<TelemetryTransportResponse> | TelemetryTransportResponse;
}

/** Loss counters, reported in the next batch. */
export interface TelemetryDropped {
  events: number;
  rows: number;
  corrupt: number;
  rejected: number;
}

/** `Telemetry.stats()`. */
export interface TelemetryStats {
  accepted: number;
  refused: Partial<Record<TelemetryRefusalReason, number>>;
  deliveredBatches: number;
  failedAttempts: number;
  queuedBatches: number;
  pending: number;
  dropped: TelemetryDropped;
  storageErrors: number;
}

/** What `Telemetry.flush()` resolves to. */
export interface TelemetryFlushResult {
  /** Batches sent in this flush. */
  attempted: number;
  /** Of those, confirmed by a 2xx. */
  delivered: number;
  /** Events still not delivered. */
  pending: number;
}

export interface Telemetry {
  /**
   * Counts one event. Never throws: refusals (unknown event or prop, free
   * text, personal data…) are counted per reason and answered.
   *
   * @example
   * ```ts
   * t.track("api_call", { endpoint: "chat", source: "server", outcome: "ok", latency: 412 }); // { accepted: true }
   * t.track("ai_request", { page: "/users/jo@example.com" }); // { accepted: false, reason: "email" }
   * ```
   */
  track<E extends TelemetryEventName>(event: E, props?: TelemetryEventProps[E]): TelemetryTrackResult;
}
"#;

/// A registered DOM listener, kept to remove it on `destroy()`.
type Listener = (
    web_sys::EventTarget,
    &'static str,
    Closure<dyn FnMut(web_sys::Event)>,
);

type WebCore = Core<BrowserClock, WebStorage, BrowserRandom>;

struct Inner {
    core: RefCell<WebCore>,
    transport: Option<js_sys::Function>,
    /// `format: "otlp"`: the `service.name` bodies are re-encoded with.
    otlp: Option<String>,
    listeners: RefCell<Vec<Listener>>,
    timer: RefCell<Option<Timeout>>,
    destroyed: Cell<bool>,
    /// `{ accepted: true }`, frozen and made once: the answer to nearly every
    /// `track`, which then costs no serialisation.
    accepted: JsValue,
}

/// Privacy-safe, batched usage telemetry: validates and aggregates events,
/// sends one batch per flush interval and one on page hide (more only when a
/// batch reaches the body limit), writes the counts to localStorage every
/// few seconds while they change, and keeps undelivered batches there
/// across reloads.
///
/// @example
/// ```ts
/// const t = new Telemetry({ flushIntervalMs: 30_000 });
/// t.track("ai_request", { endpoint: "chat", source: "fallback", query_length: 42, page: location.pathname });
/// t.track("ai_request", { page: "/users/jo@example.com" }); // { accepted: false, reason: "email" }
/// await t.flush();
/// t.destroy();
/// ```
#[wasm_bindgen(js_name = Telemetry)]
#[derive(Clone)]
pub struct WebTelemetry {
    inner: Rc<Inner>,
}

fn read_field(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Starts one send now (synchronously, so it works inside `pagehide`) and
/// returns the promise of its status.
fn start_send(inner: &Inner, url: &str, o: &Outgoing) -> js_sys::Promise {
    let otlp = inner.otlp.as_deref();
    let otlp = otlp.and_then(|service| crate::telemetry::otlp::from_levqor_body(&o.body, service));
    let body = otlp.as_deref().unwrap_or(&o.body);
    match &inner.transport {
        None => post_json(url, body, o.keepalive),
        Some(f) => {
            let req = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&req, &"url".into(), &url.into());
            let _ = js_sys::Reflect::set(&req, &"body".into(), &body.into());
            let _ = js_sys::Reflect::set(&req, &"keepalive".into(), &o.keepalive.into());
            match f.call1(&JsValue::NULL, &req) {
                Ok(v) => js_sys::Promise::resolve(&v),
                Err(_) => js_sys::Promise::resolve(&JsValue::NULL),
            }
        }
    }
}

/// Status and Retry-After of a transport answer (anything odd is status 0).
fn read_response(v: &JsValue) -> (u16, Option<String>) {
    let status = read_field(v, "status")
        .as_f64()
        .filter(|s| s.is_finite() && (0.0..=999.0).contains(s))
        .map_or(0, |s| s as u16);
    (status, read_field(v, "retryAfter").as_string())
}

/// Dispatches the sends; the returned futures resolve to "delivered?".
fn dispatch(inner: &Rc<Inner>, sends: Vec<Outgoing>) -> Vec<js_sys::Promise> {
    let url = inner.core.borrow().options().endpoint.clone();
    let mut out = Vec::new();
    for o in sends {
        let p = start_send(inner, &url, &o);
        let weak = Rc::downgrade(inner);
        let id = o.batch_id;
        let done = super::promise(async move {
            let (status, retry_after) = match JsFuture::from(p).await {
                Ok(v) => read_response(&v),
                Err(_) => (0, None),
            };
            if let Some(inner) = weak.upgrade() {
                inner
                    .core
                    .borrow_mut()
                    .on_result(&id, status, retry_after.as_deref());
                schedule(&inner);
            }
            JsValue::from_bool((200..300).contains(&status))
        });
        out.push(done);
    }
    out
}

/// (Re)arms the single timer for the core's next wakeup.
fn schedule(inner: &Rc<Inner>) {
    if inner.destroyed.get() {
        return;
    }
    let now = BrowserClock.now_ms();
    let at = inner.core.borrow().next_wakeup();
    let delay = (at - now).clamp(50.0, 2_147_483_647.0) as u32;
    let weak: Weak<Inner> = Rc::downgrade(inner);
    let t = Timeout::new(delay, move || {
        if let Some(inner) = weak.upgrade() {
            if inner.destroyed.get() {
                return;
            }
            let sends = inner.core.borrow_mut().tick();
            dispatch(&inner, sends);
            schedule(&inner);
        }
    });
    // Dropping the old Timeout cancels it.
    *inner.timer.borrow_mut() = Some(t);
}

/// After an event was counted: seal now if the batch is full, and re-arm
/// the timer when counts just started waiting for a write (the write is due
/// within `persistIntervalMs`, sooner than the flush timer).
fn after_count(inner: &Rc<Inner>, was_dirty: bool) {
    if inner.core.borrow().wants_flush() {
        let sends = inner.core.borrow_mut().tick();
        dispatch(inner, sends);
        schedule(inner);
    } else if !was_dirty && inner.core.borrow().is_dirty() {
        schedule(inner);
    }
}

fn on_page_hide(inner: &Rc<Inner>) {
    if inner.destroyed.get() {
        return;
    }
    let sends = inner.core.borrow_mut().page_hide();
    dispatch(inner, sends);
}

fn listen(
    inner: &Rc<Inner>,
    target: web_sys::EventTarget,
    kind: &'static str,
    f: fn(&Rc<Inner>, &web_sys::Event),
) {
    let weak = Rc::downgrade(inner);
    let cb = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        if let Some(inner) = weak.upgrade() {
            f(&inner, &e);
        }
    });
    if target
        .add_event_listener_with_callback(kind, cb.as_ref().unchecked_ref())
        .is_ok()
    {
        inner.listeners.borrow_mut().push((target, kind, cb));
    }
}

#[wasm_bindgen(js_class = Telemetry)]
impl WebTelemetry {
    /// Creates a telemetry instance, reading what an earlier page left in
    /// localStorage under `storageKey`. Never throws: bad options fall back
    /// to their defaults.
    ///
    /// @example
    /// ```ts
    /// const t = new Telemetry({ endpoint: "/api/telemetry/events", flushIntervalMs: 15000 });
    /// ```
    #[wasm_bindgen(constructor)]
    pub fn new(options: Option<TelemetryOptionsJs>) -> WebTelemetry {
        let options: JsValue = options.map_or(JsValue::UNDEFINED, Into::into);
        let json = from_js(&options);
        let mut opts = Options::from_json(&json);
        let otlp = crate::telemetry::otlp::wants_otlp(&json)
            .then(|| crate::telemetry::otlp::service_name(&json));
        if otlp.is_some() {
            // OTLP bodies are up to BODY_EXPANSION times longer: size batches for that.
            opts.max_body_bytes /= crate::telemetry::otlp::BODY_EXPANSION;
        }
        let transport = if options.is_object() {
            super::convert::as_function(&read_field(&options, "transport"))
        } else {
            None
        };
        let mut core = Core::new(
            opts,
            BrowserClock,
            WebStorage::open(Area::Local),
            BrowserRandom,
        );
        core.set_online(is_online());
        let inner = Rc::new(Inner {
            core: RefCell::new(core),
            transport,
            otlp,
            listeners: RefCell::new(Vec::new()),
            timer: RefCell::new(None),
            destroyed: Cell::new(false),
            accepted: js_sys::Object::freeze(&js_sys::Object::from(to_js(&TrackResult {
                accepted: true,
                reason: None,
            })))
            .into(),
        });
        if let Some(w) = web_sys::window() {
            if let Some(doc) = w.document() {
                listen(&inner, doc.into(), "visibilitychange", |i, _| {
                    let hidden = web_sys::window()
                        .and_then(|w| w.document())
                        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
                    if hidden {
                        on_page_hide(i);
                    }
                });
            }
            let target: web_sys::EventTarget = w.into();
            listen(&inner, target.clone(), "pagehide", |i, _| on_page_hide(i));
            listen(&inner, target.clone(), "online", |i, _| {
                i.core.borrow_mut().set_online(true);
                let sends = i.core.borrow_mut().tick();
                dispatch(i, sends);
                schedule(i);
            });
            listen(&inner, target, "offline", |i, _| {
                i.core.borrow_mut().set_online(false)
            });
        }
        schedule(&inner);
        WebTelemetry { inner }
    }

    /// Counts one event. Never throws: refusals (unknown event or prop,
    /// free text, personal data…) are counted per reason and answered.
    ///
    /// @example
    /// ```ts
    /// t.track("api_call", { endpoint: "chat", source: "server", outcome: "ok", latency: 412 }); // { accepted: true }
    /// t.track("ai_request", { page: "/users/jo@example.com" }); // { accepted: false, reason: "email" }
    /// ```
    // Typed in TS_TELEMETRY (`interface Telemetry`): a generic signature ties
    // the props to the event, which a per-parameter type cannot.
    #[wasm_bindgen(skip_typescript)]
    pub fn track(&self, event: JsValue, props: JsValue) -> JsValue {
        if self.inner.destroyed.get() {
            let mut out = String::new();
            Obj::new(&mut out)
                .bool("accepted", false)
                .str("reason", "destroyed")
                .end();
            return json_to_js(&out);
        }
        let was_dirty = self.inner.core.borrow().is_dirty();
        let r = self
            .inner
            .core
            .borrow_mut()
            .track(&from_js(&event), &from_js(&props));
        after_count(&self.inner, was_dirty);
        if r.accepted {
            self.inner.accepted.clone()
        } else {
            to_js(&r)
        }
    }

    /// Seals what is counted and sends every waiting batch now (ignoring
    /// backoff; nothing is sent while offline). Resolves when the sends are
    /// answered; never rejects.
    ///
    /// @example
    /// ```ts
    /// const { delivered, pending } = await t.flush();
    /// ```
    #[wasm_bindgen(unchecked_return_type = "Promise<TelemetryFlushResult>")]
    pub fn flush(&self) -> js_sys::Promise {
        let inner = self.inner.clone();
        let sends = if inner.destroyed.get() {
            Vec::new()
        } else {
            inner.core.borrow_mut().flush()
        };
        let promises = dispatch(&inner, sends);
        schedule(&inner);
        super::promise(async move {
            let attempted = promises.len();
            let mut delivered = 0;
            for p in promises {
                if JsFuture::from(p).await.ok().and_then(|v| v.as_bool()) == Some(true) {
                    delivered += 1;
                }
            }
            let pending = inner.core.borrow().pending();
            let mut out = String::new();
            Obj::new(&mut out)
                .uint("attempted", attempted as u64)
                .uint("delivered", delivered)
                .uint("pending", pending)
                .end();
            json_to_js(&out)
        })
    }

    /// Events counted but not yet confirmed delivered.
    ///
    /// @example
    /// ```ts
    /// t.pending(); // 3
    /// ```
    pub fn pending(&self) -> f64 {
        self.inner.core.borrow().pending() as f64
    }

    /// Counters: accepted, refused per reason, deliveries, losses.
    ///
    /// @example
    /// ```ts
    /// t.stats().refused.email; // 1
    /// ```
    #[wasm_bindgen(unchecked_return_type = "TelemetryStats")]
    pub fn stats(&self) -> JsValue {
        to_js(&self.inner.core.borrow().stats())
    }

    /// Saves the state, removes the listeners and the timer. Further calls
    /// are no-ops (`track` answers `reason: "destroyed"`).
    ///
    /// @example
    /// ```ts
    /// useEffect(() => { const t = new Telemetry(); return () => t.destroy(); }, []);
    /// ```
    pub fn destroy(&self) {
        if self.inner.destroyed.replace(true) {
            return;
        }
        self.inner.core.borrow_mut().persist();
        self.inner.timer.borrow_mut().take();
        for (target, kind, cb) in self.inner.listeners.borrow_mut().drain(..) {
            let _ = target.remove_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        }
    }
}

/// Rust-side API for other boundary code (the bridge): a clone shares the
/// same instance, so a JS method taking `&WebTelemetry` can keep one.
impl WebTelemetry {
    /// Records one `api_call` (see [`crate::telemetry::Telemetry::api_call`])
    /// and flushes on size when due. Refused after `destroy()`.
    pub fn record_api_call(
        &self,
        endpoint: &str,
        source: &str,
        outcome: &str,
        latency_ms: Option<f64>,
    ) -> crate::telemetry::TrackResult {
        self.record(|core| core.api_call(endpoint, source, outcome, latency_ms))
    }

    /// Records any event with typed props (e.g. `ai_fallback_used`).
    pub fn record_event<'a>(
        &self,
        event: &str,
        props: impl IntoIterator<Item = (&'a str, crate::telemetry::Prop<'a>)>,
    ) -> crate::telemetry::TrackResult {
        self.record(|core| core.track_event(event, props))
    }

    fn record(
        &self,
        f: impl FnOnce(&mut WebCore) -> crate::telemetry::TrackResult,
    ) -> crate::telemetry::TrackResult {
        if self.inner.destroyed.get() {
            return crate::telemetry::TrackResult {
                accepted: false,
                reason: None,
            };
        }
        let was_dirty = self.inner.core.borrow().is_dirty();
        let r = f(&mut self.inner.core.borrow_mut());
        after_count(&self.inner, was_dirty);
        r
    }
}
