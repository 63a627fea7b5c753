//! `debug`: explains an error message, stack trace, HTTP response or log
//! line. Reads signals from the raw text ([`signals`]: HTTP status, errno,
//! provider codes, exception names; providers from the app catalog), scores
//! the sections of the compiled knowledge ([`tables`], from `debug/*.txt`)
//! with phrase rules ([`rules`]) and the signal tables, blends that evidence
//! with a learned text model ([`classify`]) and answers with the best
//! section's explanation, ordered fixes and prevention ([`explain`]).

pub mod classify;
mod explain;
mod features;
mod rules;
pub mod signals;
mod tables;

use super::catalog;
use super::validate::{validate_query, AssistantError};
use super::Assistant;
use crate::input;
use crate::json::Json;
use crate::text;
use crate::text::tokens::{tokenize, Tok, BREAK};
use tables::{Section, SECTIONS};

pub use signals::Signals;
pub use tables::CATEGORIES;

/// `meta` of a debug answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DebugMeta {
    /// `"fallback"`.
    pub source: &'static str,
    /// The category.
    pub category: &'static str,
    /// 0..1.
    #[cfg_attr(feature = "serde", serde(serialize_with = "super::confidence"))]
    pub confidence: f32,
    /// The module.
    pub engine: &'static str,
    /// What was recognised.
    pub signals: Signals,
}

/// A debug answer.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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

/// Words of an error searched for provider names (an error names its
/// service early; this bounds the time per answer).
const PROVIDER_WORDS: usize = 120;

/// A position in the catalog's generated tables.
fn at(t: &[u16], k: usize) -> usize {
    t.get(k).map_or(0, |v| usize::from(*v))
}

/// Catalog alias word `i`.
fn alias_text(i: usize) -> &'static str {
    catalog::WORDS.get(i)
}

/// The catalog word id of `w`, by binary search over the catalog's own
/// sorted word table.
fn alias_word(w: &str) -> Option<usize> {
    catalog::WORDS.find(w)
}

/// The catalog's aliases starting with word `w`, as (words, the other
/// words' ids), read from its own tables (`FIRST_AT`, `ALIAS_RUNS`).
fn aliases_from(w: usize) -> impl Iterator<Item = (usize, &'static [u16])> {
    let (mut pos, end) = (catalog::FIRST_AT.at(w), catalog::FIRST_AT.at(w + 1));
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let n = at(&catalog::ALIAS_RUNS, pos + 1).max(1);
        let rest = catalog::ALIAS_RUNS.get(pos + 2..pos + 1 + n).unwrap_or(&[]);
        pos += 1 + n;
        Some((n, rest))
    })
}

/// How many words of a catalog alias start exactly at `toks[i]` (a final
/// plural "s" allowed), 0 if none.
fn exact_alias_at(toks: &[Tok], i: usize) -> usize {
    let Some(tok) = toks.get(i).map(|t| t.text.as_str()) else {
        return 0;
    };
    if let Some(w) = alias_word(tok) {
        for (n, rest) in aliases_from(w) {
            let fits = rest.iter().enumerate().all(|(k, r)| {
                let a = alias_text(usize::from(*r));
                toks.get(i + 1 + k).is_some_and(|t| {
                    t.text == a || (k + 2 == n && t.text.strip_suffix('s') == Some(a))
                })
            });
            if fits {
                return n;
            }
        }
    }
    // a one-word alias in the plural ("webhooks")
    let single = tok
        .strip_suffix('s')
        .and_then(alias_word)
        .is_some_and(|w| aliases_from(w).any(|(n, _)| n == 1));
    usize::from(single)
}

/// The providers named: catalog apps in order of first mention, leaving out
/// generic stand-ins ("Email") and transports (kind `http`: HTTP, Webhook),
/// which every error mentions. An error's provider names are printed by
/// machines, not typed: only exact alias matches (found in the catalog's own
/// tables) are handed to `catalog::mentions`, so its typo search (built for
/// typed requests, and most of its cost) does not run on paths and frames.
fn providers_of(toks: &[Tok], out: &mut Vec<String>) {
    let mut words: Vec<Tok> = Vec::new();
    let end = toks.len().min(PROVIDER_WORDS);
    let mut i = 0;
    while i < end {
        let n = exact_alias_at(toks, i);
        if n == 0 {
            i += 1;
            continue;
        }
        words.extend(toks.iter().skip(i).take(n).cloned());
        let stop = toks.get(i + n - 1).map_or(0, |t| t.end);
        words.push(Tok {
            text: BREAK.to_string(),
            start: stop,
            end: stop,
        });
        i += n;
    }
    for m in catalog::mentions(&words) {
        let transport = m.app.is_generic() || m.app.kind == "http";
        if !transport && out.len() < 5 && !out.iter().any(|x| x == m.app.name) {
            out.push(m.app.name.to_string());
        }
    }
}

/// Adds the signal tables' votes to the section scores.
fn signal_scores(s: &Signals, scores: &mut [u32]) {
    let mut bump = |section: u8, w: u32| {
        if let Some(v) = scores.get_mut(usize::from(section)) {
            *v += w;
        }
    };
    if let Some(st) = s.http_status.and_then(tables::status) {
        bump(st.section, tables::WEIGHT_HTTP);
    }
    for e in &s.errno {
        if let Some(x) = tables::find(&tables::ERRNO, e) {
            bump(x.section, tables::WEIGHT_ERRNO);
        }
    }
    for c in &s.codes {
        if let Some(x) = tables::find(&tables::CODES, c) {
            bump(x.section, tables::WEIGHT_CODE);
        } else if let Some(x) = c
            .get(..2)
            .filter(|_| c.len() == 5)
            .and_then(|k| tables::find(&tables::SQL_CLASSES, k))
        {
            bump(x.section, tables::WEIGHT_SQLCLASS);
        }
    }
    for e in &s.exceptions {
        if let Some(x) = tables::find(&tables::EXCEPTIONS, e) {
            bump(x.section, tables::WEIGHT_EXCEPTION);
        } else if let Some(x) = tables::EXCEPTION_PARTS.iter().find(|p| e.contains(p.key)) {
            bump(x.section, tables::WEIGHT_EXCEPTION_PART);
        }
    }
}

/// Category scores from the rules and signals (indexed like [`CATEGORIES`]),
/// the per-section scores behind them, and the signals read.
pub(crate) fn evidence(text: &str) -> (Vec<u32>, Vec<u32>, Signals) {
    let toks = tokenize(text);
    let mut signals = signals::read(text, |_, out| providers_of(&toks, out));
    let mut sec_scores = vec![0u32; SECTIONS.len()];
    let mut matched = Vec::new();
    rules::score(&toks, &mut sec_scores, &mut matched);
    signal_scores(&signals, &mut sec_scores);
    signals.matched = matched.iter().map(|p| (*p).to_string()).collect();
    let mut cat_scores = vec![0u32; CATEGORIES.len()];
    for (sec, v) in SECTIONS.iter().zip(&sec_scores) {
        if let Some(c) = cat_scores.get_mut(usize::from(sec.category)) {
            *c += v;
        }
    }
    (cat_scores, sec_scores, signals)
}

/// The section that supplies the text inside `category`: the best-scoring
/// one, the category's own section on a tie.
fn section_for(category: usize, sec_scores: &[u32]) -> Option<&'static Section> {
    SECTIONS
        .iter()
        .zip(sec_scores)
        .filter(|(s, _)| usize::from(s.category) == category)
        .max_by_key(|(s, v)| (**v, !s.name.contains('.')))
        .map(|(s, _)| s)
}

/// Builds the answer for an already-validated error text: the learned
/// model blended with the rule and signal evidence ([`classify`]).
pub fn analyse(text: &str) -> DebugResponse {
    let (cat_scores, sec_scores, signals) = evidence(text);
    let (cat, confidence) =
        classify::decide(&classify::shipped(), text, &cat_scores, classify::BLEND);
    respond(cat, confidence.clamp(0.0, 1.0), &sec_scores, signals)
}

fn respond(cat: usize, confidence: f32, sec_scores: &[u32], signals: Signals) -> DebugResponse {
    let category = CATEGORIES.get(cat).copied().unwrap_or("unknown");
    let Some(section) = section_for(cat, sec_scores).or_else(|| SECTIONS.last()) else {
        return fallback(signals);
    };
    let provider = signals.providers.first().cloned().unwrap_or_default();
    DebugResponse {
        success: true,
        answer: explain::answer(category, section, &provider),
        explanation: explain::explanation(&signals, section),
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
    pub fn debug(&self, request: &Json) -> Result<DebugResponse, AssistantError> {
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
        let a = analyse("401: Token has been expired or revoked (invalid_grant) from Gmail");
        let b = analyse("401 Unauthorized: Invalid API key provided: sk_live_****");
        assert_eq!((a.meta.category, b.meta.category), ("auth", "auth"));
        assert_ne!(a.steps, b.steps);
        assert!(a.explanation.contains("expired"));
        assert_eq!(a.meta.signals.providers, ["Gmail"]);
    }

    #[test]
    fn fixes_fit_the_signal() {
        let expired = analyse(
            "{\"error\": \"invalid_grant\", \"error_description\": \"Token has been expired or revoked.\"}",
        );
        let key = analyse(
            "401 Incorrect API key provided: sk-xxxx. You can find your API key at the dashboard.",
        );
        let scope = analyse("{\"ok\":false,\"error\":\"missing_scope\",\"needed\":\"chat:write\"}");
        let password =
            analyse("FATAL: password authentication failed for user \"app\" (SQLSTATE 28P01)");
        let cats = [&expired, &key, &scope, &password].map(|r| r.meta.category);
        assert_eq!(cats, ["auth", "auth", "permission", "auth"]);
        let steps = [&expired, &key, &scope, &password].map(|r| r.steps.clone());
        for i in 0..steps.len() {
            for j in i + 1..steps.len() {
                assert_ne!(steps[i], steps[j], "{i} and {j} give the same fixes");
            }
        }
        assert!(expired.explanation.contains("invalid_grant"));
        assert!(scope.explanation.contains("scope"));
        assert_eq!(scope.meta.signals.codes, ["missing_scope"]);
        assert_eq!(password.meta.signals.codes, ["28P01"]);
    }

    #[test]
    fn each_errno_has_its_own_sentence() {
        let mut seen = Vec::new();
        for e in tables::ERRNO.iter() {
            assert!(e.sentence.contains(e.key), "{}: {}", e.key, e.sentence);
            assert!(!seen.contains(&e.sentence), "{} repeats a sentence", e.key);
            seen.push(e.sentence);
        }
        for e in ["EPIPE", "ECONNABORTED", "EADDRINUSE"] {
            let r = analyse(&format!("Error: write {e} at afterWrite (node:net:1)"));
            assert_eq!(r.meta.signals.errno, [e]);
            assert!(r.explanation.starts_with(e), "{e}: {}", r.explanation);
            assert!(!r.explanation.contains("TLS certificate"), "{e}");
        }
    }

    #[test]
    fn providers_come_from_the_catalog_as_printed() {
        let p = |t: &str| analyse(t).meta.signals.providers;
        assert_eq!(
            p("Slack API error from hooks.slack.com; retry via Stripe webhooks"),
            ["Slack", "Stripe"]
        );
        assert_eq!(
            p("googleapiclient: Google Sheets returned 429"),
            ["Google Sheets"]
        );
        // machine output is not typed: no typo matching, no transports
        assert!(p("HTTP request to stirpe failed").is_empty());
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
        // calibrated: the confidence is the probability of the category given
        // (here: that nothing fits), below that of a clear status line
        let clear = analyse("HTTP/1.1 401 Unauthorized: invalid api key");
        assert!(u.meta.confidence < clear.meta.confidence);
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
