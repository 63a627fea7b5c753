//! What telemetry a client call records: `api_call` and `ai_fallback_used`
//! for every request, `ai_request` for every assistant call, and the
//! endpoint's own event for a successful answer. Closed-set values and
//! numbers only (the query's length, never its text).

use super::{Client, Http, OfflineAssistant, TelemetrySink};
use crate::bridge::{Endpoint, Outcome};
use crate::input;
use crate::json::{Json, Map};
use crate::platform::{Clock, KeyValueStore, Random};

/// What `ai_request` and the per-endpoint events say about one call.
pub(super) struct CallFacts {
    endpoint: Endpoint,
    query_chars: Option<usize>,
    page: Option<String>,
}

impl CallFacts {
    pub(super) fn of(endpoint: Endpoint, req: &Json) -> Self {
        let query_chars = endpoint
            .text_field()
            .and_then(|f| input::opt_str(req, f))
            .map(|s| crate::substr::char_count(s.trim()));
        let page = input::object(req, "context")
            .get("page")
            .and_then(Json::as_str)
            .map(str::to_owned);
        Self {
            endpoint,
            query_chars,
            page,
        }
    }
}

/// The `ai_fallback_used` reason for an assistant call's outcome: a 4xx
/// the server should not have sent counts as an invalid answer.
pub fn fallback_reason_name(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Http4xx => Outcome::Invalid.as_str(),
        o => o.as_str(),
    }
}

impl<H, A, S, T, M, W, R> Client<H, A, S, T, M, W, R>
where
    H: Http,
    A: OfflineAssistant,
    S: KeyValueStore,
    T: TelemetrySink,
    M: Clock,
    W: Clock,
    R: Random,
{
    fn track(&self, event: &str, props: Json) {
        if let Some(t) = &self.telemetry {
            t.track(event, props);
        }
    }

    /// `api_call`, and `ai_fallback_used` when an assistant call fell back.
    pub(super) fn record_call(
        &self,
        endpoint: Endpoint,
        source: &str,
        outcome: Outcome,
        latency_ms: f64,
    ) {
        if self.telemetry.is_none() || outcome == Outcome::Aborted {
            return;
        }
        let mut props = Map::new();
        props.insert("endpoint".into(), endpoint.name().into());
        props.insert("source".into(), source.into());
        props.insert("outcome".into(), outcome.as_str().into());
        if latency_ms.is_finite() {
            props.insert("latency".into(), latency_ms.round().into());
        }
        self.track("api_call", Json::Object(props));
        let assistant = !matches!(endpoint, Endpoint::Escalate | Endpoint::Health);
        if assistant && source == "fallback" && outcome != Outcome::Ok {
            let mut props = Map::new();
            props.insert("endpoint".into(), endpoint.name().into());
            props.insert("reason".into(), fallback_reason_name(outcome).into());
            self.track("ai_fallback_used", Json::Object(props));
        }
    }

    /// `ai_request` for every assistant call, and the endpoint's own event
    /// (`workflow_run_preview`, `debug_analyse`, `onboarding_step`) for a
    /// successful answer. Only closed-set values and numbers: the query's
    /// length, never its text.
    pub(super) fn record_answer(&self, facts: &CallFacts, answer: &Json, latency_ms: f64) {
        if self.telemetry.is_none() {
            return;
        }
        let ok = answer.get("success").and_then(Json::as_bool) == Some(true);
        let source = match answer
            .get("meta")
            .and_then(|x| x.get("source"))
            .and_then(Json::as_str)
        {
            Some("server") => "server",
            _ => "fallback",
        };
        let mut props = Map::new();
        props.insert("endpoint".into(), facts.endpoint.name().into());
        props.insert("source".into(), source.into());
        props.insert("result".into(), if ok { "ok" } else { "error" }.into());
        if let Some(n) = facts.query_chars {
            props.insert("query_length".into(), n.into());
        }
        if latency_ms.is_finite() {
            props.insert("latency".into(), latency_ms.max(0.0).round().into());
        }
        if let Some(p) = &facts.page {
            props.insert("page".into(), p.as_str().into());
        }
        self.track("ai_request", Json::Object(props));
        if !ok {
            return;
        }
        let with_page = |mut m: Map| {
            if let Some(p) = &facts.page {
                m.insert("page".into(), p.as_str().into());
            }
            Json::Object(m)
        };
        match facts.endpoint {
            Endpoint::Workflow => {
                let mut m = Map::new();
                if let Some(p) = answer
                    .get("meta")
                    .and_then(|x| x.get("pattern"))
                    .and_then(Json::as_str)
                {
                    m.insert("pattern".into(), p.into());
                }
                let steps = answer
                    .get("steps")
                    .and_then(Json::as_array)
                    .map_or(0, Vec::len);
                m.insert("steps".into(), steps.into());
                m.insert("source".into(), source.into());
                self.track("workflow_run_preview", with_page(m));
            }
            Endpoint::Debug => {
                let mut m = Map::new();
                if let Some(c) = answer
                    .get("meta")
                    .and_then(|x| x.get("category"))
                    .and_then(Json::as_str)
                {
                    m.insert("category".into(), c.into());
                }
                m.insert("source".into(), source.into());
                self.track("debug_analyse", with_page(m));
            }
            Endpoint::Onboarding => {
                if let Some(id) = answer
                    .get("step")
                    .and_then(|x| x.get("id"))
                    .and_then(Json::as_str)
                {
                    let mut props = Map::new();
                    props.insert("step".into(), id.into());
                    props.insert("action".into(), "shown".into());
                    self.track("onboarding_step", Json::Object(props));
                }
            }
            _ => {}
        }
    }
}
