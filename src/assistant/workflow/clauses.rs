//! `clauses`: the structure of a request that decides roles — clause
//! boundaries (commas, "then", arrows), when-clauses ("when", "whenever",
//! "as soon as", "every time", "if … then", "on new …"), the word that
//! governs an app ("to a Slack channel" -> "to"), title prefixes ("Asana -
//! …"), and a when-clause that names no app but what one holds ("… lands in
//! the folder").

use super::roles::Named;
use super::words::{
    self, ACTION_VERBS, DETERMINERS, EVENT_CUES, HOLDERS, HOLDER_DEFAULTS, MAIN_VERBS, PLACE_REFS,
    REFER_WORDS, RELATIVE_WORDS, SUBJECT_WORDS, WHETHER_WORDS,
};
use crate::assistant::catalog::App;
use crate::text::tokens::{is, Tok, BREAK};

pub(super) fn text_of(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map_or(BREAK, |t| t.text.as_str())
}

/// The first token from `i` on that is not a determiner ("to *the* Jira
/// board": the name's position).
pub(super) fn past_determiners(toks: &[Tok], mut i: usize) -> usize {
    while words::has(&DETERMINERS, text_of(toks, i)) {
        i += 1;
    }
    i
}

pub(super) fn is_verb(w: &str) -> bool {
    words::has(&ACTION_VERBS, w)
}

/// Whether `toks[i]` ends a clause ("," or "then").
pub(super) fn is_boundary(toks: &[Tok], i: usize) -> bool {
    matches!(text_of(toks, i), BREAK | "then" | "finally")
}

/// The first token of the clause holding token `at`.
pub(super) fn clause_start(toks: &[Tok], at: usize) -> usize {
    let mut a = at;
    while a > 0 && !is_boundary(toks, a - 1) {
        a -= 1;
    }
    a
}

/// Whether a when-cue ("when", "whenever", "every time", "as soon as",
/// "once", "after", "upon", "if", "for each new", "on new") starts at `j`.
pub(super) fn when_cue(toks: &[Tok], j: usize, at: usize) -> bool {
    let t = text_of(toks, j);
    let next = text_of(toks, j + 1);
    let unit_after = |k: usize| super::schedule::unit(toks.get(k)).is_some();
    match t {
        "when" | "whenever" | "upon" | "anytime" => true,
        // "decide if we should …" is "whether", not a condition
        "if" => j + 1 < at && !words::has(&WHETHER_WORDS, text_of(toks, j.wrapping_sub(1))),
        "once" | "after" => {
            !(matches!(next, "a" | "an" | "per") && unit_after(j + 2))
                && super::schedule::amount(toks, j + 1).is_none()
        }
        "as" => next == "soon",
        // "every time", "each new order", "before each Google Calendar event"
        // ("every article I publish on WordPress", "each file that lands in Box":
        // a relative clause about the thing is its event)
        "each" | "every" | "any" => {
            matches!(next, "time" | "new" | "incoming" | "single")
                || j + 1 == at
                || words::has(&RELATIVE_WORDS, text_of(toks, j + 2))
        }
        "on" => matches!(next, "new" | "every" | "each" | "any"),
        "for" => {
            matches!(next, "each" | "every" | "new" | "any")
                && !unit_after(j + 2)
                && super::schedule::amount(toks, j + 2).is_none()
        }
        "triggered" => next == "by",
        _ => false,
    }
}

/// Whether an event cue starts at `j`: "when", "whenever", "as soon as",
/// "once", "after", "upon", "every time", or an "if" opening the request
/// ("if the weather turns to rain, …"); not a filter ("… if over £100").
pub(super) fn event_cue(toks: &[Tok], j: usize) -> bool {
    let t = text_of(toks, j);
    let opening_if = t == "if" && j == 0;
    let phrase = matches!(t, "every" | "each");
    let event = words::has(&EVENT_CUES, t) && (!phrase || text_of(toks, j + 1) == "time");
    (event || opening_if) && when_cue(toks, j, j + 2)
}

/// Whether the event clause opened at `j` names no app, says nothing that
/// refers back to one ("once *they* go live"), and follows no app that sets
/// the scene ("in Business Central, when a sales order …", "on WooCommerce
/// order.created …").
pub(super) fn unnamed_event(toks: &[Tok], named: &[Named], j: usize) -> bool {
    if !event_cue(toks, j) {
        return false;
    }
    let end = clause_end(toks, j);
    // "When: catch a webhook. Do: …": a heading, the event follows it
    let heading = end == j;
    let refers = (j..=end).any(|i| {
        let w = text_of(toks, i);
        words::has(&REFER_WORDS, w) || words::has(&PLACE_REFS, w)
    });
    let scene = || {
        named.iter().any(|n| {
            let (g, _) = governing_word(toks, n.at);
            n.at < j
                && !verb_before(toks, n.at)
                && matches!(text_of(toks, g.wrapping_sub(1)), "in" | "on" | "at")
        })
    };
    !heading && !refers && !scene()
}

/// The when-cue governing token `at` in its clause, if any.
pub(super) fn in_when_clause(toks: &[Tok], at: usize) -> bool {
    let start = clause_start(toks, at);
    for j in (start..at).rev().take(14) {
        if when_cue(toks, j, at) {
            // "each new page to Slack": a noun-phrase cue covers its own phrase only
            // ("every time …", "each time …" open a whole clause)
            let phrase = matches!(text_of(toks, j), "each" | "every" | "any" | "for" | "on")
                && text_of(toks, j + 1) != "time";
            // ("every video we upload to YouTube": the "to" is the relative clause's)
            let relative = words::has(&RELATIVE_WORDS, text_of(toks, j + 2));
            let reaches = at <= j + 6
                && (relative
                    || !(j + 1..at).any(|i| matches!(text_of(toks, i), "to" | "into" | "onto")));
            if !phrase || reaches {
                return true;
            }
        }
        // "when the machine finishes get a Telegram message": the main verb
        // after the when-clause starts the action
        let w = text_of(toks, j);
        if j + 1 < at && j > start && words::has(&MAIN_VERBS, w) {
            return false;
        }
        if j + 1 < at && (is_verb(w) || w == "get") && j > start {
            let p = text_of(toks, j - 1);
            // ("each time a new subscriber joins my Mailchimp list": a noun
            // after an article is the clause's own subject)
            let p2 = text_of(toks, j.wrapping_sub(2));
            let subject = !is_verb(p) && (words::has(&DETERMINERS, p2) || p2 == "new");
            if !words::has(&SUBJECT_WORDS, p) && !subject {
                return false;
            }
        }
    }
    false
}

/// Whether a verb of action (or an object pronoun) comes before `at` in its clause.
pub(super) fn verb_before(toks: &[Tok], at: usize) -> bool {
    let start = clause_start(toks, at);
    (start..at).any(|j| {
        let w = text_of(toks, j);
        is_verb(w) || matches!(w, "them" | "it")
    })
}

/// Whether the break token `i` stands for an arrow ("Typeform -> Asana").
fn is_arrow(toks: &[Tok], text: &str, i: usize) -> bool {
    let Some(t) = toks.get(i).filter(|t| t.text == BREAK) else {
        return false;
    };
    let around = |a: usize, b: usize| text.get(a..b).unwrap_or("");
    around(t.start, t.start + 2) == "->"
        || around(t.start, t.start + 2) == "=>"
        || text
            .get(t.start.saturating_sub(1)..)
            .is_some_and(|r| r.starts_with('→'))
}

/// Where `at` sits relative to the arrows of an arrow chain: 0 before the
/// first arrow, 1 after it; `None` without arrows.
pub(super) fn arrow_side(toks: &[Tok], text: &str, at: usize) -> Option<usize> {
    let first = (0..toks.len()).find(|i| is_arrow(toks, text, *i))?;
    Some(usize::from(at > first))
}

/// The word before token `head`, skipping determiners ("to a Slack channel"
/// -> "to"), and whether a possessive was skipped ("my Instagram posts").
pub(super) fn governing_word(toks: &[Tok], head: usize) -> (usize, bool) {
    let mut j = head;
    let mut possessive = false;
    while j > 0 && words::has(&DETERMINERS, text_of(toks, j - 1)) {
        possessive |= is(toks.get(j - 1), &["my", "our", "your", "their"]);
        j -= 1;
    }
    (j, possessive)
}

/// Whether the named app at the very start is followed by " - " or ":".
pub(super) fn prefix_dash(toks: &[Tok], text: &str, m: &Named) -> bool {
    let Some(end) = toks.get(m.at + m.len - 1).map(|t| t.end) else {
        return false;
    };
    let next = toks.get(m.at + m.len).map_or(text.len(), |t| t.start);
    text.get(end..next).is_some_and(|gap| {
        gap.contains(" - ")
            || gap.contains('–')
            || gap.contains('—')
            || gap.contains(':')
            || gap.contains('|')
    })
}

/// What a when-clause without an app refers to.
pub(super) enum Held {
    /// A named app of the holder's kind.
    Named(usize),
    /// No such app named: the kind's usual app ("a new release" -> GitHub), at token.
    Default(App, usize),
}

/// With no app in a when-clause: an app referred to by what it holds
/// ("when a file lands in the folder" -> the storage app named earlier).
pub(super) fn held_reference(toks: &[Tok], named: &[Named]) -> Option<Held> {
    for j in 0..toks.len() {
        // (a filter "… if it mentions the channel" refers to nothing)
        let filter = text_of(toks, j) == "if" && j > 0;
        if filter || !when_cue(toks, j, j + 2) {
            continue;
        }
        let mut i = j + 1;
        while i < toks.len() && !is_boundary(toks, i) && i < j + 12 {
            // "copy the file into the S3 bucket; whenever a new audio file
            // shows up there …": the place is the app last named before the cue
            if words::has(&PLACE_REFS, text_of(toks, i)) {
                if let Some(k) = named.iter().rposition(|n| n.at < j && n.can_trigger()) {
                    return Some(Held::Named(k));
                }
            }
            if let Some(kind) = words::get(&HOLDERS, text_of(toks, i)) {
                // ("trigger a Dropbox sync when a new backup shows up in the
                // folder": the app set going is not where the file lands)
                let set_going = |n: &Named| {
                    let (g, _) = governing_word(toks, n.at);
                    words::has(&words::START_VERBS, text_of(toks, g.wrapping_sub(1)))
                };
                let k = named.iter().position(|n| {
                    n.can_trigger() && n.app.is_some_and(|a| a.kind == kind) && !set_going(n)
                });
                if k.is_some() {
                    return k.map(Held::Named);
                }
                if let Some(app) =
                    words::get(&HOLDER_DEFAULTS, kind).and_then(crate::assistant::catalog::lookup)
                {
                    return Some(Held::Default(app, i));
                }
            }
            i += 1;
        }
    }
    None
}

/// The last token of the clause holding token `at`.
pub(super) fn clause_end(toks: &[Tok], at: usize) -> usize {
    let mut b = at;
    while b + 1 < toks.len() && !is_boundary(toks, b + 1) {
        b += 1;
    }
    b
}

/// `text` with arrows ("->", "=>", "→") as clause breaks, byte offsets kept
/// ("Typeform submission -> new Asana task").
pub fn mark_arrows(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("->") && !text.contains("=>") && !text.contains('→') {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.replace("->", ", ")
            .replace("=>", ", ")
            .replace('→', " , "),
    )
}
