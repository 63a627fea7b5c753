//! The browser implementations of the client's side-effect traits
//! ([`crate::bridge::client`]): `fetch` with one abort group per client and
//! the `online` flag (`js/http.js`), the assistant module fetched on demand
//! (or the in-process one), the page's `Telemetry`, `performance.now()`.
//! Each only converts between JS values and the core's types.

use super::convert::{as_function, to_js};
use super::platform::{Area, BrowserClock, BrowserRandom, WebStorage};
use crate::bridge::client::{Client, Http, HttpRequest, OfflineAssistant, Parts, TelemetrySink};
use crate::bridge::{Config, Endpoint, Transport};
use crate::json::Json;
use crate::platform::Clock;
#[cfg(feature = "assistant")]
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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
    /// Calls `cb(online)` on `online`/`offline`; returns the unsubscriber.
    #[wasm_bindgen(js_name = watchOnline)]
    pub(super) fn watch_online(cb: &js_sys::Function) -> js_sys::Function;
    #[wasm_bindgen(js_name = monotonicNow)]
    fn monotonic_now() -> f64;
    #[wasm_bindgen(js_name = loadAssistant)]
    fn load_assistant(custom: &JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = respondWith)]
    fn respond_with(module: &JsValue, endpoint: &str, body: &str) -> Option<String>;
}

/// The core client over the browser's side effects.
pub(super) type Core =
    Client<WebHttp, WebAssistant, WebStorage, WebSink, Monotonic, BrowserClock, BrowserRandom>;

/// `options[key]`, or `undefined`.
pub(super) fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `options[key]` if it is a function, else `undefined` (the default).
fn function_or_default(v: &JsValue, key: &str) -> JsValue {
    let f = get(v, key);
    if f.is_function() {
        f
    } else {
        JsValue::UNDEFINED
    }
}

/// The core client for `options` (`fetch`, `loadAssistant`, `telemetry`).
pub(super) fn core(cfg: Config, options: &JsValue) -> Core {
    let tel = get(options, "telemetry");
    Client::new(
        cfg,
        Parts {
            http: WebHttp {
                group: new_group(),
                fetch: function_or_default(options, "fetch"),
            },
            assistant: WebAssistant {
                loader: function_or_default(options, "loadAssistant"),
                #[cfg(feature = "assistant")]
                local: RefCell::new(None),
            },
            store: WebStorage::open(Area::Local),
            telemetry: tel.is_object().then_some(WebSink(tel)),
            clock: Monotonic,
            wall: BrowserClock,
            random: BrowserRandom,
        },
    )
}

/// `fetch` through `js/http.js`, one abort group per client.
pub(super) struct WebHttp {
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

/// What `js/http.js`'s `request` resolved to.
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

/// The assistant module, fetched on demand by `js/http.js` (or by
/// `options.loadAssistant`); in a build that has the assistant compiled in
/// (the browser tests) and no custom loader, the in-process one.
pub(super) struct WebAssistant {
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
    async fn answer(&self, endpoint: Endpoint, req: &Json) -> Option<Json> {
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
            &crate::json_write::ToJson::to_json(req),
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

/// The in-process assistant's answer (builds with the `assistant` feature).
#[cfg(feature = "assistant")]
fn local_answer(
    slot: &RefCell<Option<crate::assistant::Assistant>>,
    endpoint: Endpoint,
    req: &Json,
) -> Json {
    use crate::platform::Random;
    let (Ok(mut slot), Some(endpoint)) = (
        slot.try_borrow_mut(),
        crate::vocab::AssistantEndpoint::parse(endpoint.as_str()),
    ) else {
        return Json::Null;
    };
    let text = slot
        .get_or_insert_with(|| crate::assistant::Assistant::new(BrowserRandom.next_u64()))
        .answer(endpoint, req);
    crate::json::parse(&text).unwrap_or(Json::Null)
}

/// The page's `Telemetry` (or anything with a `track` method).
pub(super) struct WebSink(JsValue);

impl TelemetrySink for WebSink {
    fn track(&self, event: &str, props: Json) {
        let Some(track) = as_function(&get(&self.0, "track")) else {
            return;
        };
        let _ = track.call2(&self.0, &JsValue::from_str(event), &to_js(&props));
    }
}

/// `performance.now()`: the breaker and latencies.
pub(super) struct Monotonic;

impl Clock for Monotonic {
    fn now_ms(&self) -> f64 {
        monotonic_now()
    }
}
