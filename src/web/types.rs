//! The TypeScript types both wasm modules share: the four endpoints'
//! requests and answers and why an answer came from the wasm. The core's
//! `LevqorClient` returns them and the assistant's `Assistant` produces
//! them, so each module's `.d.ts` declares them (no code, only types), with
//! the generated vocabulary unions.

use wasm_bindgen::prelude::*;

/// The closed vocabularies as TypeScript unions (`ChatTopic`,
/// `WorkflowPattern`, `DebugCategory`, `OnboardingStepId`, `ExitIntentReason`,
/// `FallbackReason`, `ClientStatus`, …), generated from `src/vocab/vocab.txt`.
#[wasm_bindgen(typescript_custom_section)]
const TS_VOCAB: &str = include_str!(concat!(env!("OUT_DIR"), "/vocab.d.ts"));

#[wasm_bindgen(typescript_custom_section)]
const TS_ANSWERS: &str = r#"
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
  /** Never set on an answer; declared so `reply.success ? reply.answer : reply.error` narrows with or without `strictNullChecks`. */
  error?: never;
  /** Never set on an answer (see `error`). */
  code?: never;
  answer: string;
  /** What to do, in order (may be empty). */
  steps: string[];
  /** 2–4 related questions, each a section title or question the chat answers when sent back: first the next most likely answer (the runner-up section), then the answer's related questions. */
  suggestions: string[];
  /** Offer "talk to a human": low confidence, a request for a person, an angry complaint or a payment dispute. */
  escalationSuggested: boolean;
  conversationId: string;
  meta: {
    source: AnswerSource;
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
  /** Never set on an answer; declared so `reply.success ? reply.answer : reply.error` narrows with or without `strictNullChecks`. */
  error?: never;
  /** Never set on an answer (see `error`). */
  code?: never;
  /** A plain-text summary. */
  answer: string;
  steps: WorkflowStep[];
  meta: {
    source: AnswerSource;
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
  /** Never set on an answer; declared so `reply.success ? reply.answer : reply.error` narrows with or without `strictNullChecks`. */
  error?: never;
  /** Never set on an answer (see `error`). */
  code?: never;
  answer: string;
  /** What the error means, in context. */
  explanation: string;
  /** How to fix it, in order. */
  steps: string[];
  prevention: string;
  meta: {
    source: AnswerSource;
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

/** `onboardingNextStep` answer. */
export interface OnboardingResponse {
  success: true;
  /** Never set on an answer; declared so `reply.success ? reply.answer : reply.error` narrows with or without `strictNullChecks`. */
  error?: never;
  /** Never set on an answer (see `error`). */
  code?: never;
  step: { id: OnboardingStepId | string; title: string; description: string; tips: string[]; estimatedMinutes: number };
  progress: { done: number; total: number; percent: number };
  meta: { source: AnswerSource; engine: string; confidence?: number; fallbackReason?: FallbackReason };
}
"#;
