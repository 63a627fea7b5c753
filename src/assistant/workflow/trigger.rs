//! `trigger`: the evidence that a named app starts the workflow — a
//! when-clause, "from / for (new) X", "new X", "X to Y", "<events> in X",
//! an arrow chain, a bot, an answered message — against destinations ("to /
//! into / in X" after a verb), tools ("with / using / via / powered by X")
//! and title prefixes, as one score per app ([`trigger_score`]).

use super::clauses::{
    arrow_side, clause_end, clause_start, governing_word, in_when_clause, is_boundary, is_verb,
    past_determiners, prefix_dash, text_of, verb_before,
};
use super::roles::Named;
use super::words::{
    self, ACTION_VERBS, ARRIVE_WORDS, DESTINATION_PREPS, DETERMINERS, EVENT_NOUNS,
    EVENT_PARTICIPLES, LEAD_INS, MAKE_VERBS, READ_VERBS, SOURCE_CUES, TOOL_PREPS, TOOL_VERBS,
};
use crate::text::tokens::{is, Tok, BREAK};

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
/// Score of named app `k` as the trigger; also whether a when-clause or a
/// "new …" cue backs it.
/// `scheduled`: the request has a schedule ("every hour copy new S3 files":
/// a verb before "new X" then acts on X at each run).
pub(super) fn trigger_score(
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
        && (clause_start(toks, g)..g).any(|j| {
            // ("a marketing report from Google Analytics": a report is compiled on a run)
            let w = text_of(toks, j);
            words::has(&READ_VERBS, w) || words::has(&words::REPORT_NOUNS, w)
        });
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
    // "get Slack alerts for …": a chat or text app before a notice noun is
    // where the notice lands, not a source
    let notifies = m
        .app
        .is_some_and(|a| words::has(&words::NOTIFICATION_KINDS, a.kind));
    let notice_channel = notifies
        && (words::has(&words::NOTICE_NOUNS, text_of(toks, m.at + m.len))
            // ("get a post in the Discord channel": a thing the user gets there)
            || cue_at.is_some_and(|d| {
                is(toks.get(head - d), &["get", "gets", "receive", "receives"])
                    && is(toks.get(head - d + 1), &["a", "an"])
            }));
    let source = (cue_at.is_some() && !made && !notice_channel)
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
    // ("create invoices in Xero for Stripe payments": items made in the app)
    let made_items = words::has(&MAKE_VERBS, prev3)
        || (matches!(prev3, "a" | "an" | "the")
            && words::has(&MAKE_VERBS, text_of(toks, g.wrapping_sub(4))));
    let events_in = matches!(prev, "in" | "on" | "from" | "at")
        && words::has(&EVENT_NOUNS, prev2)
        && !others_items
        && !made_items;
    // "summarise Gmail emails", "labelling of Gmail emails": the app's items are processed
    let items = words::has(&EVENT_NOUNS, text_of(toks, m.at + m.len));
    let verb_use = words::has(&ACTION_VERBS, text_of(toks, m.at)) && object_follows(toks, m.at + 1);
    // "receive SMS with Twilio", "catch orders via Shopify": what receives is the source
    let receiving = (g.saturating_sub(3).max(clause_start(toks, g))..g)
        .any(|j| words::has(&words::RECEIVE_VERBS, text_of(toks, j)));
    let tool = !receiving && words::has(&TOOL_PREPS, prev)
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
    } else if from || events_in || (receiving && words::has(&TOOL_PREPS, prev)) {
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
            let n = past_determiners(toks, j + 1);
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
    // ("a Slack message on GitHub push events": "message" is a noun there)
    let noun_use = |v: usize| {
        words::has(&DETERMINERS, text_of(toks, v.wrapping_sub(1)))
            || named.iter().any(|o| o.at + o.len == v)
    };
    let on_after_verb = on_at.is_some_and(|j| {
        let v = j.wrapping_sub(1);
        is_verb(text_of(toks, v)) && !noun_use(v)
    }) || !(m.at + m.len..m.at + m.len + 2)
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
    // "use Shopify webhooks to …", "subscribe to Stripe webhook events": the
    // app's own webhook brings its events (a chat app's webhook is where
    // messages are posted: "to a Discord webhook")
    let hook_at = |j: usize| {
        named
            .iter()
            .any(|o| o.at == j && o.app.is_some_and(|a| a.is_webhook()))
    };
    if m.app.is_some() && !notifies && hook_at(m.at + m.len) {
        s += 3;
        strong = true;
    }
    // "set up a webhook in Calendly", "register a webhook with Trello": that app's webhook
    let hook_of = matches!(prev, "in" | "with" | "on" | "from")
        && named
            .iter()
            .any(|o| o.at + o.len + 1 == g && o.app.is_some_and(|a| a.is_webhook()))
        && !notifies;
    if hook_of {
        s += 3;
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
        && {
            let at = past_determiners(toks, m.at + m.len + 1);
            named.iter().any(|o| {
                o.at == at
                    && o.app
                        .is_some_and(|a| !a.is_generic() && !matches!(a.kind, "mail" | "sms"))
            })
        };
    let own_contact = !generic
        && is(toks.get(m.at + m.len), &["number", "address", "inbox"])
        && matches!(before, "my" | "our" | "the")
        && writes;
    if sent_to_app || own_contact {
        s += 4;
        strong = true;
    }
    // "respond to the webhook", "reply with a webhook response": a call came in
    let hook = m.app.is_some_and(|a| a.is_webhook());
    let hook_answered =
        hook && (answered || words::has(&words::ANSWER_VERBS, text_of(toks, m.at + m.len)));
    if hook_answered || (generic && (answered || to_platform)) {
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
