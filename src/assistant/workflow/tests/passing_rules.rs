//! Unit tests of the rules for apps named only in passing (issue #18): held
//! up for comparison, the site a feed belongs to, a place named after it,
//! the maker of an identifier, a reply written in another app, a quoted title, a value
//! that is set, a common-noun alias after another app, a capitalised "DMs", an
//! ordinary word one typo from an alias. None is a step.

use super::*;

#[test]
fn an_app_held_up_for_comparison_is_no_step() {
    is_plan(
        "Post new Shopify orders to Slack, like our Discord bot does",
        "Shopify",
        &["Slack"],
    );
    is_plan(
        "Copy new Typeform entries to Airtable instead of Google Sheets",
        "Typeform",
        &["Airtable"],
    );
    // a wish or an example is no comparison: the app is still used
    for q in [
        "We would like Slack alerts for new Stripe payments",
        "I'd like Slack alerts for new Stripe payments",
        "Send new Stripe payments to a tool like Slack",
    ] {
        assert!(p(q).actions.contains(&"Slack".to_string()), "{q}");
    }
    // a count is no comparison: "more than 3 Stripe payments" still names Stripe
    is_plan(
        "Alert me on Slack when more than 3 Stripe payments fail in an hour",
        "Stripe",
        &["Slack"],
    );
}

#[test]
fn the_site_a_feed_belongs_to_is_no_step() {
    is_plan(
        "Watch the company YouTube RSS feed and post each new video to Discord",
        "RSS",
        &["Discord"],
    );
    is_plan(
        "Send items from the Reddit RSS feed to a Telegram chat",
        "RSS",
        &["Telegram"],
    );
    // (named on its own, the site is a step)
    assert!(p("Post new RSS feed items to LinkedIn and Medium")
        .actions
        .contains(&"Medium".to_string()));
}

#[test]
fn a_quoted_title_names_no_app() {
    assert_eq!(
        p("The monthly 'Life in Lisbon' newsletter drafts look ready, publish them to WordPress")
            .actions,
        ["WordPress"]
    );
    // an apostrophe inside a word opens no quotation
    assert!(p("Don't forget: send new Typeform entries to Xentral")
        .actions
        .contains(&"Xentral".to_string()));
}

#[test]
fn a_value_that_is_set_names_no_app() {
    is_plan(
        "When a Typeform is submitted, create a HubSpot contact and set its lead status to Qualified",
        "Typeform",
        &["HubSpot"],
    );
}

#[test]
fn an_ordinary_word_one_typo_from_an_alias_is_no_app() {
    assert_eq!(
        p("Post uptime reports to Slack every morning").actions,
        ["Slack"]
    );
}

#[test]
fn a_place_named_after_an_app_is_the_other_apps() {
    is_plan(
        "When a ticket is solved in Zendesk, post it to our Zendesk channel on Slack",
        "Zendesk",
        &["Slack"],
    );
}

#[test]
fn the_maker_of_an_identifier_is_no_step() {
    is_plan(
        "When a Shopify order is paid, add a row to Google Sheets with the PayPal transaction id",
        "Shopify",
        &["Google Sheets"],
    );
}

#[test]
fn a_reply_written_in_another_app_is_that_apps() {
    is_plan(
        "When a new Typeform response arrives, create a draft Outlook reply for the sales team",
        "Typeform",
        &["Outlook"],
    );
    // an AI writes the reply, the trigger's app still sends it back
    assert!(p("Answer each new Gmail email with an OpenAI reply")
        .actions
        .contains(&"Gmail".to_string()));
}

#[test]
fn a_common_noun_alias_after_another_app_is_that_apps_thing() {
    is_plan(
        "When a task is added in Todoist, copy it to the Notion calendar database",
        "Todoist",
        &["Notion"],
    );
}

#[test]
fn a_capitalised_dms_is_no_app() {
    is_plan(
        "Send me an SMS through Twilio when someone replies or DMs me on Instagram",
        "Instagram",
        &["Twilio"],
    );
}
