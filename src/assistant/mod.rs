//! The offline assistant: the four endpoints that mirror the server's
//! `/api/ai/*` (chat, workflow, debug, onboarding), sharing one validation
//! step ([`validate`]), one compiled knowledge base ([`kb`]) and one matching
//! engine ([`crate::text`]).

pub mod catalog;
pub mod chat;
mod chat_features;
pub mod chat_model;
pub mod debug;
pub mod kb;
pub mod onboarding;
pub mod validate;
pub mod workflow;

pub use chat::{ChatMeta, ChatResponse};
pub use onboarding::OnboardingResponse;
pub use validate::{validate_query, AssistantError, ErrorCode, MAX_CHARS, MIN_CHARS};

use crate::vocab::AssistantEndpoint;
use serde_json::Value;
// for `chat_features`, which build.rs also includes (with its own `text`)
use crate::text;

/// Conversations remembered for follow-up questions (least recently used
/// are forgotten first).
pub const MAX_CONVERSATIONS: usize = 64;

/// The assistant. Holds only the short conversation memory; the knowledge
/// base is static.
#[derive(Debug)]
pub struct Assistant {
    conversations: Vec<chat::Conversation>,
    ids: u64,
    clock: u64,
    memory: bool,
}

impl Assistant {
    /// A new assistant; `seed` makes generated conversation ids unique
    /// (the browser passes a random value, tests a fixed one).
    pub fn new(seed: u64) -> Self {
        Self {
            conversations: Vec::new(),
            ids: seed,
            clock: 0,
            memory: true,
        }
    }

    /// Whether follow-ups use the conversation's previous topic (on by
    /// default; off answers every question on its own).
    pub fn set_memory(&mut self, on: bool) {
        self.memory = on;
    }

    /// `POST /api/ai/chat`: answers `{ query, context?, conversationId? }`.
    pub fn chat(&mut self, request: &Value) -> Result<ChatResponse, AssistantError> {
        chat::respond(self, request)
    }

    /// `POST /api/ai/onboarding/next-step`: answers `{ completed, context? }`.
    pub fn onboarding_next_step(
        &self,
        request: &Value,
    ) -> Result<OnboardingResponse, AssistantError> {
        onboarding::respond(request)
    }

    /// Answers `endpoint`'s request as JSON: the answer, or its typed error
    /// (`{ success: false, error, code }`). One dispatch for every caller
    /// that names the endpoint (the client's in-process fallback and
    /// `respondJson`).
    pub fn answer(&mut self, endpoint: AssistantEndpoint, request: &Value) -> Value {
        let answer = match endpoint {
            AssistantEndpoint::Chat => self.chat(request).map(serde_json::to_value),
            AssistantEndpoint::Workflow => self.workflow(request).map(serde_json::to_value),
            AssistantEndpoint::Debug => self.debug(request).map(serde_json::to_value),
            AssistantEndpoint::Onboarding => {
                self.onboarding_next_step(request).map(serde_json::to_value)
            }
        };
        match answer {
            Ok(Ok(v)) => v,
            Ok(Err(_)) => serde_json::to_value(AssistantError::new(
                ErrorCode::InvalidType,
                "The answer could not be encoded.",
            ))
            .unwrap_or(Value::Null),
            Err(e) => serde_json::to_value(e).unwrap_or(Value::Null),
        }
    }
}

impl Default for Assistant {
    fn default() -> Self {
        Self::new(0x1e7_c0de)
    }
}

/// Serialises a confidence as a two-decimal `f64` (0.9, not the
/// 0.9000000357627869 an `f32` becomes inside a `serde_json::Value`).
pub(crate) fn confidence<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 100.0).round() / 100.0)
}
