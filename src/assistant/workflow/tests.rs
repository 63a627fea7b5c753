//! Unit tests of the workflow builder: the brief's examples, schedules,
//! conditions and delays, unclear requests, and no panics on any input.

use super::*;

fn p(q: &str) -> Plan {
    plan(&build(q))
}

#[test]
fn catalog_has_100_apps_with_aliases() {
    assert!(apps().len() >= 100);
    assert_eq!(p("save attachments from gmial to gdrive").trigger, "Gmail");
}

#[test]
fn brief_examples() {
    let a = p("save new Gmail attachments to Google Drive");
    assert_eq!(
        (a.trigger.as_str(), a.actions),
        ("Gmail", vec!["Google Drive".to_string()])
    );
    let b = p("when a row is added in Sheets, post to Slack");
    assert_eq!(
        (b.trigger.as_str(), b.actions),
        ("Google Sheets", vec!["Slack".to_string()])
    );
    let c = p("every night back up Dropbox to S3");
    assert_eq!(c.trigger, "schedule");
    assert_eq!(c.actions, ["Dropbox", "Amazon S3"]);
    assert_eq!(c.schedule.map(|s| s.cron).as_deref(), Some("0 2 * * *"));
    assert_eq!(c.pattern, "backup");
}

#[test]
fn schedules_to_cron() {
    let cron = |q: &str| p(q).schedule.map(|s| s.cron).unwrap_or_default();
    assert_eq!(cron("daily at 9am send me a summary by email"), "0 9 * * *");
    assert_eq!(
        cron("every Monday post the sales report to Slack"),
        "0 9 * * 1"
    );
    assert_eq!(cron("hourly check the RSS feed"), "0 * * * *");
    assert_eq!(
        cron("every 15 minutes sync Airtable to Sheets"),
        "*/15 * * * *"
    );
    assert_eq!(
        cron("every weekday at 5:30 pm email the team"),
        "30 17 * * 1-5"
    );
}

#[test]
fn conditions_delays_and_unclear() {
    let r = build("When Stripe gets a payment, if the amount is over £100, wait 2 days then email the customer via Gmail");
    assert!(r
        .steps
        .iter()
        .any(|s| s.kind == "condition" && s.description.contains("£100")));
    assert!(r
        .steps
        .iter()
        .any(|s| s.kind == "delay" && s.label == "Wait 2 days"));
    let u = build("help me automate stuff");
    assert_eq!(u.meta.pattern, "custom");
    assert!(u.meta.confidence < 0.3);
    assert!(u.steps.len() >= 2);
}

#[cfg(not(target_arch = "wasm32"))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let r = build(&s);
            prop_assert!(!r.steps.is_empty());
            prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        }

        #[test]
        fn never_panics_on_wordy_input(s in "(every|at|9am|12 30|pm|wait|2|days|if|over|£|gmail|to|sheets|, |\\.|when|on|mondays| )+") {
            let _ = build(&s);
        }
    }
}
