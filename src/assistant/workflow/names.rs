//! `names`: apps outside the catalog — a capitalised name ("Xentral",
//! "ClickUp", "Pipedrive Leads") after a cue word, in a request not written
//! in title case — kept as written, so the step is not silently dropped.

use super::clauses::text_of;
use super::roles::Named;
use super::words::{self, ACTION_VERBS, NAME_CUES, NOT_NAMES};
use crate::assistant::catalog::Mention;
use crate::text::tokens::{span_text, Tok, BREAK};

/// Names outside the catalog: capitalised words ("Xentral", "ClickUp",
/// "Pipedrive Leads") after a cue ("to", "in", "from", "with", "and") in a
/// request that is not written in title case.
pub fn unknown(toks: &[Tok], text: &str, known: &[Mention]) -> Vec<Named> {
    let cap = |t: &Tok| {
        text.get(t.start..t.end)
            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    let known_at = |i: usize| known.iter().any(|m| i >= m.at && i < m.at + m.len);
    // title case is judged on the other words: "Create Xero invoices from
    // Stripe payments" is a sentence whose app names are capitalised
    let long: Vec<&Tok> = toks
        .iter()
        .enumerate()
        .filter(|(i, t)| *i > 0 && !known_at(*i) && t.text.len() >= 4 && t.text != BREAK)
        .map(|(_, t)| t)
        .collect();
    let caps = long.iter().filter(|t| cap(t)).count();
    // (one capital among two long words is a name in a sentence: "add new
    // Smartsuite records to Sheets"); in a title every word is capitalised,
    // so only "New Ghost Posts", "From Jotform Submissions" (a cue, one word,
    // then what the app holds) says a name
    let title = long.is_empty() || (caps >= 2 && caps * 2 >= long.len());
    // "posts", "a Bexio invoice": the items of an app, plural or not
    let items = |i: usize| words::is_item_noun(text_of(toks, i));
    let mut out = Vec::new();
    let mut i = 1;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        let prev = text_of(toks, i - 1);
        // "to Xentral", "in ClickUp"; "create Fakturoid invoices": a verb
        // before a name and the name's items after it
        let cue = if title {
            words::has(&NAME_CUES, prev) && items(i + 1)
        } else {
            words::has(&NAME_CUES, prev)
                || ((words::has(&ACTION_VERBS, prev) || matches!(prev, "a" | "an" | "the"))
                    && items(i + 1))
        };
        // "Microsoft Excel", "Zoho Books": a vendor word before a catalog app
        let vendor = known.iter().any(|m| m.at == i + 1);
        if !cap(t)
            || known_at(i)
            || vendor
            || !cue
            || words::has(&NOT_NAMES, &t.text)
            || t.text.bytes().all(|b| b.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while !title
            && toks
                .get(j + 1)
                .is_some_and(|n| cap(n) && !known_at(j + 1) && !words::has(&NOT_NAMES, &n.text))
            && j < i + 2
        {
            j += 1;
        }
        let name = span_text(toks, text, i, j);
        let all_caps_short = name.len() <= 4 && name.bytes().all(|b| !b.is_ascii_lowercase());
        if !all_caps_short && !name.is_empty() {
            out.push(Named {
                app: None,
                name,
                at: i,
                len: j + 1 - i,
            });
        }
        i = j + 1;
    }
    out
}
