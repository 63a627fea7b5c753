//! `pattern`: the template family (`meta.pattern`: backup, sync, notify,
//! email, data_entry, report, custom) from the request's words and the kind
//! of its first action app, with the tables of `workflow_words.txt`.

use super::words::{
    self, EMAIL_WORDS, ENTRY_WORDS, KIND_PATTERNS, NOTIFY_WORDS, PATTERN_WORDS, STORAGE_VERBS,
};
use crate::text::tokens::Tok;

fn any(toks: &[Tok], list: &words::List) -> bool {
    toks.iter().any(|t| words::has(list, &t.text))
}

/// Whether the request asks to be told something ("notify", "alert me").
pub fn wants_notice(toks: &[Tok]) -> bool {
    any(toks, &NOTIFY_WORDS)
}

/// The pattern named by a word of the request ("archive", "sync",
/// "digest"), the earliest family in backup, sync, report order.
pub(super) fn by_word(toks: &[Tok]) -> Option<&'static str> {
    let backed_up = toks
        .windows(2)
        .any(|w| matches!(w, [x, y] if x.text == "back" && y.text == "up"));
    let found: Vec<&str> = toks
        .iter()
        .filter_map(|t| words::get(&PATTERN_WORDS, &t.text))
        .collect();
    if backed_up {
        return Some("backup");
    }
    ["backup", "sync", "report"]
        .into_iter()
        .find(|p| found.contains(p))
}

/// The pattern for a request whose action apps have `kinds` (in order).
pub fn pick(toks: &[Tok], kinds: &[&str]) -> &'static str {
    if let Some(p) = by_word(toks) {
        return p;
    }
    match kinds.first().copied() {
        Some("storage") if any(toks, &STORAGE_VERBS) => "backup",
        Some(k) if words::get(&KIND_PATTERNS, k).is_some() => {
            words::get(&KIND_PATTERNS, k).unwrap_or("custom")
        }
        _ if wants_notice(toks) => "notify",
        _ if any(toks, &EMAIL_WORDS) => "email",
        _ if any(toks, &ENTRY_WORDS) && !kinds.is_empty() => "data_entry",
        _ => "custom",
    }
}
