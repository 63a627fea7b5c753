//! `actions`: which named apps receive an action once the trigger is
//! chosen — each other app that is really a step ([`receives_action`]: not a
//! webhook that is another app's transport, not a generic e-mail that is only
//! data), and the trigger app itself when it is acted on too (named again as
//! a destination, a bot or a reply, a home hub that switches a device).

use super::clauses::{
    clause_end, clause_start, governing_word, in_when_clause, is_boundary, is_verb,
    past_determiners, text_of,
};
use super::roles::Named;
use super::trigger::trigger_score;
use super::words::{
    self, ACTION_VERBS, ARRIVE_WORDS, BOT_WORDS, CHAT_SELF_WORDS, DEVICE_VERBS, NOTICE_NOUNS,
    NOTIFY_WORDS, RECEIVE_VERBS, SELF_WORDS, SENDER_KINDS, SEND_WORDS, TOOL_PREPS, TOOL_VERBS,
};
use crate::assistant::catalog::Role;
use crate::text::tokens::{is, Tok};

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
    if app.is_webhook() {
        let owned = k
            .checked_sub(1)
            .and_then(|p| named.get(p))
            .is_some_and(|p| p.at + p.len == n.at)
            // ("call a Zapier webhook": the platform's own way in)
            || words::has(&words::PLATFORMS, text_of(toks, n.at.wrapping_sub(1)));
        // "post into Slack via a webhook": Slack is the step, the webhook its transport
        let (a, b) = (clause_start(toks, n.at), clause_end(toks, n.at));
        let other_app = named.iter().any(|o| {
            o.at >= a && o.at <= b && o.app.is_some_and(|x| !x.is_generic() && x.kind != "http")
        });
        // ("WooCommerce order changes come in on a webhook": how the events arrive)
        let arrives_on = matches!(prev, "on" | "by" | "over")
            && (a..g).any(|j| words::has(&ARRIVE_WORDS, text_of(toks, j)));
        // ("catch a webhook from Stripe", "listen for Shopify webhooks", "use a
        // webhook to send Jotform entries", "get entries by webhook": the way in)
        let receives = words::has(&RECEIVE_VERBS, prev)
            || (prev == "for" && words::has(&RECEIVE_VERBS, text_of(toks, g.wrapping_sub(2))));
        let used = words::has(&TOOL_VERBS, prev);
        // ("webhook notifications for new Shopify orders to Discord": how they go)
        let notice = words::has(&NOTICE_NOUNS, text_of(toks, n.at + n.len));
        let transport = (matches!(prev, "via" | "through" | "using" | "with" | "by")
            || arrives_on
            || receives
            || used
            || notice)
            && other_app;
        // ("set up a webhook in Calendly": that app's webhook)
        let after = past_determiners(toks, n.at + n.len + 1);
        let of_app = matches!(text_of(toks, n.at + n.len), "in" | "with" | "on" | "from")
            && named.iter().any(|o| {
                o.at == after
                    && o.app.is_some_and(|a| {
                        !a.is_generic() && !words::has(&words::NOTIFICATION_KINDS, a.kind)
                    })
            });
        if of_app {
            return false;
        }
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
    // ("find emails of leads", "verify their emails": after a verb or a
    // determiner "emails" is a noun, the data)
    let before = text_of(toks, n.at.wrapping_sub(1));
    let noun_slot = is_verb(before) || words::has(&words::DETERMINERS, before);
    let verb_use = words::has(&ACTION_VERBS, w)
        || (!noun_slot
            && (w
                .strip_suffix('s')
                .is_some_and(|v| words::has(&ACTION_VERBS, v))
                || w.strip_suffix("ed")
                    .is_some_and(|v| words::has(&ACTION_VERBS, v))));
    // "extract email addresses", "their email": a
    // value of the data (not "send it to their email address")
    let to = prev == "to" || words::has(&SEND_WORDS, before);
    let owned_value = is(
        toks.get(n.at.wrapping_sub(1)),
        &["their", "his", "her", "its"],
    );
    let address = words::has(&words::ADDRESS_NOUNS, text_of(toks, n.at + n.len));
    if !to && (owned_value || address) {
        return false;
    }
    let notice = |w: &str| words::has(&NOTIFY_WORDS, w) || words::has(&NOTICE_NOUNS, w);
    verb_use
        || words::has(&SEND_WORDS, prev)
        || (words::has(&SEND_WORDS, text_of(toks, g.wrapping_sub(2)))
            && !is_boundary(toks, g.wrapping_sub(1)))
        || notice(text_of(toks, n.at + n.len))
        || notice(prev)
}

/// Whether the trigger's own item is written to later ("Zendesk tickets to
/// GitHub issues, recording the issue number on the ticket"): the item noun
/// right after the trigger's name comes back after "to / on / in the".
fn written_back(toks: &[Tok], m: &Named) -> bool {
    let end = m.at + m.len;
    // (the noun may be part of the alias: "zendesk ticket")
    let last = text_of(toks, end - 1);
    let item = if m.len > 1 { last } else { text_of(toks, end) };
    if !words::is_item_noun(item) {
        return false;
    }
    let stem = item.strip_suffix('s').unwrap_or(item);
    (end + 2..toks.len()).any(|j| {
        let w = text_of(toks, j);
        (w == stem || w.strip_suffix('s') == Some(stem))
            && is(toks.get(j - 1), &["the", "that", "this", "each"])
            && is(toks.get(j - 2), &["to", "on", "onto", "into", "in"])
            && !in_when_clause(toks, j)
    })
}

/// The action apps (indices into `named`, in order of mention, one per app)
/// once `trigger` is chosen.
pub(super) fn collect(
    toks: &[Tok],
    text: &str,
    named: &[Named],
    trigger: Option<usize>,
    has_schedule: bool,
) -> Vec<usize> {
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
                    // ("create a draft Gmail reply": that reply is the other app's,
                    // named right before it; "a ChatGPT reply" is written by the AI
                    // and still sent back)
                    let others = || {
                        named.iter().any(|o| {
                            let ends = o.at + o.len;
                            (ends == j || ends + 1 == j)
                                && o.name != m.name
                                && o.app.is_some_and(|a| a.kind != "ai")
                        })
                    };
                    (words::has(&SELF_WORDS, &x.text)
                        || (chat && words::has(&CHAT_SELF_WORDS, &x.text)))
                        && !in_when_clause(toks, j)
                        && !others()
                })
                || written_back(toks, m));
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
    actions
}
