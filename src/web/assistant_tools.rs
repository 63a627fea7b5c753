//! The JS `Assistant` class's `workflow` and `debug` methods: convert the
//! request, call [`crate::assistant::Assistant::workflow`] /
//! [`crate::assistant::Assistant::debug`], convert the answer.

use super::assistant::{busy, Assistant};
use super::convert::{from_js, to_js};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ASSISTANT_TOOLS: &str = r#"
/** `workflow` request. */
export interface WorkflowRequest {
  /** The automation in plain English, 3–500 characters once trimmed. */
  query: string;
  context?: AssistantContext;
}

/** Template families (`meta.pattern`). */
export type WorkflowPattern = "backup" | "sync" | "notify" | "email" | "data_entry" | "report" | "custom";

/** One workflow step. */
export interface WorkflowStep {
  type: "trigger" | "action" | "condition" | "delay" | "notification";
  label: string;
  /** Plain text (often quoting the request). */
  description: string;
  /** App display name, e.g. "Google Sheets". */
  app?: string;
  /** On a scheduled trigger: the user's words and a 5-field cron. */
  schedule?: { text: string; cron: string };
}

/** `workflow` answer. Unclear requests get a custom skeleton with a low confidence. */
export interface WorkflowResponse {
  success: true;
  /** Plain-text summary. */
  answer: string;
  /** Trigger first. */
  steps: WorkflowStep[];
  meta: {
    source: "server" | "fallback";
    pattern: WorkflowPattern;
    /** 0..1 */
    confidence: number;
    engine: string;
    fallbackReason?: FallbackReason;
  };
}

/** `debug` request. */
export interface DebugRequest {
  /** An error message, stack trace, HTTP response or log line, 3–500 characters once trimmed. */
  error: string;
  context?: AssistantContext;
}

/** Debug categories (`meta.category`). */
export type DebugCategory =
  | "timeout" | "auth" | "permission" | "not_found" | "network" | "rate_limit"
  | "validation" | "server_error" | "quota" | "config" | "unknown";

/** `debug` answer. */
export interface DebugResponse {
  success: true;
  answer: string;
  /** What the error means, including what each recognised signal means. */
  explanation: string;
  /** Fixes, in order. */
  steps: string[];
  prevention: string;
  meta: {
    source: "server" | "fallback";
    category: DebugCategory;
    /** 0..1 */
    confidence: number;
    engine: string;
    signals: {
      httpStatus?: number;
      errno?: string[];
      exceptions?: string[];
      providers?: string[];
      matched?: string[];
    };
    fallbackReason?: FallbackReason;
  };
}
"#;

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
            Ok(a) => match a.workflow(&req) {
                Ok(r) => to_js(&r),
                Err(e) => to_js(&e),
            },
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
            Ok(a) => match a.debug(&req) {
                Ok(r) => to_js(&r),
                Err(e) => to_js(&e),
            },
            Err(_) => busy(),
        }
    }
}
