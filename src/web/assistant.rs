//! The JS `Assistant` class: the offline assistant with no network at all.
//! Converts requests and answers; every decision is
//! [`crate::assistant::Assistant`]'s. (`workflow` and `debug` are added by
//! `web::assistant_tools`.)

use super::convert::from_js;
use super::platform::BrowserRandom;
use crate::assistant::json::ToJson;
use crate::platform::Random;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// The offline assistant: answers from the knowledge base compiled into the
/// module, with no network. `LevqorClient` uses it when the server cannot
/// answer; use it directly for an offline-only page. Never throws: bad input
/// answers `{ success: false, error, code }`.
///
/// @example
/// ```ts
/// const assistant = new Assistant();
/// const r = assistant.chat({ query: "How much is the yearly plan?", context: { page: "/pricing" } });
/// if (r.success) console.log(r.answer, r.meta.topic, r.suggestions);
/// else console.warn(r.code, r.error); // "query_too_short", …
/// ```
#[wasm_bindgen(js_name = Assistant)]
pub struct Assistant {
    pub(crate) inner: RefCell<crate::assistant::Assistant>,
}

impl Default for Assistant {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen(js_class = Assistant)]
impl Assistant {
    /// A new assistant (its conversation memory is its own).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Assistant {
        Assistant {
            inner: RefCell::new(crate::assistant::Assistant::new(BrowserRandom.next_u64())),
        }
    }

    /// Help and support answers (`POST /api/ai/chat`).
    ///
    /// @example
    /// ```ts
    /// const first = assistant.chat({ query: "how much is the pro plan" });
    /// const next = first.success && assistant.chat({ query: "and the yearly one?", conversationId: first.conversationId });
    /// ```
    #[wasm_bindgen(unchecked_return_type = "ChatResponse | AssistantError")]
    pub fn chat(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ChatRequest")] request: JsValue,
    ) -> JsValue {
        let req = from_js(&request);
        match self.inner.try_borrow_mut() {
            Ok(mut a) => respond(a.chat(&req)),
            Err(_) => busy(),
        }
    }

    /// The next step of the guided path (`POST /api/ai/onboarding/next-step`).
    ///
    /// @example
    /// ```ts
    /// const r = assistant.onboardingNextStep({ completed: ["profile_setup"] });
    /// if (r.success) console.log(r.step.title, `${r.progress.percent}%`);
    /// ```
    #[wasm_bindgen(js_name = onboardingNextStep, unchecked_return_type = "OnboardingResponse | AssistantError")]
    pub fn onboarding_next_step(
        &self,
        #[wasm_bindgen(unchecked_param_type = "OnboardingRequest")] request: JsValue,
    ) -> JsValue {
        let req = from_js(&request);
        match self.inner.try_borrow() {
            Ok(a) => respond(a.onboarding_next_step(&req)),
            Err(_) => busy(),
        }
    }
}

/// An endpoint's result as the plain JS object: the answer or the typed
/// error, written as JSON text ([`ToJson`], no serde serializer in this
/// module) and parsed by `JSON.parse`.
pub(crate) fn respond<T: ToJson>(result: Result<T, crate::assistant::AssistantError>) -> JsValue {
    match result {
        Ok(r) => parsed(&r.to_json()),
        Err(e) => parsed(&e.to_json()),
    }
}

fn parsed(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Re-entrant call (a getter in the request calling back into the same
/// instance): answered, not panicked.
pub(crate) fn busy() -> JsValue {
    parsed(
        &crate::assistant::AssistantError::new(
            crate::assistant::ErrorCode::InvalidType,
            "The assistant is busy with another call on this instance.",
        )
        .to_json(),
    )
}

thread_local! {
    /// The instance behind [`respond_json`]: one per module, so a
    /// conversation started by one fallback answer continues in the next.
    static SHARED: RefCell<Option<crate::assistant::Assistant>> = const { RefCell::new(None) };
}

/// Answers one endpoint's request given as JSON text, as JSON text: the
/// interface `LevqorClient` (in the core module) uses once it has fetched
/// this module. Conversations persist across calls. Never throws: an unknown
/// endpoint or text that is not JSON answers a typed error.
///
/// @example
/// ```ts
/// import init, { respondJson } from "levqor-wasm/assistant";
/// await init();
/// const reply = JSON.parse(respondJson("chat", JSON.stringify({ query: "is there a free trial?" })));
/// ```
#[wasm_bindgen(js_name = respondJson)]
pub fn respond_json(
    #[wasm_bindgen(unchecked_param_type = "AssistantEndpoint")] endpoint: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] request: JsValue,
) -> String {
    let endpoint = endpoint.as_string().unwrap_or_default();
    let text = request.as_string().unwrap_or_default();
    let req: crate::json::Json = match crate::json::parse(&text) {
        Some(v) => v,
        None => {
            return error_json(
                crate::assistant::ErrorCode::InvalidJson,
                "The request is not JSON text.",
            )
        }
    };
    SHARED.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return error_json(
                crate::assistant::ErrorCode::InvalidType,
                "The assistant is busy with another call.",
            );
        };
        let a =
            slot.get_or_insert_with(|| crate::assistant::Assistant::new(BrowserRandom.next_u64()));
        let Some(endpoint) = crate::vocab::AssistantEndpoint::parse(&endpoint) else {
            return error_json(
                crate::assistant::ErrorCode::InvalidType,
                "Unknown endpoint: expected chat, workflow, debug or onboarding.",
            );
        };
        a.answer(endpoint, &req)
    })
}

fn error_json(code: crate::assistant::ErrorCode, msg: &str) -> String {
    crate::assistant::AssistantError::new(code, msg).to_json()
}
