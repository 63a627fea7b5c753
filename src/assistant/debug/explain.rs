//! The answer's text: sentences for the signals found (the HTTP status, each
//! errno, a provider code), then the chosen section's explanation, fixes and
//! prevention. All wording comes from `rules.txt` and `signals.txt`.

use super::signals::Signals;
use super::tables::{self, Section, CODES, ERRNO};

fn fill(sentence: &str, by: &str, n: u16, code: &str) -> String {
    sentence
        .replace("{by}", by)
        .replace("{n}", &n.to_string())
        .replace("{code}", code)
}

/// What the error means: signal sentences, then the section's explanation.
pub(crate) fn explanation(signals: &Signals, section: &Section) -> String {
    let provider = signals.providers.first().map(String::as_str).unwrap_or("");
    let by = if provider.is_empty() {
        "the service"
    } else {
        provider
    };
    let mut out = String::new();
    if let Some(n) = signals.http_status {
        if let Some(s) = tables::status(n) {
            out.push_str(&fill(s.sentence, by, n, ""));
            out.push(' ');
        }
    }
    for e in signals.errno.iter().take(2) {
        if let Some(x) = tables::find(&ERRNO, e) {
            out.push_str(&fill(x.sentence, by, 0, e));
            out.push(' ');
        }
    }
    if let Some((c, x)) = signals.codes.iter().find_map(|c| {
        tables::find(&CODES, c)
            .filter(|x| !x.sentence.is_empty())
            .map(|x| (c, x))
    }) {
        out.push_str(&fill(x.sentence, by, 0, c));
        out.push(' ');
    }
    out.push_str(section.explain);
    if !provider.is_empty() && signals.http_status.is_none() {
        out.push_str(" The error comes from ");
        out.push_str(provider);
        out.push('.');
    }
    out
}

/// The one-paragraph answer.
pub(crate) fn answer(category: &str, section: &Section, provider: &str) -> String {
    if category == "unknown" {
        return "I couldn't classify this error from its text. Here is a general way to track it down."
            .to_string();
    }
    let label = category.replace('_', " ");
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
}
