//! `clauses`: who triggers and who acts. Reads the request's structure —
//! when/whenever/as soon as/every time/if … then clauses, "from (new) X",
//! "X to Y", "new X …", "Y for X events", destinations ("to / into / in X"
//! after a verb), tools ("with / using / via X"), title prefixes ("Asana -
//! create tasks from new Zendesk tickets"), a trigger app referred to later
//! by what it holds ("… lands in the folder") — and assigns each named app
//! its role. Apps outside the catalog are found here too (a capitalised name
//! after a cue word) and keep the name as written.

use super::words::{
    self, ACTION_VERBS, DESTINATION_PREPS, DETERMINERS, EVENT_NOUNS, EVENT_PARTICIPLES, HOLDERS,
    HOLDER_DEFAULTS, LEAD_INS, NOTICE_NOUNS, NOTIFY_WORDS, SELF_WORDS, SEND_WORDS, SOURCE_CUES,
    SUBJECT_WORDS, TOOL_PREPS, TOOL_VERBS,
};
use crate::assistant::catalog::{App, Mention};
use crate::text::tokens::{is, Tok, BREAK};

/// An app named in the request: from the catalog, or (with `app: None`) a
/// name outside it, as written.
#[derive(Debug, Clone)]
pub struct Named {
    /// The catalog app, when known.
    pub app: Option<&'static App>,
    /// Display name, or the name as written for an unknown app.
    pub name: String,
    /// First token.
    pub at: usize,
    /// Tokens spanned.
    pub len: usize,
}

impl Named {
    fn can_trigger(&self) -> bool {
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
}

fn text_of(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map_or(BREAK, |t| t.text.as_str())
}

fn is_verb(w: &str) -> bool {
    words::has(&ACTION_VERBS, w)
}

/// Whether `toks[i]` ends a clause ("," or "then").
fn is_boundary(toks: &[Tok], i: usize) -> bool {
    matches!(text_of(toks, i), BREAK | "then" | "finally")
}

/// The first token of the clause holding token `at`.
fn clause_start(toks: &[Tok], at: usize) -> usize {
    let mut a = at;
    while a > 0 && !is_boundary(toks, a - 1) {
        a -= 1;
    }
    a
}

/// Whether a when-cue ("when", "whenever", "every time", "as soon as",
/// "once", "after", "upon", "if", "for each new", "on new") starts at `j`.
fn when_cue(toks: &[Tok], j: usize, at: usize) -> bool {
    let t = text_of(toks, j);
    let next = text_of(toks, j + 1);
    let unit_after = |k: usize| super::schedule::unit(toks.get(k)).is_some();
    match t {
        "when" | "whenever" | "upon" | "anytime" => true,
        "if" => j + 1 < at,
        "once" | "after" => {
            !(matches!(next, "a" | "an" | "per") && unit_after(j + 2))
                && super::schedule::amount(toks, j + 1).is_none()
        }
        "as" => next == "soon",
        // "every time", "each new order", "before each Google Calendar event"
        "each" | "every" | "any" => {
            matches!(next, "time" | "new" | "incoming" | "single") || j + 1 == at
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

/// The when-cue governing token `at` in its clause, if any.
fn in_when_clause(toks: &[Tok], at: usize) -> bool {
    let start = clause_start(toks, at);
    for j in (start..at).rev().take(14) {
        if when_cue(toks, j, at) {
            return true;
        }
        // "when the machine finishes get a Telegram message": the main verb
        // after the when-clause starts the action
        let w = text_of(toks, j);
        if j + 1 < at && (is_verb(w) || w == "get") && j > start {
            let p = text_of(toks, j - 1);
            if !words::has(&SUBJECT_WORDS, p) {
                return false;
            }
        }
    }
    false
}

/// Whether a verb of action (or an object pronoun) comes before `at` in its clause.
fn verb_before(toks: &[Tok], at: usize) -> bool {
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
fn arrow_side(toks: &[Tok], text: &str, at: usize) -> Option<usize> {
    let first = (0..toks.len()).find(|i| is_arrow(toks, text, *i))?;
    Some(usize::from(at > first))
}

/// The word before token `head`, skipping determiners ("to a Slack channel"
/// -> "to"), and whether a possessive was skipped ("my Instagram posts").
fn governing_word(toks: &[Tok], head: usize) -> (usize, bool) {
    let mut j = head;
    let mut possessive = false;
    while j > 0 && words::has(&DETERMINERS, text_of(toks, j - 1)) {
        possessive |= is(toks.get(j - 1), &["my", "our", "your", "their"]);
        j -= 1;
    }
    (j, possessive)
}

/// Score of named app `k` as the trigger; also whether a when-clause or a
/// "new …" cue backs it.
fn trigger_score(toks: &[Tok], text: &str, named: &[Named], k: usize) -> (i32, bool) {
    let Some(m) = named.get(k) else {
        return (i32::MIN, false);
    };
    let mut s = if k == 0 { 1 } else { 0 };
    let mut strong = false;
    if in_when_clause(toks, m.at) {
        s += 5;
        strong = true;
    }
    // the word that governs this app: its own, or that of the app it is
    // coordinated with ("to Sheets and Excel", "using Groq, Apollo and Gmail")
    let mut head = m.at;
    let mut prev_named = k;
    while let Some(p) = prev_named.checked_sub(1).and_then(|i| named.get(i)) {
        let joined = p.at + p.len == head
            || (p.at + p.len + 1 == head
                && is(
                    head.checked_sub(1).and_then(|i| toks.get(i)),
                    &["and", "or", "plus", BREAK, "und"],
                ));
        if !joined {
            break;
        }
        head = p.at;
        prev_named -= 1;
    }
    let (g, possessive) = governing_word(toks, head);
    let prev = text_of(toks, g.wrapping_sub(1));
    let prev2 = text_of(toks, g.wrapping_sub(2));
    let prev3 = text_of(toks, g.wrapping_sub(3));
    let lead_in = |w: &str| words::has(&LEAD_INS, w);
    let participle = |w: &str| words::has(&EVENT_PARTICIPLES, w);
    // "from (new) X", "for (completed) X", "out of X": where events come from
    let from = matches!(prev, "from" | "for")
        || (prev == "of" && prev2 == "out")
        || (matches!(prev2, "from" | "for") && lead_in(prev))
        || (matches!(prev3, "from" | "for") && lead_in(prev2) && lead_in(prev));
    // "new X", "incoming X", "new rows in X", "new leads added to X", "X's"
    let cue_at = (1..=4).find(|d| {
        head >= *d
            && words::has(&SOURCE_CUES, text_of(toks, head - d))
            && (*d == 1
                || is(
                    toks.get(g.wrapping_sub(1)),
                    &["in", "on", "from", "of", "at"],
                )
                || (head - d + 1..head)
                    .all(|j| participle(text_of(toks, j)) || lead_in(text_of(toks, j)))
                || (matches!(prev, "to" | "into" | "in" | "on") && participle(prev2)))
            && !(head - d + 1..head).any(|j| text_of(toks, j) == BREAK)
    });
    // "create a new Asana task": the new thing is made, not watched
    let made = cue_at.is_some_and(|d| {
        verb_before(toks, head) && is(toks.get((head - d).wrapping_sub(1)), &["a", "an", "the"])
    });
    let new_cue = cue_at.filter(|_| !made).is_some_and(|d| {
        (1..=d).any(|e| {
            is(
                toks.get(head - e),
                &["new", "incoming", "newly", "latest", "inbound"],
            )
        })
    });
    let source = (cue_at.is_some() && !made)
        || (matches!(prev, "via" | "through" | "by" | "with") && participle(prev2))
        || text_of(toks, m.at + m.len) == "s"
        || (strong && matches!(prev, "to" | "into" | "in" | "on") && participle(prev2));
    // "product events in PostHog", "new tickets on Zendesk"
    let events_in = matches!(prev, "in" | "on" | "from" | "at") && words::has(&EVENT_NOUNS, prev2);
    let verb_use = words::has(&ACTION_VERBS, text_of(toks, m.at))
        && is(
            toks.get(m.at + 1),
            &[
                "me", "the", "it", "them", "us", "him", "her", "my", "our", "your", "a", "an",
                "everyone",
            ],
        );
    let tool = words::has(&TOOL_PREPS, prev)
        || (prev == "by" && prev2 == "powered")
        || (prev == "on" && prev2 == "built")
        || words::has(&TOOL_VERBS, prev);
    if verb_use {
        // "email the results", "text me": the app is the action itself
        s -= 4;
    } else if from || events_in {
        s += 3;
    } else if source {
        s += 2;
        strong |= new_cue;
    } else if tool {
        s -= 3;
    } else if matches!(prev, "to" | "into" | "onto") {
        s -= 2;
    } else if words::has(&DESTINATION_PREPS, prev) {
        s += if verb_before(toks, g) { -2 } else { 1 };
    } else if is_verb(prev) {
        s -= 1;
    } else if possessive && !verb_before(toks, g) {
        s += 1;
    }
    // "copy HubSpot contacts to Google Sheets", "sync Notion posts over to
    // Webflow": the app before "to <app>" is the source
    let to_app = (m.at + m.len..m.at + m.len + 4)
        .take_while(|j| {
            let w = text_of(toks, *j);
            !is_boundary(toks, *j) && !is_verb(w) && !matches!(w, "and" | "or")
        })
        .find(|j| matches!(text_of(toks, *j), "to" | "into" | "onto" | "with"))
        .is_some_and(|j| {
            let mut n = j + 1;
            while words::has(&DETERMINERS, text_of(toks, n)) {
                n += 1;
            }
            named.iter().any(|o| o.at == n && o.name != m.name)
        });
    // "summarise Gmail emails", "labelling of Gmail emails": the app's items are processed
    let items = words::has(&EVENT_NOUNS, text_of(toks, m.at + m.len));
    if !from && !events_in && !tool && !verb_use {
        s += 2 * i32::from(to_app) + i32::from(items);
    }
    // "Typeform submission -> Asana task": before the arrow is the source
    match arrow_side(toks, text, m.at) {
        Some(0) => s += 2,
        Some(_) => {
            s -= 2;
            strong = strong && in_when_clause(toks, m.at);
        }
        None => {}
    }
    // a chat app with a bot is where the conversation starts ("Telegram bot")
    let bot = (m.at + m.len.saturating_sub(1)..m.at + m.len + 3)
        .take_while(|j| !is_boundary(toks, *j))
        .any(|j| is(toks.get(j), &["bot", "bots", "chatbot", "chatbots"]));
    if m.app.is_some_and(|a| matches!(a.kind, "chat" | "social")) && bot {
        s += 4;
    }
    // a generic stand-in (an e-mail, a text) starts a workflow only when the
    // request says so ("when an email arrives", "new emails", "from my inbox")
    if m.app.is_some_and(|a| a.is_generic()) && !(strong || from || source || events_in) {
        s -= 4;
    }
    // a title prefix ("Asana - create tasks from …") names the tool, not the source
    if k == 0 && m.at == 0 && prefix_dash(toks, text, m) {
        s -= 3;
    }
    (s, strong)
}

/// Whether the named app at the very start is followed by " - " or ":".
fn prefix_dash(toks: &[Tok], text: &str, m: &Named) -> bool {
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
enum Held {
    /// A named app of the holder's kind.
    Named(usize),
    /// No such app named: the kind's usual app ("a new release" -> GitHub), at token.
    Default(&'static App, usize),
}

/// With no app in a when-clause: an app referred to by what it holds
/// ("when a file lands in the folder" -> the storage app named earlier).
fn held_reference(toks: &[Tok], named: &[Named]) -> Option<Held> {
    for j in 0..toks.len() {
        if !when_cue(toks, j, j + 2) {
            continue;
        }
        let mut i = j + 1;
        while i < toks.len() && !is_boundary(toks, i) && i < j + 12 {
            if let Some(kind) = words::get(&HOLDERS, text_of(toks, i)) {
                let k = named
                    .iter()
                    .position(|n| n.can_trigger() && n.app.is_some_and(|a| a.kind == kind));
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

/// Whether named app `k`, not the trigger, is really a step: a webhook
/// that is another app's ("a Discord webhook") or the transport ("via a
/// webhook") is not; a generic e-mail or text is one only when something is
/// sent by it ("send me an email", "by email", "text me"), not when it is
/// data ("scrape emails from Google Maps").
fn receives_action(toks: &[Tok], named: &[Named], k: usize) -> bool {
    let Some(n) = named.get(k) else {
        return false;
    };
    let Some(app) = n.app else {
        return true;
    };
    let (g, _) = governing_word(toks, n.at);
    let prev = text_of(toks, g.wrapping_sub(1));
    if app.kind == "http" && app.role == crate::assistant::catalog::Role::Both {
        let owned = k
            .checked_sub(1)
            .and_then(|p| named.get(p))
            .is_some_and(|p| p.at + p.len == n.at);
        // "post into Slack via a webhook": Slack is the step, the webhook its transport
        let (a, b) = (clause_start(toks, n.at), clause_end(toks, n.at));
        let other_app = named.iter().any(|o| {
            o.at >= a && o.at <= b && o.app.is_some_and(|x| !x.is_generic() && x.kind != "http")
        });
        let transport = matches!(prev, "via" | "through" | "using" | "with") && other_app;
        return !owned && !transport;
    }
    if !app.is_generic() {
        return true;
    }
    // "emails the owners", "text me", "send (me) an email", "by email",
    // "SMS reminders", "reminder emails"
    let w = text_of(toks, n.at);
    let verb_use = words::has(&ACTION_VERBS, w)
        || w.strip_suffix('s')
            .is_some_and(|v| words::has(&ACTION_VERBS, v));
    let notice = |w: &str| words::has(&NOTIFY_WORDS, w) || words::has(&NOTICE_NOUNS, w);
    verb_use
        || words::has(&SEND_WORDS, prev)
        || (words::has(&SEND_WORDS, text_of(toks, g.wrapping_sub(2)))
            && !is_boundary(toks, g.wrapping_sub(1)))
        || notice(text_of(toks, n.at + n.len))
        || notice(prev)
}

/// The last token of the clause holding token `at`.
fn clause_end(toks: &[Tok], at: usize) -> usize {
    let mut b = at;
    while b + 1 < toks.len() && !is_boundary(toks, b + 1) {
        b += 1;
    }
    b
}

/// Assigns the roles of `named` (in order of mention) in `toks`.
pub fn assign(toks: &[Tok], text: &str, named: &[Named], has_schedule: bool) -> Roles {
    let mut best: Option<(i32, bool, usize)> = None;
    for (k, n) in named.iter().enumerate() {
        if !n.can_trigger() {
            continue;
        }
        let (s, strong) = trigger_score(toks, text, named, k);
        // a when-clause or "new …" cue outranks any positional evidence
        if best.map_or(true, |(b, bs, _)| (strong, s) > (bs, b)) {
            best = Some((s, strong, k));
        }
    }
    let any_when = named.iter().any(|n| in_when_clause(toks, n.at));
    let held = match (any_when, best) {
        (false, Some((s, _, _))) if s >= 3 => None,
        (false, _) => held_reference(toks, named),
        (true, _) => None,
    };
    // "back up Notion to Drive": both are acted on
    let backup = toks
        .windows(2)
        .any(|w| matches!(w, [a, b] if a.text == "back" && b.text == "up"))
        || toks
            .iter()
            .any(|t| matches!(t.text.as_str(), "backup" | "archive"));
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
    let starter = named.iter().position(|n| {
        n.app
            .is_some_and(|a| a.role == crate::assistant::catalog::Role::Trigger)
    });
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
            Some(named.len())
        }
        (Some((s, false, k)), None) if !has_schedule && !backup => {
            // one app and no cue: it is what the workflow acts on
            let ok = if distinct >= 2 { s >= 1 } else { s >= 3 };
            ok.then_some(k)
        }
        _ => None,
    };
    let mut actions: Vec<usize> = Vec::new();
    let trigger_name = trigger.and_then(|k| named.get(k)).map(|n| n.name.as_str());
    for (k, n) in named.iter().enumerate() {
        if Some(k) == trigger
            || actions
                .iter()
                .any(|a| named.get(*a).is_some_and(|x| x.name == n.name))
        {
            continue;
        }
        // the trigger app named again as a destination also receives an action
        if trigger_name == Some(n.name.as_str()) {
            let after = trigger
                .and_then(|t| named.get(t))
                .is_some_and(|t| t.at < n.at);
            if !(after && trigger_score(toks, text, named, k).0 < 0) {
                continue;
            }
        }
        if !receives_action(toks, named, k) {
            continue;
        }
        actions.push(k);
    }
    // a bot, a reply, an enrichment: the trigger app also receives an action
    if let Some(t) = trigger {
        let acts_back = toks.iter().any(|x| words::has(&SELF_WORDS, &x.text));
        if acts_back
            && !actions
                .iter()
                .any(|a| named.get(*a).map(|n| n.name.as_str()) == trigger_name)
        {
            actions.push(t);
        }
    }
    Roles {
        trigger,
        actions,
        implied: extra,
    }
}

/// Words that start with a capital in the original but are not app names.
const NOT_NAMES: &[&str] = &[
    "i",
    "im",
    "ive",
    "id",
    "ai",
    "api",
    "apis",
    "csv",
    "pdf",
    "url",
    "json",
    "html",
    "xml",
    "sql",
    "crm",
    "sms",
    "http",
    "ok",
    "ui",
    "am",
    "pm",
    "asap",
    "faq",
    "kpi",
    "eta",
    "the",
    "a",
    "an",
    "and",
    "or",
    "if",
    "then",
    "when",
    "new",
    "my",
    "our",
    "every",
    "each",
    "daily",
    "weekly",
    "monthly",
    "please",
    "hi",
    "hello",
    "thanks",
    "also",
    "auto",
    "automatically",
    "create",
    "send",
    "add",
    "post",
    "get",
    "save",
    "update",
    "use",
    "make",
    "build",
    "turn",
    "sync",
    "log",
    "copy",
    "move",
    "is",
    "it",
    "this",
    "that",
    "we",
    "you",
    "he",
    "she",
    "they",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "gpt",
    "llm",
    "ceo",
    "cto",
    "vip",
    "us",
    "uk",
    "eu",
    "usd",
    "gbp",
    "eur",
    "id",
    "ids",
    "rss",
    "seo",
    "b2b",
    "b2c",
    "ios",
    "android",
];

/// Names outside the catalog: capitalised words ("Xentral", "ClickUp",
/// "Pipedrive Leads") after a cue ("to", "in", "from", "with", "and") in a
/// request that is not written in title case.
pub fn unknown_names(toks: &[Tok], text: &str, known: &[Mention]) -> Vec<Named> {
    let cap = |t: &Tok| {
        text.get(t.start..t.end)
            .is_some_and(|s| s.starts_with(|c: char| c.is_ascii_uppercase()))
    };
    let long: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.text.len() >= 4 && t.text != BREAK)
        .collect();
    let caps = long.iter().filter(|t| cap(t)).count();
    if long.is_empty() || caps * 2 >= long.len() {
        return Vec::new();
    }
    let known_at = |i: usize| known.iter().any(|m| i >= m.at && i < m.at + m.len);
    let mut out = Vec::new();
    let mut i = 1;
    while i < toks.len() {
        let Some(t) = toks.get(i) else { break };
        let prev = text_of(toks, i - 1);
        let cue = matches!(
            prev,
            "to" | "in"
                | "into"
                | "from"
                | "with"
                | "via"
                | "using"
                | "on"
                | "through"
                | "and"
                | "or"
        );
        if !cap(t)
            || known_at(i)
            || !cue
            || NOT_NAMES.contains(&t.text.as_str())
            || t.text.bytes().all(|b| b.is_ascii_digit())
        {
            i += 1;
            continue;
        }
        let mut j = i;
        while toks
            .get(j + 1)
            .is_some_and(|n| cap(n) && !known_at(j + 1) && !NOT_NAMES.contains(&n.text.as_str()))
            && j < i + 2
        {
            j += 1;
        }
        let name = crate::text::tokens::span_text(toks, text, i, j);
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
