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
