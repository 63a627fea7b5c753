//! Unit tests of the role rules for webhooks as the way in, items named by
//! what became of them ("failed Stripe payments"), events after a noun ("a
//! Slack message on GitHub push events") and apps used to receive (issue #18).

use super::*;

#[test]
fn items_named_by_what_became_of_them_come_from_their_app() {
    assert_eq!(
        roles("Get Slack alerts for failed Stripe payments"),
        ("Stripe".to_string(), vec!["Slack".to_string()])
    );
    assert_eq!(
        roles("Create Todoist tasks from starred Gmail emails"),
        ("Gmail".to_string(), vec!["Todoist".to_string()])
    );
}

#[test]
fn events_after_a_message_noun_start_the_workflow() {
    assert_eq!(
        roles("Post a Slack message on GitHub push events"),
        ("GitHub".to_string(), vec!["Slack".to_string()])
    );
    // ("post on Facebook events": a verb before "on" keeps the place reading)
    assert_ne!(p("post on Facebook events").trigger, "Facebook");
}

#[test]
fn a_webhook_that_brings_another_apps_events_is_no_step() {
    assert_eq!(
        p("Catch a webhook from Stripe and add a row to Google Sheets").actions,
        ["Google Sheets"]
    );
    assert_eq!(
        p("Use a webhook to send Jotform submissions to Google Sheets").actions,
        ["Google Sheets"]
    );
    assert_eq!(
        p("Get Jotform submissions by webhook and add them to Google Sheets").actions,
        ["Google Sheets"]
    );
    // a webhook sent to is still a step
    assert_eq!(p("Send Airtable records to a webhook").actions, ["Webhook"]);
}

#[test]
fn an_answered_webhook_is_the_way_in() {
    assert_eq!(
        roles("Respond to webhook with data from Airtable").0,
        "Webhook"
    );
}

#[test]
fn an_app_used_to_receive_is_the_source() {
    assert_eq!(
        roles("Receive SMS with Twilio and forward them to Slack"),
        ("Twilio".to_string(), vec!["Slack".to_string()])
    );
    // ("send an SMS with Twilio": a tool of the action)
    assert_ne!(
        p("send an SMS with Twilio when a form is submitted").trigger,
        "Twilio"
    );
}

#[test]
fn items_made_in_an_app_are_not_its_events() {
    assert_eq!(
        roles("Create invoices in Xero for Stripe payments"),
        ("Stripe".to_string(), vec!["Xero".to_string()])
    );
    assert_eq!(
        roles("Add a task in Asana for new Jira issues"),
        ("Jira".to_string(), vec!["Asana".to_string()])
    );
    // ("new invoices in Xero": watched there)
    assert_eq!(p("post new invoices in Xero to Slack").trigger, "Xero");
}

#[test]
fn a_report_from_an_app_is_read_on_a_run() {
    assert_eq!(
        p("Marketing report from Google Analytics, delivered by email or Telegram").trigger,
        "manual"
    );
    // ("a summary of new HubSpot deals": new ones are watched)
    assert_eq!(
        p("a summary from new HubSpot deals to Slack").trigger,
        "HubSpot"
    );
}

#[test]
fn a_thing_the_user_gets_in_a_chat_lands_there() {
    for (q, app) in [
        ("get a message in Slack about the release", "Slack"),
        (
            "get a post in the Discord channel about the release",
            "Discord",
        ),
    ] {
        let r = p(q);
        assert_eq!(
            (r.trigger.as_str(), r.actions),
            ("manual", vec![app.to_string()]),
            "{q}"
        );
    }
    // ("get new messages in Slack": watched there)
    assert_eq!(
        p("get new messages in Slack and save them to Notion").trigger,
        "Slack"
    );
}

#[test]
fn a_platforms_webhook_is_no_step() {
    assert_eq!(
        roles("When a GitHub issue gets closed, call a Zapier webhook to close the matching Asana task"),
        ("GitHub".to_string(), vec!["Asana".to_string()])
    );
}

#[test]
fn an_apps_own_webhook_brings_its_events() {
    assert_eq!(
        roles("Use Shopify webhooks to update inventory in Airtable"),
        ("Shopify".to_string(), vec!["Airtable".to_string()])
    );
    assert_eq!(
        roles("Set up a webhook in Calendly to create a HubSpot contact for each booking"),
        ("Calendly".to_string(), vec!["HubSpot".to_string()])
    );
    assert_eq!(
        roles("Webhook notifications for new Shopify orders to Discord"),
        ("Shopify".to_string(), vec!["Discord".to_string()])
    );
    // (a chat app's webhook is where messages go)
    assert_eq!(
        roles("Post Jira updates to a Microsoft Teams webhook"),
        ("Jira".to_string(), vec!["Microsoft Teams".to_string()])
    );
}

#[test]
fn an_app_set_going_is_not_where_files_land() {
    let r = p("trigger a dropbox sync when a new backup shows up in the folder");
    assert_eq!(
        (r.trigger.as_str(), r.actions),
        ("manual", vec!["Dropbox".to_string()])
    );
}

#[test]
fn plain_names_of_http_calls_are_http_steps() {
    for q in [
        "Send a GET request to fetch the weather and post it to Slack",
        "Send the form data to a REST endpoint",
        "Call a custom API with the new Stripe customer",
        "Scrape the website daily and store the prices in Airtable",
    ] {
        assert!(p(q).actions.contains(&"HTTP".to_string()), "{q}");
    }
}

#[test]
fn an_email_that_is_data_is_no_step() {
    for (q, want) in [
        (
            "Find emails of leads with Hunter and add them to HubSpot",
            vec!["Hunter", "HubSpot"],
        ),
        (
            "Extract email addresses from Typeform responses and add to Mailchimp",
            vec!["Mailchimp"],
        ),
        (
            "Verify emails of new Mailchimp subscribers with ZeroBounce",
            vec!["ZeroBounce"],
        ),
        (
            "Add subscribers with their email to ConvertKit from Gumroad sales",
            vec!["ConvertKit"],
        ),
    ] {
        assert_eq!(p(q).actions, want, "{q}");
    }
    // still a step: sent, or sent to an address
    assert!(p("send emails to the list when a Typeform is submitted")
        .actions
        .contains(&"Email".to_string()));
    assert!(p("send the report to their email address")
        .actions
        .contains(&"Email".to_string()));
    assert!(p("it emails the owners every week")
        .actions
        .contains(&"Email".to_string()));
}
