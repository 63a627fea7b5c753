//! The bridge's closed sets: the server endpoints and their fixed paths, why
//! an answer came from the wasm, the status badge, and the `api_call`
//! outcomes. The enums and their wire names are generated from
//! `src/vocab/vocab.txt` (see [`crate::vocab`]); what they mean to the
//! bridge is here.

pub use crate::vocab::{Endpoint, FallbackReason, Outcome, Status};

impl Endpoint {
    /// The path on the API origin.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Chat => "/api/ai/chat",
            Endpoint::Workflow => "/api/ai/workflow",
            Endpoint::Debug => "/api/ai/debug",
            Endpoint::Onboarding => "/api/ai/onboarding/next-step",
            Endpoint::Escalate => "/api/support/escalate",
            Endpoint::Health => "/health",
        }
    }
    /// The `endpoint` value of `api_call` telemetry (its wire name).
    pub fn name(self) -> &'static str {
        self.as_str()
    }
    /// The request's text field (`debug` takes `error`), if it has one.
    pub fn text_field(self) -> Option<&'static str> {
        match self {
            Endpoint::Chat | Endpoint::Workflow => Some("query"),
            Endpoint::Debug => Some("error"),
            _ => None,
        }
    }
}

impl Outcome {
    pub(crate) fn of(reason: FallbackReason) -> Outcome {
        match reason {
            FallbackReason::Timeout => Outcome::Timeout,
            FallbackReason::Network => Outcome::Network,
            FallbackReason::Http5xx => Outcome::Http5xx,
            FallbackReason::InvalidResponse => Outcome::Invalid,
            FallbackReason::TooLarge => Outcome::TooLarge,
            FallbackReason::BreakerOpen => Outcome::CircuitOpen,
            FallbackReason::Offline | FallbackReason::NotConfigured => Outcome::Offline,
        }
    }
}
