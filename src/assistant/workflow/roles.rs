//! `roles`: who triggers and who acts. Scores each named app as the
//! trigger from the evidence of [`super::clauses`] — a when-clause, "from /
//! for (new) X", "new X", "X to Y", "<events> in X", an arrow chain, a bot,
//! against destinations ("to / into / in X" after a verb), tools ("with /
//! using / via / powered by X") and title prefixes — then keeps the schedule
//! or a manual start when no app starts the workflow, and gives every other
//! app (and the trigger, when it is acted on too) an action.

use super::clauses::{
    arrow_side, clause_end, clause_start, governing_word, held_reference, in_when_clause,
    is_boundary, is_verb, prefix_dash, text_of, unnamed_event, verb_before, Held,
};
use super::fallbacks::{entry_hook, is_hub, tool_list_head, two_way, welcoming_chat};
use super::words::{
    self, ACTION_VERBS, ARRIVE_WORDS, BOT_WORDS, CHAT_SELF_WORDS, DESTINATION_PREPS, DETERMINERS,
    DEVICE_VERBS, EVENT_NOUNS, EVENT_PARTICIPLES, LEAD_INS, MAKE_VERBS, NOTICE_NOUNS, NOTIFY_WORDS,
    READ_VERBS, SELF_WORDS, SENDER_KINDS, SEND_WORDS, SOURCE_CUES, TOOL_PREPS, TOOL_VERBS,
};
use crate::assistant::catalog::{App, Role};
use crate::text::tokens::{is, Tok, BREAK};

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

/// Whether an object follows at `i` ("email *the* owners", "text *me*"):
/// the word before is a verb, not a noun ("email alerts").
fn object_follows(toks: &[Tok], i: usize) -> bool {
    is(
        toks.get(i),
        &[
            "me", "the", "it", "them", "us", "him", "her", "my", "our", "your", "their", "a", "an",
            "everyone", "new", "all", "each", "every", "this", "these", "those",
        ],
    )
}

/// Whether the app's name is written with a possessive "'s" ("an email's
/// attachment"), which folding drops.
fn possessive_s(toks: &[Tok], text: &str, m: &Named) -> bool {
    let Some(t) = toks.get(m.at + m.len - 1) else {
        return false;
    };
    let marked = |r: &str| r.starts_with("'s") || r.starts_with("’s");
    let word = text.get(t.start..t.end).unwrap_or("");
    word.ends_with("'s") || word.ends_with("’s") || text.get(t.end..).is_some_and(marked)
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

/// Score of named app `k` as the trigger; also whether a when-clause or a
/// "new …" cue backs it.
/// `scheduled`: the request has a schedule ("every hour copy new S3 files":
/// a verb before "new X" then acts on X at each run).
fn trigger_score(
    toks: &[Tok],
    text: &str,
    named: &[Named],
    k: usize,
    scheduled: bool,
) -> (i32, bool) {
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
    // "read unpaid invoices from Google Sheets", "details retrieved from
    // Twilio": data pulled on a run, not events (unless "new …" or a when-clause)
    let read = from
        && !strong
        && !(clause_start(toks, g)..g).any(|j| is(toks.get(j), &["new", "incoming"]))
        && (clause_start(toks, g)..g).any(|j| words::has(&READ_VERBS, text_of(toks, j)));
    let from = from && !read;
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
    // "create a new Asana task": the new thing is made, not watched ("share
    // new YouTube videos" watches YouTube)
    // A title "New Front contacts from Google Sheets": what the title opens
    // with is made from the source after "from"
    let made_from = |d: usize| {
        head == d
            && named.iter().skip(k + 1).any(|o| {
                let (og, _) = governing_word(toks, o.at);
                text_of(toks, og.wrapping_sub(1)) == "from"
                    && !(m.at..o.at).any(|j| is_boundary(toks, j))
            })
    };
    let made = cue_at.is_some_and(|d| {
        let before = text_of(toks, (head - d).wrapping_sub(1));
        (verb_before(toks, head)
            && (matches!(before, "a" | "an" | "the")
                || words::has(&MAKE_VERBS, before)
                || (scheduled && is_verb(before))))
            || made_from(d)
    });
    let new_cue = cue_at.filter(|_| !made).is_some_and(|d| {
        (1..=d).any(|e| {
            is(
                toks.get(head - e),
                &["new", "incoming", "newly", "latest", "inbound"],
            )
        })
    });
    // "bank statements arrive by email", "tickets that come in by e-mail"
    let arrived_by = matches!(prev, "by" | "via" | "through")
        && (words::has(&ARRIVE_WORDS, prev2)
            || (prev2 == "in" && words::has(&ARRIVE_WORDS, prev3)));
    let source = (cue_at.is_some() && !made)
        || arrived_by
        || (matches!(prev, "via" | "through" | "by" | "with") && participle(prev2))
        || text_of(toks, m.at + m.len) == "s"
        || possessive_s(toks, text, m)
        || (strong && matches!(prev, "to" | "into" | "in" | "on") && participle(prev2));
    // "product events in PostHog", "new tickets on Zendesk"
    // (not "my Instagram posts on Twitter": those are another app's events)
    let others_items = named
        .iter()
        .any(|o| o.at + o.len + 2 == g && o.name != m.name);
    let events_in = matches!(prev, "in" | "on" | "from" | "at")
        && words::has(&EVENT_NOUNS, prev2)
        && !others_items;
    // "summarise Gmail emails", "labelling of Gmail emails": the app's items are processed
    let items = words::has(&EVENT_NOUNS, text_of(toks, m.at + m.len));
    let verb_use = words::has(&ACTION_VERBS, text_of(toks, m.at)) && object_follows(toks, m.at + 1);
    let tool = words::has(&TOOL_PREPS, prev)
        || (prev == "by" && prev2 == "powered")
        || (prev == "on" && prev2 == "built")
        || words::has(&TOOL_VERBS, prev);
    if verb_use {
        // "email the results", "text me": the app is the action itself
        s -= 4;
    } else if read {
        s -= 2;
    } else if arrived_by {
        s += 3;
        strong = true;
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
    } else if possessive && items {
        // "share my Instagram posts on Twitter": the user's own items are the source
        s += 2;
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
        // "the Jira label gets added to a GitHub issue": where it is added is the source
        .filter(|j| !participle(text_of(toks, j.wrapping_sub(1))))
        .is_some_and(|j| {
            let mut n = j + 1;
            while words::has(&DETERMINERS, text_of(toks, n)) {
                n += 1;
            }
            named.iter().any(|o| o.at == n && o.name != m.name)
        });
    // "on (the key) Stripe (subscription) events": a when-clause in a phrase
    let events_after = (m.at + m.len..m.at + m.len + 2)
        .take_while(|j| !is_boundary(toks, *j))
        .any(|j| words::has(&EVENT_NOUNS, text_of(toks, j)));
    // "post to Slack on Stripe events" (not "post on Facebook events")
    let on_at = (m.at.saturating_sub(3)..m.at).find(|j| text_of(toks, *j) == "on");
    let on_before =
        on_at.is_some() && !(m.at.saturating_sub(3)..m.at).any(|j| is_boundary(toks, j));
    let on_after_verb = on_at.is_some_and(|j| is_verb(text_of(toks, j.wrapping_sub(1))))
        || !(m.at + m.len..m.at + m.len + 2)
            .take_while(|j| !is_boundary(toks, *j))
            .any(|j| matches!(text_of(toks, j), "event" | "events"));
    // "SMS messages received on my phone", "Gmail emails arriving": events of the app
    // (a generic mailbox itself: "a PayPal purchase email arrives")
    let arrives = |j: usize| words::has(&ARRIVE_WORDS, text_of(toks, j));
    let received = (m.at + m.len..m.at + m.len + 2)
        .take_while(|j| !is_boundary(toks, *j))
        .any(|j| words::has(&EVENT_NOUNS, text_of(toks, j)) && arrives(j + 1))
        || (m.app.is_some_and(|a| a.is_generic()) && arrives(m.at + m.len));
    if received {
        s += 2;
        strong = true;
    }
    if events_after && on_before && (!verb_before(toks, m.at) || !on_after_verb) {
        s += 3;
        strong = true;
    }
    if !from && !events_in && !tool && !verb_use && !read {
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
    // ("watch Shopify orders with Telegram bot commands": the bot is where it starts)
    if m.app.is_some_and(|a| matches!(a.kind, "chat" | "social")) && bot {
        s += 4;
        strong |= !matches!(prev, "to" | "into" | "onto");
    }
    // "answer an email", "reply to the email": what is answered came in;
    // "email a file to IFTTT", "send IFTTT an email": the user writes to the workflow
    let generic = m.app.is_some_and(|a| a.is_generic());
    let answers = |w: &str| words::has(&words::ANSWER_VERBS, w);
    let answered = answers(prev) || (prev == "to" && answers(prev2));
    let (a, b) = (clause_start(toks, m.at), clause_end(toks, m.at));
    let to_platform = (a..=b).any(|j| {
        words::has(&words::PLATFORMS, text_of(toks, j))
            && (matches!(
                text_of(toks, j.wrapping_sub(1)),
                "to" | "send" | "email" | "text"
            ))
    });
    // "send an email to Standard Notes": a message sent to an app that is not
    // a mail or text service is the way in; "text my Twilio number": the
    // user writes to the app's own number or address
    let writes = words::has(&ACTION_VERBS, prev);
    let before = text_of(toks, m.at.wrapping_sub(1));
    let sent_to_app = generic
        && matches!(before, "a" | "an")
        && writes
        && text_of(toks, m.at + m.len) == "to"
        && named.iter().any(|o| {
            let mut n = m.at + m.len + 1;
            while words::has(&DETERMINERS, text_of(toks, n)) {
                n += 1;
            }
            o.at == n
                && o.app
                    .is_some_and(|a| !a.is_generic() && !matches!(a.kind, "mail" | "sms"))
        });
    let own_contact = !generic
        && is(toks.get(m.at + m.len), &["number", "address", "inbox"])
        && matches!(before, "my" | "our" | "the")
        && writes;
    if sent_to_app || own_contact {
        s += 4;
        strong = true;
    }
    if generic && (answered || to_platform) {
        s += 4;
        strong = true;
    }
    // a generic stand-in (an e-mail, a text) starts a workflow only when the
    // request says so ("when an email arrives", "new emails", "from my inbox")
    if m.app.is_some_and(|a| a.is_generic()) && !(strong || from || source || events_in || received)
    {
        s -= 4;
    }
    // a title prefix ("Asana - create tasks from …") names the tool, not the source
    if k == 0 && m.at == 0 && prefix_dash(toks, text, m) {
        s -= 3;
    }
    (s, strong)
}

/// Whether named app `k`, not the trigger, is really a step: a webhook
/// that is another app's ("a Discord webhook") or the transport ("via a
/// webhook") is not; a generic e-mail or text is one only when something is
/// sent by it ("send me an email", "by email", "text me"), not when it is
/// data ("scrape emails from Google Maps"). A generic stand-in that only
/// acts (catalog role `action`: "with AI", "have an llm sort it") is always one.
fn receives_action(toks: &[Tok], named: &[Named], k: usize) -> bool {
    let Some(n) = named.get(k) else {
        return false;
    };
    let Some(app) = n.app else {
        return true;
    };
    let (g, _) = governing_word(toks, n.at);
    let prev = text_of(toks, g.wrapping_sub(1));
    if app.kind == "http" && app.role == Role::Both {
        let owned = k
            .checked_sub(1)
            .and_then(|p| named.get(p))
            .is_some_and(|p| p.at + p.len == n.at);
        // "post into Slack via a webhook": Slack is the step, the webhook its transport
        let (a, b) = (clause_start(toks, n.at), clause_end(toks, n.at));
        let other_app = named.iter().any(|o| {
            o.at >= a && o.at <= b && o.app.is_some_and(|x| !x.is_generic() && x.kind != "http")
        });
        // ("WooCommerce order changes come in on a webhook": how the events arrive)
        let arrives_on = matches!(prev, "on" | "by" | "over")
            && (a..g).any(|j| words::has(&ARRIVE_WORDS, text_of(toks, j)));
        let transport =
            (matches!(prev, "via" | "through" | "using" | "with") || arrives_on) && other_app;
        return !owned && !transport;
    }
    if !app.is_generic() || app.role == Role::Action {
        return true;
    }
    // "UptimeRobot email alerts": the e-mail is how the app before it speaks
    let owned = k
        .checked_sub(1)
        .and_then(|p| named.get(p))
        .is_some_and(|p| p.at + p.len == n.at && p.app.is_some_and(|a| !a.is_generic()));
    // "a welcome email from Mailchimp", "an email goes out from Sendinblue"
    let sent_by = named.get(k + 1).is_some_and(|p| {
        let end = n.at + n.len;
        p.at > end
            && p.at <= end + 3
            && text_of(toks, p.at - 1) == "from"
            && !(end..p.at).any(|j| is_boundary(toks, j))
            && p.app
                .is_some_and(|a| !a.is_generic() && words::has(&SENDER_KINDS, a.kind))
    });
    if owned || sent_by {
        return false;
    }
    // "emails the owners", "text me", "send (me) an email", "by email",
    // "SMS reminders", "reminder emails"
    let w = text_of(toks, n.at);
    let verb_use = words::has(&ACTION_VERBS, w)
        || w.strip_suffix('s')
            .is_some_and(|v| words::has(&ACTION_VERBS, v))
        || w.strip_suffix("ed")
            .is_some_and(|v| words::has(&ACTION_VERBS, v));
    let notice = |w: &str| words::has(&NOTIFY_WORDS, w) || words::has(&NOTICE_NOUNS, w);
    verb_use
        || words::has(&SEND_WORDS, prev)
        || (words::has(&SEND_WORDS, text_of(toks, g.wrapping_sub(2)))
            && !is_boundary(toks, g.wrapping_sub(1)))
        || notice(text_of(toks, n.at + n.len))
        || notice(prev)
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
    let held = match (any_when, best) {
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
            // ("read emails over IMAP": how it is read, not a destination)
            let (g, _) = governing_word(toks, n.at);
            let how = words::has(&TOOL_PREPS, text_of(toks, g.wrapping_sub(1)))
                || text_of(toks, g.wrapping_sub(1)) == "over";
            if how || !(after && trigger_score(toks, text, named, k, has_schedule).0 < 0) {
                continue;
            }
        }
        if !receives_action(toks, named, k) {
            continue;
        }
        actions.push(k);
    }
    // a bot, a reply, an enrichment: the trigger app also receives an action
    if let Some((t, m)) = trigger.and_then(|t| named.get(t).map(|m| (t, m))) {
        // "a Telegram bot" (right after the app), "reply", "enrich" (anywhere)
        let bot_of_trigger =
            (m.at..m.at + m.len + 3).any(|j| words::has(&BOT_WORDS, text_of(toks, j)));
        let chat = m.app.is_some_and(|a| a.kind == "chat");
        // (an incoming webhook is answered only when the request names it again:
        // "webhook receives a lead, enrich the data" enriches in the next steps)
        let hook = m.app.is_some_and(|a| a.kind == "http");
        // ("if a reply on Twitter contains 'fail'": a reply in the event
        // clause is what happened, not what is done)
        let acts_back = !hook
            && (bot_of_trigger
                || toks.iter().enumerate().any(|(j, x)| {
                    (words::has(&SELF_WORDS, &x.text)
                        || (chat && words::has(&CHAT_SELF_WORDS, &x.text)))
                        && !in_when_clause(toks, j)
                }));
        if acts_back
            && !actions
                .iter()
                .any(|a| named.get(*a).map(|n| n.name.as_str()) == trigger_name)
        {
            actions.push(t);
        }
    }
    // a home-automation trigger that switches a device acts on it too; an
    // implied device hub only ever acts
    let home = trigger
        .and_then(|t| named.get(t))
        .is_some_and(|n| n.app.is_some_and(|a| a.kind == "home"));
    let switches = home && toks.iter().any(|x| words::has(&DEVICE_VERBS, &x.text));
    let acted = actions
        .iter()
        .any(|a| named.get(*a).map(|n| n.name.as_str()) == trigger_name);
    if let Some(t) = trigger.filter(|t| switches && *t < named.len() && !acted) {
        actions.push(t);
    }
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
