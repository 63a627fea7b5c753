//! The offline assistant: the four endpoints that mirror the server's
//! `/api/ai/*` (chat, workflow, debug, onboarding), sharing one validation
//! step ([`validate`]), one compiled knowledge base ([`kb`]) and one matching
//! engine ([`crate::text`]).

pub mod catalog;
pub mod chat;
mod chat_features;
pub mod chat_model;
pub mod debug;
pub(crate) mod json;
pub mod kb;
pub mod onboarding;
mod packed;
pub mod validate;
pub mod workflow;

pub use chat::{ChatMeta, ChatResponse};
pub use onboarding::OnboardingResponse;
pub use validate::{validate_query, AssistantError, ErrorCode, MAX_CHARS, MIN_CHARS};

use crate::json::Json;
use crate::vocab::AssistantEndpoint;
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
    pub fn chat(&mut self, request: &Json) -> Result<ChatResponse, AssistantError> {
        chat::respond(self, request)
    }

    /// `POST /api/ai/onboarding/next-step`: answers `{ completed, context? }`.
    pub fn onboarding_next_step(
        &self,
        request: &Json,
    ) -> Result<OnboardingResponse, AssistantError> {
        onboarding::respond(request)
    }

    /// Answers `endpoint`'s request as JSON text: the answer, or its typed
    /// error (`{ success: false, error, code }`). One dispatch for every
    /// caller that names the endpoint (`respondJson`, and the client's
    /// in-process fallback in the browser tests). Text, not a [`Json`]: each
    /// answer is written once, with no intermediate tree.
    pub fn answer(&mut self, endpoint: AssistantEndpoint, request: &Json) -> String {
        use json::ToJson;
        let answer = match endpoint {
            AssistantEndpoint::Chat => self.chat(request).map(|r| r.to_json()),
            AssistantEndpoint::Workflow => self.workflow(request).map(|r| r.to_json()),
            AssistantEndpoint::Debug => self.debug(request).map(|r| r.to_json()),
            AssistantEndpoint::Onboarding => {
                self.onboarding_next_step(request).map(|r| r.to_json())
            }
        };
        answer.unwrap_or_else(|e| e.to_json())
    }
}

impl Default for Assistant {
    fn default() -> Self {
        Self::new(0x1e7_c0de)
    }
}

/// Serialises a confidence as a two-decimal `f64` (0.9, not the
/// 0.9000000357627869 an `f32` becomes as an `f64`).
#[cfg(feature = "serde")]
pub(crate) fn confidence<S: serde::Serializer>(x: &f32, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64((f64::from(*x) * 100.0).round() / 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn answer_dispatches_each_endpoint_and_types_its_errors() {
        let mut a = Assistant::new(1);
        let ask = |a: &mut Assistant, e, req| -> Json {
            crate::json::parse(&a.answer(e, &req)).expect("JSON text")
        };
        let chat = ask(
            &mut a,
            AssistantEndpoint::Chat,
            json!({ "query": "is there a free trial?" }),
        );
        assert_eq!(chat["meta"]["topic"], "trial");
        let wf = ask(
            &mut a,
            AssistantEndpoint::Workflow,
            json!({ "query": "every night back up Dropbox to S3" }),
        );
        assert!(wf["steps"].is_array());
        let dbg = ask(
            &mut a,
            AssistantEndpoint::Debug,
            json!({ "error": "HTTP 401 Unauthorized" }),
        );
        assert_eq!(dbg["meta"]["category"], "auth");
        let ob = ask(
            &mut a,
            AssistantEndpoint::Onboarding,
            json!({ "completed": [] }),
        );
        assert_eq!(ob["step"]["id"], "profile_setup");
        let bad = ask(&mut a, AssistantEndpoint::Chat, json!({ "query": "hi" }));
        assert_eq!(
            bad,
            json!({ "success": false, "code": "query_too_short", "error": bad["error"] })
        );
    }
}
