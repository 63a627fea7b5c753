//! Server answers, judged before they reach the UI: size cap, never HTML,
//! JSON in the same shape the wasm fallback produces (per endpoint), rebuilt
//! field by field so nothing unexpected passes through.

use super::Endpoint;
use crate::json::{Json, Map};

/// Chat topics (`meta.topic`), the assistant's own closed set; anything else
/// from the server reads as the last, `other`.
pub const TOPICS: [&str; 11] = crate::assistant::kb::Topic::NAMES;
/// Workflow template families (`meta.pattern`); unknown reads as `custom`.
pub const PATTERNS: [&str; 7] = crate::vocab::WorkflowPattern::NAMES;
/// Debug categories (`meta.category`), the debug assistant's own closed set;
/// anything else reads as the last, `unknown`.
pub use crate::assistant::debug::CATEGORIES;
/// Workflow step types; a step of any other type fails validation.
pub const STEP_TYPES: [&str; 5] = crate::vocab::StepType::NAMES;

/// Longest string field accepted, in bytes.
pub const MAX_TEXT: usize = 20_000;
/// Most items accepted in a list field.
pub const MAX_ITEMS: usize = 50;

/// What an HTTP answer amounts to.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// A valid success answer, rebuilt, with `meta.source = "server"`.
    Answer(Json),
    /// A valid `{ success: false, error, code }` from a reachable server
    /// (HTTP 400/422, or 200): returned to the caller as it is.
    Refusal(Json),
    /// HTTP 5xx.
    ServerError,
    /// Over the size cap.
    TooLarge,
    /// Anything else: HTML, not JSON, wrong shape, unexpected status.
    /// `http_4xx` tells a 4xx without a valid error body apart.
    Invalid {
        /// The status was 4xx.
        http_4xx: bool,
    },
}

/// Judges one HTTP answer for `endpoint`.
pub fn judge(
    endpoint: Endpoint,
    status: u16,
    content_type: &str,
    body: &str,
    max_bytes: usize,
) -> Verdict {
    if (500..600).contains(&status) {
        return Verdict::ServerError;
    }
    if body.len() > max_bytes {
        return Verdict::TooLarge;
    }
    let invalid = Verdict::Invalid {
        http_4xx: (400..500).contains(&status),
    };
    if crate::substr::contains(&content_type.to_ascii_lowercase(), "html")
        || body.trim_start().starts_with('<')
    {
        return invalid;
    }
    let Some(json) = crate::json::parse(body) else {
        return invalid;
    };
    match (status, json.get("success")) {
        (200..=299, Some(Json::Bool(true))) => match answer(endpoint, &json) {
            Some(v) => Verdict::Answer(v),
            None => invalid,
        },
        (200..=299 | 400 | 422, Some(Json::Bool(false))) => match refusal(&json) {
            Some(v) => Verdict::Refusal(v),
            None => invalid,
        },
        _ => invalid,
    }
}

/// A `{ success: false, error, code }` object, or `None`.
pub fn refusal(v: &Json) -> Option<Json> {
    let error = text(v.get("error")?)?;
    let code = v.get("code")?.as_str()?;
    let snake = !code.is_empty()
        && code.len() <= 64
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if error.trim().is_empty() || !snake {
        return None;
    }
    let mut out = Map::new();
    put(&mut out, "success", false.into());
    put(&mut out, "error", error.into());
    put(&mut out, "code", code.into());
    Some(Json::Object(out))
}

/// Rebuilds a success answer for `endpoint`, or `None` when it does not have
/// the fallback's shape.
pub fn answer(endpoint: Endpoint, v: &Json) -> Option<Json> {
    let meta = v.get("meta")?.as_object()?;
    let mut out = Map::new();
    put(&mut out, "success", Json::Bool(true));
    let mut m = Map::new();
    put(&mut m, "source", "server".into());
    put(
        &mut m,
        "engine",
        meta.get("engine")
            .and_then(text)
            .unwrap_or_else(|| "server".into())
            .into(),
    );
    match endpoint {
        Endpoint::Chat => {
            put(&mut out, "answer", non_empty(v.get("answer")?)?.into());
            put(&mut out, "steps", opt_list(v.get("steps"))?);
            put(&mut out, "suggestions", opt_list(v.get("suggestions"))?);
            let esc = match v.get("escalationSuggested") {
                None | Some(Json::Null) => false,
                Some(b) => b.as_bool()?,
            };
            put(&mut out, "escalationSuggested", esc.into());
            if let Some(id) = v.get("conversationId").filter(|x| !x.is_null()) {
                put(&mut out, "conversationId", short(id, 200)?.into());
            }
            put(&mut m, "topic", label(meta.get("topic"), &TOPICS)?.into());
            put(&mut m, "confidence", confidence(meta.get("confidence"))?);
        }
        Endpoint::Workflow => {
            put(&mut out, "answer", non_empty(v.get("answer")?)?.into());
            let steps = v.get("steps")?.as_array()?;
            if steps.len() > MAX_ITEMS {
                return None;
            }
            put(&mut out, "steps", each(steps, workflow_step)?);
            put(
                &mut m,
                "pattern",
                label(meta.get("pattern"), &PATTERNS)?.into(),
            );
            put(&mut m, "confidence", confidence(meta.get("confidence"))?);
        }
        Endpoint::Debug => {
            let explanation = non_empty(v.get("explanation")?)?;
            let answer = match v.get("answer") {
                None | Some(Json::Null) => explanation.clone(),
                Some(a) => non_empty(a)?,
            };
            put(&mut out, "answer", answer.into());
            put(&mut out, "explanation", explanation.into());
            put(&mut out, "steps", list(v.get("steps")?)?);
            let prevention = match v.get("prevention") {
                None | Some(Json::Null) => String::new(),
                Some(p) => text(p)?,
            };
            put(&mut out, "prevention", prevention.into());
            put(
                &mut m,
                "category",
                label(meta.get("category"), &CATEGORIES)?.into(),
            );
            put(&mut m, "confidence", confidence(meta.get("confidence"))?);
            put(&mut m, "signals", signals(meta.get("signals"))?);
        }
        Endpoint::Onboarding => {
            let step = v.get("step")?;
            let mut s = Map::new();
            put(&mut s, "id", short(step.get("id")?, 64)?.into());
            put(&mut s, "title", non_empty(step.get("title")?)?.into());
            put(
                &mut s,
                "description",
                text(step.get("description")?)?.into(),
            );
            put(&mut s, "tips", opt_list(step.get("tips"))?);
            put(
                &mut s,
                "estimatedMinutes",
                count(step.get("estimatedMinutes")?, 10_000.0)?,
            );
            put(&mut out, "step", Json::Object(s));
            let p = v.get("progress")?;
            let done = count(p.get("done")?, 1_000.0)?;
            let total = count(p.get("total")?, 1_000.0)?;
            let percent = count(p.get("percent")?, 100.0)?;
            let mut progress = Map::new();
            put(&mut progress, "done", done);
            put(&mut progress, "total", total);
            put(&mut progress, "percent", percent);
            put(&mut out, "progress", Json::Object(progress));
            if let Some(a) = v.get("answer").filter(|x| !x.is_null()) {
                put(&mut out, "answer", text(a)?.into());
            }
        }
        Endpoint::Escalate | Endpoint::Health => return None,
    }
    put(&mut out, "meta", Json::Object(m));
    Some(Json::Object(out))
}

/// A successful escalation: `{ success: true, ticketId? }` → the ticket id
/// (empty when the server gave none), or `None` when the shape is wrong.
pub fn escalation_ticket(v: &Json) -> Option<String> {
    if v.get("success")?.as_bool() != Some(true) {
        return None;
    }
    match v.get("ticketId") {
        None | Some(Json::Null) => Some(String::new()),
        Some(t) => short(t, 128),
    }
}

/// One non-inlined insert (keeps the rebuild code small in wasm).
#[inline(never)]
fn put(m: &mut Map, key: &str, value: Json) {
    m.insert(key.to_owned(), value);
}

fn text(v: &Json) -> Option<String> {
    let s = v.as_str()?;
    (s.len() <= MAX_TEXT).then(|| s.to_owned())
}

fn non_empty(v: &Json) -> Option<String> {
    text(v).filter(|s| !s.trim().is_empty())
}

fn short(v: &Json, max: usize) -> Option<String> {
    let s = v.as_str()?;
    (s.len() <= max && !s.contains(char::is_control)).then(|| s.to_owned())
}

fn list(v: &Json) -> Option<Json> {
    let items = v.as_array()?;
    if items.len() > MAX_ITEMS {
        return None;
    }
    each(items, |i| text(i).map(Json::from))
}

/// `f` of every item, as an array; `None` if `f` refuses one. A plain loop:
/// `.map(f).collect::<Option<_>>()` instantiated iterator adapters per caller.
fn each(items: &[Json], f: fn(&Json) -> Option<Json>) -> Option<Json> {
    let mut out = Vec::new();
    for i in items {
        out.push(f(i)?);
    }
    Some(Json::Array(out))
}

fn opt_list(v: Option<&Json>) -> Option<Json> {
    match v {
        None | Some(Json::Null) => Some(Json::Array(Vec::new())),
        Some(v) => list(v),
    }
}

fn label(v: Option<&Json>, set: &[&'static str]) -> Option<&'static str> {
    let s = v?.as_str()?;
    let fallback = set.last().copied()?;
    Some(set.iter().copied().find(|&x| x == s).unwrap_or(fallback))
}

fn confidence(v: Option<&Json>) -> Option<Json> {
    let x = v?.as_f64().filter(|x| x.is_finite())?;
    Some(x.clamp(0.0, 1.0).into())
}

fn count(v: &Json, max: f64) -> Option<Json> {
    let x = v
        .as_f64()
        .filter(|x| x.is_finite() && *x >= 0.0 && *x <= max)?;
    Some(if x.fract() == 0.0 {
        Json::from(x as u64)
    } else {
        Json::from(x)
    })
}

fn workflow_step(v: &Json) -> Option<Json> {
    let mut s = Map::new();
    let ty = v.get("type")?.as_str()?;
    put(
        &mut s,
        "type",
        (*STEP_TYPES.iter().find(|&&t| t == ty)?).into(),
    );
    put(&mut s, "label", non_empty(v.get("label")?)?.into());
    let description = match v.get("description") {
        None | Some(Json::Null) => String::new(),
        Some(d) => text(d)?,
    };
    put(&mut s, "description", description.into());
    if let Some(app) = v.get("app").filter(|x| !x.is_null()) {
        put(&mut s, "app", short(app, 100)?.into());
    }
    match v.get("schedule") {
        None | Some(Json::Null) => {}
        Some(Json::String(x)) if x.len() <= 200 => {
            put(&mut s, "schedule", x.clone().into());
        }
        Some(Json::Object(o)) => {
            let mut k = Map::new();
            for (key, val) in o.iter().take(8) {
                if let Some(x) = val.as_str().filter(|x| x.len() <= 200) {
                    k.insert(key.clone(), x.into());
                }
            }
            put(&mut s, "schedule", Json::Object(k));
        }
        Some(_) => return None,
    }
    Some(Json::Object(s))
}

/// `meta.signals`: an object of short scalars and lists of short scalars;
/// anything else inside it is dropped.
fn signals(v: Option<&Json>) -> Option<Json> {
    let o = match v {
        None | Some(Json::Null) => return Some(Json::Object(Map::new())),
        Some(v) => v.as_object()?,
    };
    let scalar = |x: &Json| match x {
        Json::String(s) if s.len() <= 200 => Some(x.clone()),
        Json::Number(_) | Json::Bool(_) => Some(x.clone()),
        _ => None,
    };
    let mut out = Map::new();
    // Plain loops: adapter chains instantiated their own iterators.
    for (k, x) in o.iter().take(32) {
        let kept = match x {
            Json::Array(a) => {
                let mut items = Vec::new();
                for i in a.get(..MAX_ITEMS).unwrap_or(a) {
                    if let Some(i) = scalar(i) {
                        items.push(i);
                    }
                }
                Some(Json::Array(items))
            }
            other => scalar(other),
        };
        if let Some(kept) = kept {
            out.insert(k.clone(), kept);
        }
    }
    Some(Json::Object(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    const CAP: usize = 262_144;

    fn chat_ok() -> Json {
        json!({"success": true, "answer": "Plans start at £9.", "steps": [], "suggestions": ["a?", "b?"],
               "escalationSuggested": false, "conversationId": "c1",
               "meta": {"source": "server", "topic": "pricing", "confidence": 0.9, "engine": "api/1", "extra": "<b>"}})
    }

    fn j(ep: Endpoint, status: u16, v: &Json) -> Verdict {
        judge(ep, status, "application/json", &v.to_string(), CAP)
    }

    #[test]
    fn chat_answer_is_rebuilt_with_known_fields_only() {
        let Verdict::Answer(v) = j(Endpoint::Chat, 200, &chat_ok()) else {
            panic!("valid chat answer refused")
        };
        assert_eq!(v["meta"]["source"], "server");
        assert_eq!(v["meta"]["topic"], "pricing");
        assert!(v["meta"].get("extra").is_none());
        assert_eq!(v["suggestions"], json!(["a?", "b?"]));
    }

    #[test]
    fn html_is_never_an_answer() {
        let body = chat_ok().to_string();
        assert_eq!(
            judge(Endpoint::Chat, 200, "text/html; charset=utf-8", &body, CAP),
            Verdict::Invalid { http_4xx: false }
        );
        assert_eq!(
            judge(
                Endpoint::Chat,
                200,
                "application/json",
                "  <html>{}</html>",
                CAP
            ),
            Verdict::Invalid { http_4xx: false }
        );
    }

    #[test]
    fn size_cap_and_status_classes() {
        let body = chat_ok().to_string();
        assert_eq!(
            judge(Endpoint::Chat, 200, "", &body, body.len() - 1),
            Verdict::TooLarge
        );
        assert!(matches!(
            judge(Endpoint::Chat, 200, "", &body, body.len()),
            Verdict::Answer(_)
        ));
        for s in [500, 502, 503, 599] {
            assert_eq!(
                judge(Endpoint::Chat, s, "", &body, CAP),
                Verdict::ServerError
            );
        }
        assert_eq!(
            judge(Endpoint::Chat, 404, "", "Not here", CAP),
            Verdict::Invalid { http_4xx: true }
        );
        assert_eq!(
            judge(Endpoint::Chat, 301, "", &body, CAP),
            Verdict::Invalid { http_4xx: false }
        );
        assert_eq!(
            judge(
                Endpoint::Chat,
                200,
                "",
                "{\"success\": true, \"answer\": ",
                CAP
            ),
            Verdict::Invalid { http_4xx: false }
        );
    }

    #[test]
    fn validation_errors_pass_through_as_they_are() {
        let e = json!({"success": false, "error": "Too short.", "code": "query_too_short", "trace": "x"});
        for s in [400, 422, 200] {
            assert_eq!(
                j(Endpoint::Chat, s, &e),
                Verdict::Refusal(
                    json!({"success": false, "error": "Too short.", "code": "query_too_short"})
                )
            );
        }
        // a 4xx with a bad code or no error text is not passed on
        let bad = json!({"success": false, "error": "x", "code": "Not Snake"});
        assert_eq!(
            j(Endpoint::Chat, 422, &bad),
            Verdict::Invalid { http_4xx: true }
        );
        assert_eq!(
            j(Endpoint::Chat, 401, &e),
            Verdict::Invalid { http_4xx: true }
        );
    }

    #[test]
    fn wrong_shapes_are_invalid() {
        let mut v = chat_ok();
        v["answer"] = json!(42);
        assert!(matches!(
            j(Endpoint::Chat, 200, &v),
            Verdict::Invalid { .. }
        ));
        let mut v = chat_ok();
        v["steps"] = json!([1]);
        assert!(matches!(
            j(Endpoint::Chat, 200, &v),
            Verdict::Invalid { .. }
        ));
        let mut v = chat_ok();
        v["meta"]["confidence"] = json!("high");
        assert!(matches!(
            j(Endpoint::Chat, 200, &v),
            Verdict::Invalid { .. }
        ));
        // a chat answer is not a workflow answer
        assert!(matches!(
            j(Endpoint::Workflow, 200, &chat_ok()),
            Verdict::Invalid { .. }
        ));
        let mut v = chat_ok();
        v["meta"]["topic"] = json!("brand_new_topic");
        let Verdict::Answer(v) = j(Endpoint::Chat, 200, &v) else {
            panic!()
        };
        assert_eq!(v["meta"]["topic"], "other");
    }

    #[test]
    fn workflow_debug_onboarding_shapes() {
        let w = json!({"success": true, "answer": "Plan", "meta": {"pattern": "backup", "confidence": 2},
            "steps": [{"type": "trigger", "label": "New mail", "description": "d", "app": "Gmail",
                       "schedule": {"text": "every night", "cron": "0 2 * * *", "n": 3}}]});
        let Verdict::Answer(v) = j(Endpoint::Workflow, 200, &w) else {
            panic!()
        };
        assert_eq!(v["meta"]["confidence"], 1.0);
        assert_eq!(
            v["steps"][0]["schedule"],
            json!({"text": "every night", "cron": "0 2 * * *"})
        );
        let mut bad = w.clone();
        bad["steps"][0]["type"] = json!("explode");
        assert!(matches!(
            j(Endpoint::Workflow, 200, &bad),
            Verdict::Invalid { .. }
        ));

        let d = json!({"success": true, "explanation": "Token rejected", "steps": ["Reconnect"],
            "meta": {"category": "auth", "confidence": 0.9, "signals": {"httpStatus": 401, "x": {"deep": 1}}}});
        let Verdict::Answer(v) = j(Endpoint::Debug, 200, &d) else {
            panic!()
        };
        assert_eq!(v["answer"], "Token rejected");
        assert_eq!(v["prevention"], "");
        assert_eq!(v["meta"]["signals"], json!({"httpStatus": 401}));

        let o = json!({"success": true, "step": {"id": "first_workflow", "title": "Build", "description": "d",
            "tips": ["t"], "estimatedMinutes": 5}, "progress": {"done": 1, "total": 5, "percent": 20}, "meta": {}});
        let Verdict::Answer(v) = j(Endpoint::Onboarding, 200, &o) else {
            panic!()
        };
        assert_eq!(v["progress"], json!({"done": 1, "total": 5, "percent": 20}));
        let mut bad = o.clone();
        bad["progress"]["percent"] = json!(150);
        assert!(matches!(
            j(Endpoint::Onboarding, 200, &bad),
            Verdict::Invalid { .. }
        ));
    }

    #[test]
    fn escalation_ticket_shape() {
        assert_eq!(
            escalation_ticket(&json!({"success": true, "ticketId": "T-1"})).as_deref(),
            Some("T-1")
        );
        assert_eq!(
            escalation_ticket(&json!({"success": true})).as_deref(),
            Some("")
        );
        assert_eq!(escalation_ticket(&json!({"success": "yes"})), None);
        assert_eq!(
            escalation_ticket(&json!({"success": true, "ticketId": 5})),
            None
        );
    }
}
