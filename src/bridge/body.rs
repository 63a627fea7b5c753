//! What crosses to and from the server besides the verdict: the request
//! body (the endpoint's known fields only) and the fallback marks on a wasm
//! answer.

use super::{Endpoint, FallbackReason, Outcome};
use crate::input::{self, Field};
use crate::json::Json;

/// Outcome telemetry for a call that never reached the network.
pub fn outcome_of(reason: FallbackReason) -> Outcome {
    Outcome::of(reason)
}

/// Marks a wasm answer as a fallback: `meta.source = "fallback"` and
/// `meta.fallbackReason`. Error objects (no `meta`) are left as they are.
pub fn mark_fallback(answer: &mut Json, reason: FallbackReason) {
    if let Some(meta) = answer.get_mut("meta").and_then(Json::as_object_mut) {
        meta.insert("source".into(), "fallback".into());
        meta.insert("fallbackReason".into(), reason.as_str().into());
    }
}

/// The request body sent to the server: the endpoint's known fields only
/// (`query`/`error`, `completed`, `conversationId`, and `context.page`,
/// `tier`, `locale` as strings) — never the rest of what the caller passed.
pub fn outgoing_body(endpoint: Endpoint, request: &Json) -> Json {
    let mut out = crate::json::Map::new();
    if let Some(field) = endpoint.text_field() {
        if let Some(s) = input::opt_str(request, field) {
            out.insert(field.into(), s.into());
        }
    }
    if endpoint == Endpoint::Onboarding {
        if let Field::Value(items) = input::string_list(request, "completed") {
            // A plain loop: an adapter chain instantiated its own iterators.
            let mut kept: Vec<Json> = Vec::new();
            for s in items {
                if kept.len() == 64 {
                    break;
                }
                if s.len() <= 64 {
                    kept.push(s.into());
                }
            }
            out.insert("completed".into(), Json::Array(kept));
        }
    }
    if endpoint == Endpoint::Chat {
        if let Some(id) = input::opt_str(request, "conversationId").filter(|s| s.len() <= 200) {
            out.insert("conversationId".into(), id.into());
        }
    }
    let ctx = input::object(request, "context");
    let mut c = crate::json::Map::new();
    for key in ["page", "tier", "locale"] {
        if let Some(Json::String(s)) = ctx.get(key) {
            if s.len() <= 512 {
                c.insert(key.into(), s.clone().into());
            }
        }
    }
    if !c.is_empty() {
        out.insert("context".into(), Json::Object(c));
    }
    Json::Object(out)
}
