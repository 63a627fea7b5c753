//! `fallbacks`: who starts (or acts in) a request when no cue says so — a
//! webhook named as the way in, the device hub of a bare device command, the
//! chat whose new members are welcomed, a two-way sync, the head of a
//! title's tool list, a request that is itself an API.

use super::clauses::{clause_start, governing_word, is_verb, past_determiners, text_of};
use super::roles::Named;
use super::words::{self, API_NOUNS, CHAT_SELF_WORDS, RELATIVE_WORDS, SEND_WORDS, TOOL_PREPS};
use crate::assistant::catalog::App;
use crate::text::tokens::{is, Tok, BREAK};

/// The first webhook named on its own (not "a Discord webhook": another
/// app's) and not sent to ("send the PDF via webhook to …"), which can take
/// calls in.
pub(super) fn entry_hook(toks: &[Tok], named: &[Named]) -> Option<usize> {
    named.iter().enumerate().position(|(k, n)| {
        let owned = k
            .checked_sub(1)
            .and_then(|p| named.get(p))
            .is_some_and(|p| p.at + p.len == n.at);
        let (g, _) = governing_word(toks, n.at);
        // a verb of sending ("send", "post"), not a transport word ("via")
        let sends = |j: usize| {
            let w = text_of(toks, j);
            words::has(&SEND_WORDS, w) && is_verb(w)
        };
        let sent = sends(clause_start(toks, n.at)) || sends(g.wrapping_sub(1));
        !owned && !sent && n.app.is_some_and(|a| a.is_webhook())
    })
}

/// Whether `app` is a device hub (home automation): it switches devices,
/// and what it watches (a sensor, the sun, a door) is no app of its own.
pub(super) fn is_hub(app: &App) -> bool {
    app.kind == "home"
}

/// "welcome new users to the Discord server", "DM every new joiner of the
/// guilds": a chat app whose members are welcomed is where they joined.
pub(super) fn welcoming_chat(toks: &[Tok], named: &[Named]) -> Option<usize> {
    if !toks.iter().any(|x| words::has(&CHAT_SELF_WORDS, &x.text)) {
        return None;
    }
    named
        .iter()
        .position(|n| n.app.is_some_and(|a| a.kind == "chat"))
}

/// A two-way sync: the first two apps joined by "and" ("Pipedrive and
/// MySQL") and "both ways", "two-way" or "bidirectional" said.
pub(super) fn two_way(toks: &[Tok], named: &[Named]) -> bool {
    let joined = match (named.first(), named.get(1)) {
        (Some(a), Some(b)) => a.at + a.len + 1 == b.at && text_of(toks, a.at + a.len) == "and",
        _ => false,
    };
    let said = toks.windows(2).any(|w| match w {
        [a, b] => {
            (a.text == "both" && matches!(b.text.as_str(), "ways" | "directions"))
                || (matches!(a.text.as_str(), "two" | "2") && b.text == "way")
        }
        _ => false,
    }) || toks.iter().any(|t| t.text == "bidirectional");
    joined && said
}

/// A title listing its apps as tools, "… using Telegram, Gemini AI and
/// Google Sheets": the list names the starting app first. The first app of
/// a list of three or more after "using" / "with" / "via" that can trigger
/// and is not an AI step.
pub(super) fn tool_list_head(toks: &[Tok], named: &[Named]) -> Option<usize> {
    let mut k = 0;
    while k < named.len() {
        let first = named.get(k)?;
        let (g, _) = governing_word(toks, first.at);
        let mut end = k;
        while let (Some(p), Some(q)) = (named.get(end), named.get(end + 1)) {
            let gap = q.at.saturating_sub(p.at + p.len);
            let sep = is(toks.get(p.at + p.len), &["and", BREAK]);
            // "Gemini AI and": one word after an app name is allowed
            let one_more = gap == 2 && is(toks.get(p.at + p.len + 1), &["and"]);
            if gap == 0 || (gap == 1 && sep) || one_more {
                end += 1;
            } else {
                break;
            }
        }
        if end >= k + 2 && words::has(&TOOL_PREPS, text_of(toks, g.wrapping_sub(1))) {
            return (k..=end).find(|i| {
                named
                    .get(*i)
                    .is_some_and(|n| n.can_trigger() && n.app.map_or(true, |a| a.kind != "ai"))
            });
        }
        k = end + 1;
    }
    None
}

/// A request that opens by calling itself an API ("API that pulls … and
/// emails …", "an endpoint which …"): a call to it starts the workflow, so
/// the way in is a webhook. The token of the noun.
pub(super) fn api_entry(toks: &[Tok]) -> Option<usize> {
    let mut i = past_determiners(toks, 0);
    // ("a REST API that …", "an HTTP endpoint which …")
    if matches!(text_of(toks, i), "rest" | "http" | "web") {
        i += 1;
    }
    (words::has(&API_NOUNS, text_of(toks, i)) && words::has(&RELATIVE_WORDS, text_of(toks, i + 1)))
        .then_some(i)
}
