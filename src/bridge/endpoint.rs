//! The bridge's closed sets: the server endpoints and their fixed paths, why
//! an answer came from the wasm, the status badge, and the `api_call`
//! outcomes.

use serde::Serialize;

/// The server endpoints the bridge calls. Paths are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /api/ai/chat`
    Chat,
    /// `POST /api/ai/workflow`
    Workflow,
    /// `POST /api/ai/debug`
    Debug,
    /// `POST /api/ai/onboarding/next-step`
    Onboarding,
    /// `POST /api/support/escalate`
    Escalate,
    /// `GET /health`
    Health,
}

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
    /// The `endpoint` value of `api_call` telemetry.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Chat => "chat",
            Endpoint::Workflow => "workflow",
            Endpoint::Debug => "debug",
            Endpoint::Onboarding => "onboarding",
            Endpoint::Escalate => "escalate",
            Endpoint::Health => "health",
        }
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

/// Why an answer came from the wasm instead of the server (`meta.fallbackReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackReason {
    /// The server did not answer within `timeoutMs`.
    Timeout,
    /// The request failed (DNS, refused, reset, CORS, redirect).
    Network,
    /// HTTP 5xx.
    Http5xx,
    /// HTML, not JSON, the wrong shape, or an unexpected status.
    InvalidResponse,
    /// Larger than `maxResponseBytes`.
    TooLarge,
    /// The circuit breaker is open (or another call is probing).
    BreakerOpen,
    /// `navigator.onLine` is false.
    Offline,
    /// No usable `apiBase` was configured.
    NotConfigured,
}

impl FallbackReason {
    /// The serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            FallbackReason::Timeout => "timeout",
            FallbackReason::Network => "network",
            FallbackReason::Http5xx => "http_5xx",
            FallbackReason::InvalidResponse => "invalid_response",
            FallbackReason::TooLarge => "too_large",
            FallbackReason::BreakerOpen => "breaker_open",
            FallbackReason::Offline => "offline",
            FallbackReason::NotConfigured => "not_configured",
        }
    }
}

/// What the UI shows as a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The server is believed reachable and the last call succeeded.
    Online,
    /// Recent calls failed (below the threshold), or a probe is out.
    Degraded,
    /// Answers come from the wasm: browser offline, breaker open, or no server.
    Offline,
}

impl Status {
    /// The serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Online => "online",
            Status::Degraded => "degraded",
            Status::Offline => "offline",
        }
    }
}

/// The `outcome` of `api_call` telemetry (the closed set in telemetry's `events.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A valid answer (or a valid refusal) from the server.
    Ok,
    /// See [`FallbackReason::Timeout`].
    Timeout,
    /// See [`FallbackReason::Network`].
    Network,
    /// A 4xx without a valid error body.
    Http4xx,
    /// HTTP 5xx.
    Http5xx,
    /// Not HTML-free JSON of the right shape.
    Invalid,
    /// Over the size cap.
    TooLarge,
    /// Browser offline, or no server configured.
    Offline,
    /// Skipped by the breaker.
    CircuitOpen,
    /// Cancelled by `destroy()`.
    Aborted,
}

impl Outcome {
    /// The telemetry value.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Timeout => "timeout",
            Outcome::Network => "network",
            Outcome::Http4xx => "http_4xx",
            Outcome::Http5xx => "http_5xx",
            Outcome::Invalid => "invalid",
            Outcome::TooLarge => "too_large",
            Outcome::Offline => "offline",
            Outcome::CircuitOpen => "circuit_open",
            Outcome::Aborted => "aborted",
        }
    }
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
