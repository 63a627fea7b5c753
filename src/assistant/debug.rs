//! `debug`: explains an error message, stack trace, HTTP response or log
//! line. Recognises signals (HTTP status, errno, exception names, providers),
//! scores categories with the phrase rules of `debug_rules.txt` and answers
//! with that category's explanation, ordered fixes and prevention.

use super::validate::{validate_query, AssistantError};
use super::Assistant;
use crate::input;
use crate::text::tokens::{tokenize, Tok, BREAK};
use serde::Serialize;
use serde_json::Value;
use std::sync::OnceLock;

/// The categories, in tie-break order.
pub const CATEGORIES: [&str; 11] = [
    "auth",
    "permission",
    "rate_limit",
    "quota",
    "timeout",
    "network",
    "not_found",
    "validation",
    "server_error",
    "config",
    "unknown",
];

/// What the error text revealed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signals {
    /// An HTTP status code, e.g. 401.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// errno-style codes, e.g. "ECONNREFUSED".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errno: Vec<String>,
    /// Exception / error class names, e.g. "TimeoutError".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<String>,
    /// Services named, e.g. "Stripe".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub providers: Vec<String>,
    /// The rule phrases that matched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub matched: Vec<String>,
}

/// `meta` of a debug answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebugMeta {
    /// `"fallback"`.
    pub source: &'static str,
    /// The category.
    pub category: &'static str,
    /// 0..1.
    #[serde(serialize_with = "super::confidence")]
    pub confidence: f32,
    /// The module.
    pub engine: &'static str,
    /// What was recognised.
    pub signals: Signals,
}

/// A debug answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DebugResponse {
    /// Always `true`.
    pub success: bool,
    /// One-paragraph summary.
    pub answer: String,
    /// What the error means, in context.
    pub explanation: String,
    /// Fixes, in order.
    pub steps: Vec<String>,
    /// How to avoid it next time.
    pub prevention: String,
    /// Source, category, confidence, engine, signals.
    pub meta: DebugMeta,
}

struct Section {
    name: &'static str,
    category: &'static str,
    explain: &'static str,
    steps: Vec<&'static str>,
    prevent: &'static str,
    rules: Vec<(u32, Vec<String>, &'static str)>,
}

const RULES_TXT: &str = include_str!("debug_rules.txt");

fn sections() -> &'static [Section] {
    static S: OnceLock<Vec<Section>> = OnceLock::new();
    S.get_or_init(|| {
        let mut out: Vec<Section> = Vec::new();
        for line in RULES_TXT.lines() {
            let line = line.trim();
            if let Some(name) = line.strip_prefix('@') {
                let category = name.split('.').next().unwrap_or(name);
                out.push(Section {
                    name,
                    category,
                    explain: "",
                    steps: Vec::new(),
                    prevent: "",
                    rules: Vec::new(),
                });
                continue;
            }
            let Some(sec) = out.last_mut() else { continue };
            if let Some(t) = line.strip_prefix("explain:") {
                sec.explain = t.trim();
            } else if let Some(t) = line.strip_prefix("step:") {
                sec.steps.push(t.trim());
            } else if let Some(t) = line.strip_prefix("prevent:") {
                sec.prevent = t.trim();
            } else if let Some(t) = line.strip_prefix("match ") {
                if let Some((w, phrase)) = t.split_once(':') {
                    let words: Vec<String> = tokenize(phrase).into_iter().map(|t| t.text).collect();
                    if let (Ok(w), false) = (w.trim().parse(), words.is_empty()) {
                        sec.rules.push((w, words, phrase.trim()));
                    }
                }
            }
        }
        out
    })
}

const HTTP_CONTEXT: &[&str] = &[
    "http",
    "status",
    "statuscode",
    "code",
    "error",
    "response",
    "returned",
    "got",
    "responded",
    "with",
    "err",
    "failed",
    "status_code",
    "https",
];
const HTTP_REASON: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "forbidden",
    "not",
    "too",
    "internal",
    "bad",
    "service",
    "gateway",
    "unprocessable",
    "request",
    "payment",
    "conflict",
    "error",
    "method",
    "gone",
    "precondition",
    "server",
];

fn http_status(toks: &[Tok]) -> Option<u16> {
    for (i, t) in toks.iter().enumerate() {
        if t.text.len() != 3 {
            continue;
        }
        let Ok(n) = t.text.parse::<u16>() else {
            continue;
        };
        let known = matches!(n, 400..=418 | 422..=429 | 431 | 451 | 500..=511 | 520..=529);
        if !known {
            continue;
        }
        let prev = |d: usize| {
            i >= d
                && toks
                    .get(i - d)
                    .is_some_and(|p| HTTP_CONTEXT.contains(&p.text.as_str()))
        };
        let next = toks
            .get(i + 1)
            .is_some_and(|x| HTTP_REASON.contains(&x.text.as_str()));
        let lone = toks.len() <= 2 || i == 0;
        if prev(1)
            || prev(2)
            || next
            || lone
            || toks
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.text == "1" || p.text == "2" || p.text == "11")
        {
            return Some(n);
        }
    }
    None
}

const ERRNO: &[&str] = &[
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EPIPE",
    "ECONNABORTED",
    "ESOCKETTIMEDOUT",
    "EACCES",
    "EPERM",
    "ENOENT",
    "EADDRINUSE",
    "CERT_HAS_EXPIRED",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "ERR_TLS_CERT_ALTNAME_INVALID",
];

fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
}

const PROVIDERS: &[(&str, &str)] = &[
    ("google", "Google"),
    ("googleapis", "Google"),
    ("gmail", "Google"),
    ("gsheets", "Google"),
    ("sheets", "Google"),
    ("slack", "Slack"),
    ("stripe", "Stripe"),
    ("openai", "OpenAI"),
    ("chatgpt", "OpenAI"),
    ("anthropic", "Anthropic"),
    ("claude", "Anthropic"),
    ("postgres", "Postgres"),
    ("postgresql", "Postgres"),
    ("psql", "Postgres"),
    ("pg", "Postgres"),
    ("mysql", "MySQL"),
    ("smtp", "SMTP"),
    ("twilio", "Twilio"),
    ("hubspot", "HubSpot"),
    ("salesforce", "Salesforce"),
    ("aws", "AWS"),
    ("s3", "AWS"),
    ("amazonaws", "AWS"),
    ("lambda", "AWS"),
    ("github", "GitHub"),
    ("gitlab", "GitLab"),
    ("shopify", "Shopify"),
    ("notion", "Notion"),
    ("airtable", "Airtable"),
    ("microsoft", "Microsoft"),
    ("outlook", "Microsoft"),
    ("graph", "Microsoft"),
    ("azure", "Microsoft"),
    ("dropbox", "Dropbox"),
    ("mongodb", "MongoDB"),
    ("mongo", "MongoDB"),
    ("redis", "Redis"),
    ("mailchimp", "Mailchimp"),
    ("sendgrid", "SendGrid"),
    ("discord", "Discord"),
    ("telegram", "Telegram"),
    ("trello", "Trello"),
    ("jira", "Jira"),
    ("atlassian", "Jira"),
    ("paypal", "PayPal"),
    ("zoom", "Zoom"),
    ("quickbooks", "QuickBooks"),
    ("xero", "Xero"),
    ("supabase", "Supabase"),
    ("firebase", "Firebase"),
    ("asana", "Asana"),
];

fn signals_of(text: &str, toks: &[Tok]) -> Signals {
    let mut s = Signals {
        http_status: http_status(toks),
        ..Signals::default()
    };
    for w in raw_words(text) {
        let up = w.to_ascii_uppercase();
        if let Some(e) = ERRNO.iter().find(|e| **e == up) {
            if !s.errno.iter().any(|x| x == e) && s.errno.len() < 5 {
                s.errno.push((*e).to_string());
            }
        }
        let last = w.rsplit('.').next().unwrap_or(w);
        let is_exc = last.len() > 5
            && last.len() <= 60
            && last.starts_with(|c: char| c.is_ascii_uppercase())
            && (last.ends_with("Error")
                || last.ends_with("Exception")
                || last.ends_with("Timeout"))
            && last != "Error"
            && last.bytes().any(|b| b.is_ascii_lowercase());
        if is_exc && !s.exceptions.iter().any(|x| x == last) && s.exceptions.len() < 5 {
            s.exceptions.push(last.to_string());
        }
    }
    for t in toks {
        if let Some((_, p)) = PROVIDERS.iter().find(|(k, _)| *k == t.text) {
            if !s.providers.iter().any(|x| x == p) && s.providers.len() < 5 {
                s.providers.push((*p).to_string());
            }
        }
    }
    s
}

fn contains(toks: &[Tok], words: &[String]) -> bool {
    let n = words.len();
    n > 0
        && toks.len() >= n
        && toks.windows(n).any(|w| {
            w.iter()
                .zip(words)
                .all(|(t, p)| t.text == *p && t.text != BREAK)
        })
}

fn status_category(n: u16) -> Option<&'static str> {
    Some(match n {
        401 | 407 => "auth",
        403 => "permission",
        404 | 410 => "not_found",
        408 | 504 | 524 => "timeout",
        429 => "rate_limit",
        402 => "quota",
        400 | 405 | 406 | 409 | 411..=418 | 422 => "validation",
        500..=503 | 505..=523 | 525..=529 => "server_error",
        _ => return None,
    })
}

fn errno_section(e: &str) -> Option<&'static str> {
    Some(match e {
        "ETIMEDOUT" | "ESOCKETTIMEDOUT" => "timeout",
        "ENOTFOUND" | "EAI_AGAIN" => "network.dns",
        "ECONNREFUSED" | "ECONNRESET" | "EHOSTUNREACH" | "ENETUNREACH" | "EPIPE"
        | "ECONNABORTED" => "network",
        "EACCES" | "EPERM" => "permission",
        "ENOENT" | "EADDRINUSE" => "config",
        _ if e.contains("CERT") || e.contains("TLS") => "network.tls",
        _ => return None,
    })
}

fn status_meaning(n: u16, provider: &str) -> String {
    let by = if provider.is_empty() {
        "the service".to_string()
    } else {
        provider.to_string()
    };
    match n {
        401 => format!("HTTP 401 means {by} received the request but did not accept its credentials (missing, wrong or expired)."),
        403 => format!("HTTP 403 means {by} recognised the credentials but this account or token is not allowed to do this."),
        404 => format!("HTTP 404 means {by} has nothing at that address or id (or hides it from this account)."),
        408 => format!("HTTP 408 means {by} gave up waiting for the request."),
        429 => format!("HTTP 429 means {by} is throttling: too many requests in a short window."),
        402 => format!("HTTP 402 means {by} needs payment or more credits before it will continue."),
        400 | 422 => format!("HTTP {n} means {by} understood the request but rejected its content."),
        504 | 524 => format!("HTTP {n} means a gateway in front of {by} gave up waiting for it."),
        500..=599 => format!("HTTP {n} is a server-side failure at {by}, not a problem with your request as such."),
        _ => format!("HTTP {n} is an error answer from {by}."),
    }
}

fn errno_meaning(e: &str) -> &'static str {
    match e {
        "ECONNREFUSED" => "ECONNREFUSED: the host answered but nothing accepted the connection on that port (service down, wrong port, or firewall).",
        "ECONNRESET" => "ECONNRESET: the other side closed the connection mid-request (crash, proxy or idle timeout).",
        "ETIMEDOUT" | "ESOCKETTIMEDOUT" => "ETIMEDOUT: no response arrived before the timeout.",
        "ENOTFOUND" => "ENOTFOUND: the host name could not be resolved by DNS.",
        "EAI_AGAIN" => "EAI_AGAIN: DNS lookup temporarily failed.",
        "EHOSTUNREACH" | "ENETUNREACH" => "The network route to the host is unavailable.",
        "EACCES" | "EPERM" => "The operating system refused access (file or port permissions).",
        "ENOENT" => "ENOENT: a file or path the step expects does not exist.",
        _ => "The TLS certificate could not be verified.",
    }
}

/// Builds the answer for an already-validated error text.
pub fn analyse(text: &str) -> DebugResponse {
    let toks = tokenize(text);
    let mut signals = signals_of(text, &toks);
    let secs = sections();
    let mut scores: Vec<u32> = vec![0; secs.len()];
    let mut matched = Vec::new();
    for (k, sec) in secs.iter().enumerate() {
        for (w, words, phrase) in &sec.rules {
            if contains(&toks, words) {
                if let Some(s) = scores.get_mut(k) {
                    *s += w;
                }
                if matched.len() < 8 {
                    matched.push((*phrase).to_string());
                }
            }
        }
    }
    let mut bump = |name: &str, w: u32| {
        if let Some(k) = secs.iter().position(|s| s.name == name) {
            if let Some(s) = scores.get_mut(k) {
                *s += w;
            }
        }
    };
    if let Some(c) = signals.http_status.and_then(status_category) {
        bump(c, 5);
    }
    for e in &signals.errno {
        if let Some(c) = errno_section(e) {
            bump(c, 4);
        }
    }
    signals.matched = matched;

    // category totals
    let total = |cat: &str| -> u32 {
        secs.iter()
            .zip(&scores)
            .filter(|(s, _)| s.category == cat)
            .map(|(_, v)| *v)
            .sum()
    };
    let mut best = ("unknown", 0u32);
    for cat in CATEGORIES {
        let t = total(cat);
        if t > best.1 {
            best = (cat, t);
        }
    }
    let (category, top) = best;
    let sum: u32 = CATEGORIES.iter().map(|c| total(c)).sum();
    let section = secs
        .iter()
        .zip(&scores)
        .filter(|(s, _)| s.category == category)
        .max_by_key(|(s, v)| (**v, s.name == category))
        .map(|(s, _)| s);
    let Some(section) = section.or_else(|| secs.last()) else {
        return fallback(signals);
    };
    let confidence = if top == 0 {
        0.15
    } else {
        let share = top as f32 / sum.max(1) as f32;
        let strength = (top as f32 / 10.0).min(1.0);
        (0.3 + 0.35 * share + 0.3 * strength).min(0.95)
    };

    let provider = signals.providers.first().cloned().unwrap_or_default();
    let mut explanation = String::new();
    if let Some(n) = signals.http_status {
        explanation.push_str(&status_meaning(n, &provider));
        explanation.push(' ');
    }
    for e in signals.errno.iter().take(2) {
        explanation.push_str(errno_meaning(e));
        explanation.push(' ');
    }
    explanation.push_str(section.explain);
    if !provider.is_empty() && signals.http_status.is_none() {
        explanation.push_str(&format!(" The error comes from {provider}."));
    }
    let label = category.replace('_', " ");
    let answer = if category == "unknown" {
        "I couldn't classify this error from its text. Here is a general way to track it down."
            .to_string()
    } else {
        let first = section.steps.first().copied().unwrap_or("");
        let from = if provider.is_empty() {
            String::new()
        } else {
            format!(" from {provider}")
        };
        let article = if label.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        format!("This looks like {article} {label} error{from}. First: {first}")
    };
    DebugResponse {
        success: true,
        answer,
        explanation,
        steps: section.steps.iter().map(|s| (*s).to_string()).collect(),
        prevention: section.prevent.to_string(),
        meta: DebugMeta {
            source: "fallback",
            category,
            confidence,
            engine: crate::ENGINE,
            signals,
        },
    }
}

fn fallback(signals: Signals) -> DebugResponse {
    DebugResponse {
        success: true,
        answer: "I couldn't classify this error from its text.".into(),
        explanation: "Unrecognised error.".into(),
        steps: vec!["Open the step's run log and look for the HTTP status and message.".into()],
        prevention: "Turn on error notifications.".into(),
        meta: DebugMeta {
            source: "fallback",
            category: "unknown",
            confidence: 0.1,
            engine: crate::ENGINE,
            signals,
        },
    }
}

impl Assistant {
    /// `POST /api/ai/debug`: `{ error, context? }` to an explanation and fixes.
    pub fn debug(&self, request: &Value) -> Result<DebugResponse, AssistantError> {
        let error = validate_query(input::string(request, "error"), "error")?;
        Ok(analyse(&error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(s: &str) -> &'static str {
        analyse(s).meta.category
    }

    #[test]
    fn statuses_and_errnos() {
        assert_eq!(cat("Request failed with status code 401"), "auth");
        assert_eq!(cat("HTTP/1.1 403 Forbidden"), "permission");
        assert_eq!(cat("GET /v1/items/42 404 Not Found"), "not_found");
        assert_eq!(cat("429 Too Many Requests"), "rate_limit");
        assert_eq!(cat("Error: connect ECONNREFUSED 127.0.0.1:5432"), "network");
        assert_eq!(cat("getaddrinfo ENOTFOUND api.stripe.con"), "network");
        assert_eq!(cat("Error: connect ETIMEDOUT 10.0.0.3:443"), "timeout");
        assert_eq!(cat("502 Bad Gateway"), "server_error");
    }

    #[test]
    fn expired_token_is_not_a_wrong_key() {
        let a = analyse("401: Token has been expired or revoked (invalid_grant) from Google");
        let b = analyse("401 Unauthorized: Invalid API key provided: sk_live_****");
        assert_eq!((a.meta.category, b.meta.category), ("auth", "auth"));
        assert_ne!(a.steps, b.steps);
        assert!(a.explanation.contains("expired"));
        assert_eq!(a.meta.signals.providers, ["Google"]);
    }

    #[test]
    fn quota_is_not_rate_limit() {
        assert_eq!(cat("429: You exceeded your current quota, please check your plan and billing details (insufficient_quota)"), "quota");
        assert_eq!(cat("Rate limit reached for gpt-4 in organization org-x on requests per min. Please try again in 20s."), "rate_limit");
    }

    #[test]
    fn validation_and_unknown() {
        assert_eq!(
            cat("SyntaxError: Unexpected token < in JSON at position 0"),
            "validation"
        );
        assert_eq!(
            cat("{\"error\":\"Missing required field: email\"}"),
            "validation"
        );
        let u = analyse("it just doesn't work");
        assert_eq!(u.meta.category, "unknown");
        assert!(u.meta.confidence < 0.3);
        assert!(!u.steps.is_empty());
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,400}") {
            let r = analyse(&s);
            prop_assert!(CATEGORIES.contains(&r.meta.category));
            prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        }

        #[test]
        fn never_panics_on_error_like_input(s in "(HTTP|/1.1|401|429|500|ECONNREFUSED|Error:|token|expired|quota|\\{|\"|:|\\.| )+") {
            let _ = analyse(&s);
        }
    }
}
