//! The JS `Assistant` class's `workflow` and `debug` methods: convert the
//! request, call [`crate::assistant::Assistant::workflow`] /
//! [`crate::assistant::Assistant::debug`], convert the answer. Their TS
//! types (`WorkflowRequest`, `WorkflowResponse`, `DebugRequest`,
//! `DebugResponse`, …) are declared once, in `web::assistant`.

use super::assistant::{busy, respond, Assistant};
use super::convert::from_js;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = Assistant)]
impl Assistant {
    /// Plain English to workflow steps (`POST /api/ai/workflow`). Never throws.
    ///
    /// @example
    /// ```ts
    /// const r = assistant.workflow({ query: "every night back up Dropbox to S3" });
    /// if (r.success) console.log(r.meta.pattern, r.steps.map(s => `${s.type}: ${s.app ?? s.label}`));
    /// ```
    #[wasm_bindgen(unchecked_return_type = "WorkflowResponse | AssistantError")]
    pub fn workflow(
        &self,
        #[wasm_bindgen(unchecked_param_type = "WorkflowRequest")] request: JsValue,
    ) -> JsValue {
        let req = from_js(&request);
        match self.inner.try_borrow() {
            Ok(a) => respond(a.workflow(&req)),
            Err(_) => busy(),
        }
    }

    /// Explains an error and how to fix it (`POST /api/ai/debug`). Never throws.
    ///
    /// @example
    /// ```ts
    /// const r = assistant.debug({ error: "Request failed with status code 429" });
    /// if (r.success) console.log(r.meta.category, r.meta.signals.httpStatus, r.steps[0]);
    /// ```
    #[wasm_bindgen(unchecked_return_type = "DebugResponse | AssistantError")]
    pub fn debug(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DebugRequest")] request: JsValue,
    ) -> JsValue {
        let req = from_js(&request);
        match self.inner.try_borrow() {
            Ok(a) => respond(a.debug(&req)),
            Err(_) => busy(),
        }
    }
}
