//! The JS `Assistant` class: the offline assistant with no network at all.
//! Converts requests and answers; every decision is
//! [`crate::assistant::Assistant`]'s. (`workflow` and `debug` are added by
//! `web::assistant_tools`.)

use super::convert::{from_js, to_js};
use super::platform::BrowserRandom;
use crate::platform::Random;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ASSISTANT: &str = r#"
/** The chat's topics (`meta.topic`). */
export type ChatTopic =
  | "pricing" | "trial" | "cancel_refund" | "billing" | "workflow" | "integrations"
  | "troubleshooting" | "privacy_data" | "support" | "account" | "other";

/** Optional hints every assistant request may carry; unknown keys are ignored, a non-object is treated as empty. */
export interface AssistantContext {
  /** The page path, e.g. "/pricing" (breaks ties between topics). */
  page?: string;
  tier?: string;
  locale?: string;
}

/** `chat` request. */
export interface ChatRequest {
  /** 3–500 characters once trimmed. */
  query: string;
  context?: AssistantContext;
  /** From a previous answer, so follow-ups ("and the yearly one?") resolve. */
  conversationId?: string;
}

/** `chat` answer. Text is plain text: render it as text, never as HTML. */
export interface ChatResponse {
  success: true;
  answer: string;
  /** What to do, in order (may be empty). */
  steps: string[];
  /** 2–4 related questions. */
  suggestions: string[];
  /** Offer "talk to a human": low confidence, a request for a person, an angry complaint or a payment dispute. */
  escalationSuggested: boolean;
  conversationId: string;
  meta: {
    source: "server" | "fallback";
    topic: ChatTopic;
    /** 0..1 */
    confidence: number;
    engine: string;
    /** Why the wasm answered (set by LevqorClient). */
    fallbackReason?: FallbackReason;
  };
}

/** `workflow` request: the automation in plain English. */
export interface WorkflowRequest {
  /** 3–500 characters once trimmed. */
  query: string;
  context?: AssistantContext;
}

export type WorkflowStepType = "trigger" | "action" | "condition" | "delay" | "notification";
export type WorkflowPattern = "backup" | "sync" | "notify" | "email" | "data_entry" | "report" | "custom";

/** One step of a planned workflow. */
export interface WorkflowStep {
  type: WorkflowStepType;
  label: string;
  description: string;
  /** Display name from the app catalog, e.g. "Google Sheets". */
  app?: string;
  /** For scheduled triggers and delays: words and a cron expression. */
  schedule?: { text: string; cron: string };
}

/** `workflow` answer. */
export interface WorkflowResponse {
  success: true;
  /** A plain-text summary. */
  answer: string;
  steps: WorkflowStep[];
  meta: {
    source: "server" | "fallback";
    pattern: WorkflowPattern;
    /** 0..1; an unclear request gets a custom skeleton with low confidence. */
    confidence: number;
    engine: string;
    fallbackReason?: FallbackReason;
  };
}

/** `debug` request: an error message, stack trace, HTTP response or log line. */
export interface DebugRequest {
  /** 3–500 characters once trimmed. */
  error: string;
  context?: AssistantContext;
}

export type DebugCategory =
  | "timeout" | "auth" | "permission" | "not_found" | "network" | "rate_limit"
  | "validation" | "server_error" | "quota" | "config" | "unknown";

/** What the analysis recognised in the text. */
export interface DebugSignals {
  httpStatus?: number;
  errno?: string[];
  /** Provider or protocol error codes as printed: "invalid_grant", "28P01", "UNAUTHENTICATED", "535". */
  codes?: string[];
  exceptions?: string[];
  providers?: string[];
  matched?: string[];
  [key: string]: string | number | boolean | Array<string | number | boolean> | undefined;
}

/** `debug` answer. */
export interface DebugResponse {
  success: true;
  answer: string;
  /** What the error means, in context. */
  explanation: string;
  /** How to fix it, in order. */
  steps: string[];
  prevention: string;
  meta: {
    source: "server" | "fallback";
    category: DebugCategory;
    confidence: number;
    engine: string;
    signals: DebugSignals;
    fallbackReason?: FallbackReason;
  };
}

/** `onboardingNextStep` request: the step ids done so far (unknown ids are ignored). */
export interface OnboardingRequest {
  completed?: string[];
  context?: AssistantContext;
}

/** Ids of the guided path, in order, then "all_set". */
export type OnboardingStepId = "profile_setup" | "first_workflow" | "explore_templates" | "invite_team" | "optimise_plan" | "all_set";

/** `onboardingNextStep` answer. */
export interface OnboardingResponse {
  success: true;
  step: { id: OnboardingStepId | string; title: string; description: string; tips: string[]; estimatedMinutes: number };
  progress: { done: number; total: number; percent: number };
  meta: { source: "server" | "fallback"; engine: string; confidence?: number; fallbackReason?: FallbackReason };
}
"#;

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

/// An endpoint's result as the plain JS object: the answer or the typed error.
pub(crate) fn respond<T: serde::Serialize>(
    result: Result<T, crate::assistant::AssistantError>,
) -> JsValue {
    match result {
        Ok(r) => to_js(&r),
        Err(e) => to_js(&e),
    }
}

/// Re-entrant call (a getter in the request calling back into the same
/// instance): answered, not panicked.
pub(crate) fn busy() -> JsValue {
    to_js(&crate::assistant::AssistantError::new(
        crate::assistant::ErrorCode::InvalidType,
        "The assistant is busy with another call on this instance.",
    ))
}
