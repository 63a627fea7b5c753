//! Unit tests of the rules for apps named only in passing (issue #18): held
//! up for comparison, the site a feed belongs to, a quoted title, a value
//! that is set, an ordinary word one typo from an alias. None is a step.

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
    // a wish is no comparison: the app after "would like" is still used
    assert!(p("We would like Slack alerts for new Stripe payments")
        .actions
        .contains(&"Slack".to_string()));
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
