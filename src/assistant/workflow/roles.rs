//! `roles`: who triggers and who acts. Picks the trigger from the scores of
//! [`super::trigger`] (a when-clause or "new …" cue outranks position), else
//! a held reference ("… arrives in my inbox"), a trigger-only app, the
//! schedule, a request that is itself an API, or a manual start; then [`super::actions`] gives every other app
//! (and the trigger, when it is acted on too) an action.

use super::clauses::{
    clause_start, governing_word, held_reference, in_when_clause, is_boundary, past_determiners,
    text_of, unnamed_event, Held,
};
use super::fallbacks::{api_entry, entry_hook, is_hub, tool_list_head, two_way, welcoming_chat};
use super::trigger::trigger_score;
use super::words::{self, DESTINATION_PREPS, SELF_WORDS};
use crate::assistant::catalog::{App, Role};
use crate::text::tokens::Tok;

/// An app named in the request: from the catalog, or (with `app: None`) a
/// name outside it, as written.
#[derive(Debug, Clone)]
pub struct Named {
    /// The catalog app, when known.
    pub app: Option<App>,
    /// Display name, or the name as written for an unknown app.
    pub name: String,
    /// First token.
    pub at: usize,
    /// Tokens spanned.
    pub len: usize,
}

impl Named {
    pub(super) fn can_trigger(&self) -> bool {
        self.app.map_or(true, |a| a.role.can_trigger())
    }
}

/// The roles found: which named app triggers, and which receive actions.
#[derive(Debug, Default)]
pub struct Roles {
    /// Index into the named apps of the trigger.
    pub trigger: Option<usize>,
    /// Indices of the action apps, in order of mention, one per app.
    pub actions: Vec<usize>,
    /// A trigger app the request implies but does not name ("when a new
    /// release is published" -> GitHub); `trigger` is then `named.len()`.
    pub implied: Option<Named>,
    /// The implied trigger app also receives an action ("… turn on the lamp"
    /// with Home Assistant implied).
    pub implied_acts: bool,
}

/// Whether `n` is a generic stand-in used as a field of the data ("the
/// email column", "a custom email domain"): no step at all.
pub fn is_field(toks: &[Tok], n: &Named) -> bool {
    n.app.is_some_and(|a| a.is_generic())
        && words::has(&words::FIELD_NOUNS, text_of(toks, n.at + n.len))
}

/// Whether `n` is a plain noun that is also an alias ("vfs teams schedule a
/// call"): the app only after a preposition of place ("post in Teams") or
/// before one of its things ("a Teams message").
pub fn is_plain_noun(toks: &[Tok], n: &Named) -> bool {
    n.len == 1
        && words::has(&words::PLAIN_NOUN_ALIASES, text_of(toks, n.at))
        && !words::has(
            &DESTINATION_PREPS,
            text_of(toks, governing_word(toks, n.at).0.wrapping_sub(1)),
        )
        && !words::has(&words::APP_CONTEXT_NOUNS, text_of(toks, n.at + 1))
}
/// Whether mention `n` names an app only in passing, as no step of this
/// workflow: held up for comparison ("like my Twitter bot", "instead of
/// only GitHub Actions"), the site a feed belongs to ("my WordPress RSS
/// feed"), a place in another app named after it ("our HubSpot channel on
/// Slack"), a thing of another app ("the Notion calendar"), the maker of an identifier ("the Square transaction ID"), or,
/// outside the catalog, a quoted title ("the 'Week in
/// Openverse' drafts") or a value set ("set lead status to Opportunity").
pub fn in_passing(toks: &[Tok], text: &str, named: &[Named], n: &Named) -> bool {
    let a = clause_start(toks, n.at);
    let compared = (n.at.saturating_sub(3).max(a)..n.at).any(|j| {
        let w = text_of(toks, j);
        let before = text_of(toks, j.wrapping_sub(1));
        // ("I'd like Slack to …", "a tool like Notion": a wish or an example)
        words::has(&words::COMPARISON_CUES, w)
            && !(w == "like" && (j == 0 || words::has(&words::LIKE_LEADS, before)))
    });
    let feed_site = named.iter().any(|o| {
        o.at == n.at + n.len
            && o.app
                .is_some_and(|a| a.role == Role::Trigger && a.kind == "web")
    });
    // "our HubSpot channel on Slack": a place in another app, named after this one
    let end = n.at + n.len;
    let place = words::has(&words::PLACE_NOUNS, text_of(toks, end))
        && matches!(text_of(toks, end + 1), "on" | "in")
        && named
            .iter()
            .any(|o| o.at == past_determiners(toks, end + 2) && o.name != n.name);
    // "the Square transaction ID": an identifier the app gave, which is data
    let id = (end..end + 2)
        .take_while(|j| !is_boundary(toks, *j))
        .any(|j| words::has(&words::ID_NOUNS, text_of(toks, j)));
    // "the Notion calendar database": a common-noun alias right after another
    // app is that app's thing
    let owned = n.len == 1
        && words::has(&words::COMMON_ALIASES, text_of(toks, n.at))
        && named
            .iter()
            .any(|o| o.at + o.len == n.at && o.name != n.name);
    // "An API that …": the request names itself, not an HTTP step
    let itself = super::fallbacks::api_entry(toks).is_some_and(|at| (n.at..end).contains(&at));
    if compared || feed_site || place || id || owned || itself {
        return true;
    }
    if n.app.is_some() {
        return false;
    }
    let prev = text_of(toks, n.at.wrapping_sub(1));
    let value = matches!(prev, "to" | "as")
        && (n.at.saturating_sub(6).max(a)..n.at)
            .any(|j| words::has(&words::VALUE_VERBS, text_of(toks, j)));
    value || toks.get(n.at).is_some_and(|t| quoted(text, t.start))
}

/// A letter or digit, any non-ASCII character counted as one (without
/// `char::is_alphanumeric`, whose Unicode tables cost ~3 KB of wasm).
fn wordlike(c: char) -> bool {
    c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// Whether byte `at` of `text` lies inside a quotation: an opening mark at
/// the start of a word (`'Week in`, `“Daily`) not closed before `at`.
fn quoted(text: &str, at: usize) -> bool {
    let mut open: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if i >= at {
            break;
        }
        let closes = |q: char| c == q || (q == '“' && c == '”') || (q == '‘' && c == '’');
        match open {
            Some(q) if closes(q) => {
                // (an apostrophe inside a word, "don't", closes nothing)
                let next = text.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
                if !next.is_some_and(wordlike) {
                    open = None;
                }
            }
            None if matches!(c, '"' | '\'' | '“' | '‘') && !wordlike(prev) => {
                open = Some(c);
            }
            _ => {}
        }
        prev = c;
    }
    open.is_some()
}

/// Assigns the roles of `named` (in order of mention) in `toks`.
pub fn assign(toks: &[Tok], text: &str, named: &[Named], has_schedule: bool) -> Roles {
    let mut best: Option<(i32, bool, usize)> = None;
    for (k, n) in named.iter().enumerate() {
        if !n.can_trigger() {
            continue;
        }
        let (s, strong) = trigger_score(toks, text, named, k, has_schedule);
        // a when-clause or "new …" cue outranks any positional evidence
        if best.map_or(true, |(b, bs, _)| (strong, s) > (bs, b)) {
            best = Some((s, strong, k));
        }
    }
    let any_when = named.iter().any(|n| in_when_clause(toks, n.at));
    // "send a Slack message when stock drops", "when it rains, turn the Hue
    // lights blue": the event clause names no app, so no named app starts it
    let unnamed_when = !any_when && (0..toks.len()).any(|j| unnamed_event(toks, named, j));
    // "API that pulls … and emails …": the workflow is called to start, so a
    // webhook is the way in (over any app without a when-clause or "new …" cue)
    let api = (!has_schedule)
        .then(|| api_entry(toks))
        .flatten()
        .and_then(|at| crate::assistant::catalog::lookup("webhook").map(|w| Held::Default(w, at)));
    let held = match (any_when, best) {
        _ if api.is_some() => api,
        (false, Some((s, _, _))) if s >= 3 => None,
        (false, _) => held_reference(toks, named),
        (true, _) => None,
    };
    // "back up Notion to Drive", "keep Pipedrive and MySQL in sync": both are acted on
    let family = super::pattern::by_word(toks);
    let backup = family == Some("backup") || (family == Some("sync") && two_way(toks, named));
    let distinct = {
        let mut v: Vec<&str> = Vec::new();
        for n in named.iter().filter(|n| n.can_trigger()) {
            if !v.contains(&n.name.as_str()) {
                v.push(&n.name);
            }
        }
        v.len()
    };
    let mut extra: Option<Named> = None;
    // a feed or a form only ever starts a workflow ("poll the RSS feed every 15 minutes")
    let starter = named
        .iter()
        .position(|n| n.app.is_some_and(|a| a.role == Role::Trigger));
    let trigger: Option<usize> = match (best, held) {
        (Some((_, true, k)), _) => Some(k),
        _ if starter.is_some() => starter,
        (_, Some(Held::Named(k))) => Some(k),
        (_, Some(Held::Default(app, at))) => {
            extra = Some(Named {
                app: Some(app),
                name: app.name.to_string(),
                at,
                len: 1,
            });
            // a device hub is acted on; what starts it is not named
            // ("kitchen light on at sunset")
            (!is_hub(&app)).then_some(named.len())
        }
        // (unless the app is plainly the source: "upload Zoom recordings to Box after each meeting")
        (Some((s, _, _)), _) if unnamed_when && s < 3 => None,
        (None, _) if unnamed_when => None,
        (Some((s, false, k)), None) if !has_schedule && !backup => {
            // one app and no cue: it is what the workflow acts on
            // "write a reply draft in Gmail using OpenAI": a reply needs
            // something to reply to, so the one app starts it
            let replies = toks.iter().any(|x| words::has(&SELF_WORDS, &x.text));
            let ok = if distinct >= 2 {
                s >= 1
            } else {
                s >= 3 || replies
            };
            ok.then_some(k)
                .or_else(|| tool_list_head(toks, named))
                .or_else(|| welcoming_chat(toks, named))
        }
        (None, None) if !has_schedule => welcoming_chat(toks, named),
        _ => None,
    };
    // "turn text into audio with OpenAI via a webhook": with nothing else to
    // start it and no schedule, a webhook named is the way in
    let trigger = trigger.or_else(|| (!has_schedule).then(|| entry_hook(toks, named)).flatten());
    let actions = super::actions::collect(toks, text, named, trigger, has_schedule);
    let implied_acts = extra
        .as_ref()
        .is_some_and(|n| n.app.is_some_and(|a| is_hub(&a)));
    Roles {
        trigger,
        actions,
        implied: extra,
        implied_acts,
    }
}
