//! `chat`: help and support answers from the knowledge base. The request is
//! validated, the conversation looked up, the question understood by
//! [`super::chat_model`] (learned topic, calibrated confidence, answering
//! section, page and follow-up context, escalation cues) and the answer put
//! together here: the section's text, steps and suggestions (never the
//! question just answered), and whether to offer a person.

use super::chat_model::{self, Models};
use super::kb::{lexicon, KbSection, Topic, SECTIONS};
use super::validate::{validate_query, AssistantError, ErrorCode};
use super::Assistant;
use crate::input;
use crate::json::Json;

/// Below this (calibrated) confidence the answer suggests a human: the
/// engine is more likely wrong than right.
pub const ESCALATE_BELOW: f32 = 0.5;

/// `meta` of a chat answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ChatMeta {
    /// Always `"fallback"` here (the bridge sets `"server"` for the API's).
    pub source: &'static str,
    /// The classification.
    pub topic: Topic,
    /// 0..1; below [`ESCALATE_BELOW`] the answer suggests a human.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::confidence"))]
    pub confidence: f32,
    /// The module, e.g. `levqor-wasm/0.1.0`.
    pub engine: &'static str,
}

/// A chat answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct ChatResponse {
    /// Always `true`.
    pub success: bool,
    /// Plain text, never HTML.
    pub answer: String,
    /// What to do, in order (may be empty).
    pub steps: Vec<String>,
    /// 2–4 related questions: first the runner-up section's title (the
    /// next most likely answer), then the answer's own related questions.
    pub suggestions: Vec<String>,
    /// Offer "talk to a human".
    pub escalation_suggested: bool,
    /// Pass it back to keep the conversation.
    pub conversation_id: String,
    /// Source, topic, confidence, engine.
    pub meta: ChatMeta,
}

/// What a conversation remembers.
#[derive(Debug, Clone)]
pub struct Conversation {
    id: String,
    topic: Topic,
    /// Its last question (validated: at most 500 characters).
    query: String,
    used: u64,
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The topic a page path points at, if any (`/pricing` -> pricing).
fn page_topic(page: &str) -> Option<Topic> {
    let p = page.to_ascii_lowercase();
    let seg = |s: &str| p.split(['/', '?', '#']).any(|x| x == s);
    if seg("pricing") || seg("plans") {
        Some(Topic::Pricing)
    } else if seg("billing") || seg("invoices") {
        Some(Topic::Billing)
    } else if seg("workflows") || seg("workflow") || seg("templates") {
        Some(Topic::Workflow)
    } else if seg("integrations") || seg("connections") || seg("apps") {
        Some(Topic::Integrations)
    } else if seg("privacy") || seg("security") {
        Some(Topic::PrivacyData)
    } else if seg("support") || seg("help") || seg("contact") {
        Some(Topic::Support)
    } else if seg("account") || seg("settings") || seg("profile") {
        Some(Topic::Account)
    } else if seg("debug") {
        Some(Topic::Troubleshooting)
    } else {
        None
    }
}

/// Words that mark a follow-up to the previous answer (`terms`: the
/// question's term set, empty when it is long).
fn is_follow_up(raw: &str, terms: &[String]) -> bool {
    let lower = raw.trim_start().to_ascii_lowercase();
    let starts = [
        "and ",
        "what about",
        "how about",
        "also",
        "what if",
        "ok and",
        "then ",
        "same for",
        "and?",
    ];
    starts.iter().any(|s| lower.starts_with(s))
        || (!terms.is_empty()
            && terms.len() <= 3
            && [" it", " that", " one", " those", " this"]
                .iter()
                .any(|w| lower.contains(w)))
}

/// The answer for an off-topic or unclear question.
const OTHER_ANSWER: &str = "I'm not sure I understood that. I can help with plans and prices, the free trial, cancelling and refunds, billing, building workflows, connecting apps, fixing errors, data and privacy, and your account. Could you rephrase, or would you like to talk to a person?";
const OTHER_SUGGESTIONS: [&str; 3] = [
    "How much does Levqor cost?",
    "How do I create a workflow?",
    "How do I contact support?",
];

pub(super) fn respond(a: &mut Assistant, request: &Json) -> Result<ChatResponse, AssistantError> {
    respond_with(a, request, &chat_model::compiled())
}

/// `respond` with other models (tests evaluate models trained on folds).
pub fn respond_with(
    a: &mut Assistant,
    request: &Json,
    models: &Models,
) -> Result<ChatResponse, AssistantError> {
    if !matches!(request, Json::Object(_)) {
        return Err(AssistantError::new(
            ErrorCode::InvalidType,
            "The request must be an object such as { query: \"How much is it?\" }.",
        ));
    }
    let query = validate_query(input::string(request, "query"), "query")?;
    let context = input::object(request, "context");
    let page = context.get("page").and_then(Json::as_str).unwrap_or("");
    a.clock += 1;
    let now = a.clock;

    // the conversation, if the caller passed a known or well-formed id
    let given = input::opt_str(request, "conversationId").filter(|id| valid_id(id));
    let previous = given
        .filter(|_| a.memory)
        .and_then(|id| a.conversations.iter().find(|c| c.id == id))
        .map(|c| (c.topic, c.query.clone()));
    let conversation_id = match given {
        Some(id) => id.to_owned(),
        None => {
            a.ids = a.ids.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = a.ids;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            format!("c-{:016x}", z ^ (z >> 31))
        }
    };

    // Only a short question can be a bare follow-up or repeat a suggestion:
    // a long one is not normalised twice.
    let terms = if query.len() <= SHORT {
        term_set(&query)
    } else {
        Vec::new()
    };
    let follow_up = previous
        .as_ref()
        .filter(|_| is_follow_up(&query, &terms))
        .map(|(topic, q)| chat_model::Previous {
            topic: *topic,
            query: q,
        });
    let u = chat_model::understand(models, &query, page_topic(page), follow_up);
    let mut confidence = u.confidence;
    if follow_up.is_some_and(|p| p.topic == u.topic) {
        confidence = confidence.max(0.5);
    }
    // A question that is a section's own title (a suggestion the visitor
    // clicked) is answered by that section, whatever the model would pick.
    let titled_hit = titled(&query, &terms);
    let (topic, section) = match titled_hit {
        Some(s) => {
            confidence = confidence.max(TITLED_CONFIDENCE);
            (s.topic, Some(s))
        }
        None => (u.topic, u.section),
    };
    let confidence = (confidence * 100.0).round() / 100.0;
    let escalation_suggested =
        u.wants_human || u.upset || u.dispute || section.is_none() || confidence < ESCALATE_BELOW;

    let (mut answer, steps, suggestions) = match section {
        Some(s) => (
            s.answer.to_owned(),
            s.steps.iter().map(|x| (*x).to_owned()).collect(),
            // (a clicked suggestion is answered by its section: no runner-up
            // of the model's then, it was answering another question)
            suggestions_for(s, u.runner_up.filter(|_| titled_hit.is_none()), &terms),
        ),
        None => (
            OTHER_ANSWER.to_owned(),
            Vec::new(),
            OTHER_SUGGESTIONS
                .iter()
                .filter(|x| terms.is_empty() || term_set(x) != terms)
                .map(|x| (*x).to_owned())
                .collect(),
        ),
    };
    if u.wants_human {
        answer = format!("Of course — a person from our support team can take this over. {answer}");
    } else if u.upset || u.dispute {
        answer = format!("I'm sorry this has been frustrating. {answer} If you'd like, a person from our team can look into it with you.");
    }

    remember(a, &conversation_id, topic, &query, now);
    Ok(ChatResponse {
        success: true,
        answer,
        steps,
        suggestions,
        escalation_suggested,
        conversation_id,
        meta: ChatMeta {
            source: "fallback",
            topic,
            confidence,
            engine: crate::ENGINE,
        },
    })
}

/// Questions longer than this (bytes) are neither bare follow-ups nor a
/// suggestion's twin.
const SHORT: usize = 120;

/// The confidence of an answer to a section's own title (it is the section
/// the question names, not a guess).
const TITLED_CONFIDENCE: f32 = 0.9;

/// Each section title's normalised terms, in [`SECTIONS`] order, made on
/// first use (as the knowledge base's own expanded tables are).
static TITLE_TERMS: std::sync::LazyLock<Vec<Vec<String>>> =
    std::sync::LazyLock::new(|| SECTIONS.iter().map(|s| term_set(s.title)).collect());

/// The section whose title asks what `query` asks, if any: how a clicked
/// suggestion finds its own answer. The title written the same way (ASCII
/// case and surrounding space aside) wins; else the one title with the same
/// normalised terms (two titles can share them: "Which apps can I connect?",
/// "How do I connect an app?"; then the model decides).
fn titled(query: &str, terms: &[String]) -> Option<&'static KbSection> {
    if terms.is_empty() {
        return None;
    }
    if let Some(s) = SECTIONS
        .iter()
        .find(|s| s.title.eq_ignore_ascii_case(query.trim()))
    {
        return Some(s);
    }
    let mut same = TITLE_TERMS
        .iter()
        .enumerate()
        .filter(|(_, t)| t.as_slice() == terms);
    match (same.next(), same.next()) {
        (Some((i, _)), None) => SECTIONS.get(i),
        _ => None,
    }
}

/// The normalised terms of `q`, sorted, without duplicates: two questions
/// with the same set ask the same.
fn term_set(q: &str) -> Vec<String> {
    let mut t = crate::text::terms(q, &lexicon());
    // the crate's one shared sort: std's String sort is ~4 KB of wasm
    crate::sort::sort_by(&mut t, Ord::cmp);
    t.dedup();
    t
}

/// Whether two questions ask the same (same normalised terms).
#[cfg(test)]
fn same_question(a: &str, b: &str) -> bool {
    term_set(a) == term_set(b)
}

/// 2–4 related questions: the runner-up section's title first (the next
/// most likely answer, one click away), then the section's own, topped up
/// from its topic; never the section's own title or the question just asked.
fn suggestions_for(
    s: &KbSection,
    runner_up: Option<&KbSection>,
    query_terms: &[String],
) -> Vec<String> {
    // (the knowledge base's suggestions never restate their own section:
    // a test asks each one)
    let fresh = |x: &str| x != s.title && (query_terms.is_empty() || term_set(x) != query_terms);
    let mut out: Vec<String> = Vec::with_capacity(4);
    for x in runner_up
        .map(|r| r.title)
        .into_iter()
        .chain(s.suggestions.iter().copied())
    {
        if out.len() < 4 && fresh(x) && !out.iter().any(|o| o == x) {
            out.push(x.to_owned());
        }
    }
    for other in SECTIONS
        .iter()
        .filter(|o| o.topic == s.topic && o.title != s.title)
    {
        if out.len() >= 3 {
            break;
        }
        if fresh(other.title) && !out.iter().any(|x| x == other.title) {
            out.push(other.title.to_owned());
        }
    }
    for fallback in OTHER_SUGGESTIONS {
        if out.len() >= 2 {
            break;
        }
        if fresh(fallback) && !out.iter().any(|x| x == fallback) {
            out.push(fallback.to_owned());
        }
    }
    out
}

fn remember(a: &mut Assistant, id: &str, topic: Topic, query: &str, now: u64) {
    if let Some(c) = a.conversations.iter_mut().find(|c| c.id == id) {
        if topic != Topic::Other {
            c.topic = topic;
            query.clone_into(&mut c.query);
        }
        c.used = now;
        return;
    }
    if a.conversations.len() >= super::MAX_CONVERSATIONS {
        if let Some(oldest) = a
            .conversations
            .iter()
            .enumerate()
            .min_by_key(|(_, c)| c.used)
            .map(|(i, _)| i)
        {
            a.conversations.swap_remove(oldest);
        }
    }
    a.conversations.push(Conversation {
        id: id.to_owned(),
        topic,
        query: query.to_owned(),
        used: now,
    });
}

#[cfg(test)]
mod tests;
