//! Unit tests of the role rules added for the real-request corpus (issue #18):
//! pull requests, names outside the catalog, event clauses, messages sent to
//! the workflow, fields and plain-noun aliases, send verbs before "a new …", people
//! as subjects in a when-clause, the trigger's item written to later.

use super::*;

#[test]
fn pull_requests_and_bare_device_commands() {
    // "pull requests" are a thing, not an app the words name (GitLab and
    // Bitbucket have them too): no GitHub step (guide: label what the
    // request says)
    assert_eq!(
        p("every Friday post open pull requests to Teams").actions,
        ["Microsoft Teams"]
    );
    // a device command with no app named is no step of an unnamed hub
    let porch = p("porch light on at sunset");
    assert_eq!(porch.trigger, "manual");
    assert!(porch.actions.is_empty(), "{:?}", porch.actions);
    // an event clause naming no app: the app in the main clause only acts
    // (a later filter's "the channel" refers to nothing)
    assert_eq!(
        p("send a slack message when stock drops below its minimum, if it mentions the channel")
            .trigger,
        "manual"
    );
    // "new support emails": who they come from sits between "new" and the mail
    assert_eq!(
        p("classify new support emails with GPT-4 and route them to the right Slack channel")
            .trigger,
        "Email"
    );
}

#[test]
fn names_outside_the_catalog_in_titles_and_after_articles() {
    // one capital among two long words is a sentence, not title case
    assert_eq!(
        p("Add new Smartsuite records to Google Sheets").trigger,
        "Smartsuite"
    );
    // a title: a cue, one word, then what an app holds
    assert_eq!(p("Post New Ghost Posts To Mastodon").trigger, "Ghost");
    // an article before a name and its items
    let b = p("Create a Bexio invoice when a HubSpot deal closes");
    assert_eq!(
        (b.trigger.as_str(), b.actions),
        ("HubSpot", vec!["Bexio".to_string()])
    );
}

#[test]
fn text_yields_to_chat_only_nearby_and_event_replies() {
    // an SMS far from the chat app is its own step
    assert!(
        p("WhatsApp booking assistant with Cal.com and SMS reminders")
            .actions
            .contains(&"SMS".to_string())
    );
    // a reply inside the if-clause is the event, not an act-back
    assert_eq!(
        p("If a reply on Twitter contains the word fail, text my cell phone").actions,
        ["SMS"]
    );
}

#[test]
fn each_time_and_a_noun_subject_open_the_event_clause() {
    assert_eq!(
        p("Each time a new subscriber joins my Mailchimp list, add them to HubSpot").trigger,
        "Mailchimp"
    );
    assert_eq!(
        p("Each time a new subscriber is added in Mailchimp, add them to HubSpot").trigger,
        "Mailchimp"
    );
}

#[test]
fn every_thing_with_a_relative_clause_is_the_event() {
    let a = p("every article I publish on WordPress should also go to Medium");
    assert_eq!(
        (a.trigger.as_str(), a.actions),
        ("WordPress", vec!["Medium".to_string()])
    );
    assert_eq!(
        p("post every video we upload to YouTube on Twitter").trigger,
        "YouTube"
    );
}

#[test]
fn the_user_writes_to_the_workflow_and_fields_hold_values() {
    // a message sent to an app that is no mail or text service starts it
    is_plan(
        "let me send an email to Notion and have it saved as a page",
        "Email",
        &["Notion"],
    );
    // the user writes to the app's own number
    is_plan(
        "Text my Twilio number to add a row in Airtable",
        "Twilio",
        &["Airtable"],
    );
    // ("send an email to the team" is a send)
    is_plan(
        "when a Stripe payment fails, send an email to the team",
        "Stripe",
        &["Email"],
    );
    // once the e-mail is a field, "an email" is its value, no trigger
    is_plan(
        "When the email column holds an email, create a contact in Mailchimp",
        "manual",
        &["Mailchimp"],
    );
}

#[test]
fn a_plain_noun_alias_needs_the_apps_context() {
    // "teams" as people is no app
    is_plan(
        "when a Typeform is submitted, notify the sales teams on Slack",
        "Typeform",
        &["Slack"],
    );
    // after a preposition of place, or before the app's things, it is Teams
    is_plan(
        "when a Trello card is moved to Done, post in teams",
        "Trello",
        &["Microsoft Teams"],
    );
    is_plan(
        "New Stripe dispute -> urgent Teams message",
        "Stripe",
        &["Microsoft Teams"],
    );
    is_plan(
        "when a Jira issue is done, post in the teams app",
        "Jira",
        &["Microsoft Teams"],
    );
}

#[test]
fn a_new_thing_that_is_pinged_is_made_not_watched() {
    // "ping" is a send verb: "a new Discord channel" after it is where the
    // message goes, not the source of new channels
    is_plan(
        "Have Sentry ping a new Discord channel for every fatal error",
        "Sentry",
        &["Discord"],
    );
}

#[test]
fn people_doing_something_in_an_app_start_the_workflow() {
    // a plural noun of people before the verb keeps the verb in the when-clause
    is_plan(
        "notify us on Slack when people book a meeting in Calendly",
        "Calendly",
        &["Slack"],
    );
    is_plan(
        "Add a row to Google Sheets when customers pay through Stripe",
        "Stripe",
        &["Google Sheets"],
    );
}

#[test]
fn the_triggers_item_written_to_later_is_acted_on_too() {
    let a =
        p("When a Zendesk ticket is created, open a GitHub issue and add its link to the ticket")
            .actions;
    assert!(
        a.contains(&"Zendesk".to_string()) && a.contains(&"GitHub".to_string()),
        "{a:?}"
    );
    // (the item named again only as what is sent is no write-back)
    assert!(
        !p("When a new Trello card is created, post the card title to Slack")
            .actions
            .contains(&"Trello".to_string())
    );
}
