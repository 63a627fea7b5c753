//! Property tests for the four assistant endpoints, fed JSON requests as the
//! wasm receives them: every answer is well formed and in its closed sets,
//! validation follows the 3–500 character rule with the right codes, answers
//! are deterministic, and onboarding never repeats a completed step.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::assistant::chat::ESCALATE_BELOW;
use levqor_wasm::assistant::debug::CATEGORIES;
use levqor_wasm::assistant::kb::Topic;
use levqor_wasm::assistant::workflow::apps;
use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;
use proptest::prelude::*;
use serde_json::Value;

/// Text of the given length in characters, with letters, spaces, emoji,
/// accents, punctuation and control characters mixed in.
fn text(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => "[a-z]",
            3 => Just(" ".to_owned()),
            1 => "[A-Z0-9?!.,'£€@:/-]",
            1 => "[éüñçøß—→•😀🤖]",
        ],
        min..=max,
    )
    .prop_map(|v| v.concat())
}

fn customer_words() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("price"),
            Just("trial"),
            Just("refund"),
            Just("cancel"),
            Just("invoice"),
            Just("gmail"),
            Just("slack"),
            Just("sheets"),
            Just("workflow"),
            Just("error"),
            Just("password"),
            Just("gdpr"),
            Just("human"),
            Just("how"),
            Just("much"),
            Just("my"),
            Just("the"),
            Just("when"),
            Just("new"),
            Just("email"),
            Just("every"),
            Just("monday"),
            Just("save"),
            Just("to"),
            Just("401"),
            Just("timeout"),
            Just("??"),
        ],
        1..12,
    )
    .prop_map(|w| w.join(" "))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn trimmed_len(s: &str) -> usize {
    s.trim_matches(|c: char| {
        c.is_whitespace() || (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}'
    })
    .chars()
    .filter(|&c| !((c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}'))
    .count()
}

fn topic_names() -> Vec<&'static str> {
    Topic::ALL.iter().map(|t| t.as_str()).collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn chat_answers_are_well_formed(q in prop_oneof![text(3, 200), customer_words()]) {
        prop_assume!(trimmed_len(&q) >= 3);
        let mut a = Assistant::new(1);
        let r = a.chat(&json!({ "query": q })).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let v = serde_json::to_value(&r).expect("serialises");
        prop_assert_eq!(&v["success"], &serde_json::json!(true));
        prop_assert!(!r.answer.trim().is_empty());
        prop_assert!(topic_names().contains(&r.meta.topic.as_str()));
        prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        prop_assert_eq!(r.meta.source, "fallback");
        prop_assert!(r.meta.engine.starts_with("levqor-wasm/"));
        // low confidence is how the chat knows to offer a person
        if r.meta.confidence < ESCALATE_BELOW {
            prop_assert!(r.escalation_suggested, "confidence {} without escalation", r.meta.confidence);
        }
        prop_assert!(!r.conversation_id.is_empty());
        prop_assert!(r.suggestions.iter().all(|s| !s.trim().is_empty()));
        // the wire object has exactly the SPEC's fields
        let mut keys: Vec<&str> = v.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        prop_assert_eq!(keys, ["answer", "conversationId", "escalationSuggested", "meta", "steps", "success", "suggestions"]);
    }

    #[test]
    fn chat_is_deterministic_and_keeps_its_conversation(q in customer_words(), follow in customer_words()) {
        prop_assume!(trimmed_len(&q) >= 3 && trimmed_len(&follow) >= 3);
        let (mut a, mut b) = (Assistant::new(9), Assistant::new(9));
        let ra = a.chat(&json!({ "query": q })).expect("valid");
        let rb = b.chat(&json!({ "query": q })).expect("valid");
        prop_assert_eq!(serde_json::to_value(&ra).ok(), serde_json::to_value(&rb).ok());
        let next = a.chat(&json!({ "query": follow, "conversationId": ra.conversation_id })).expect("valid");
        prop_assert_eq!(next.conversation_id, ra.conversation_id);
    }

    #[test]
    fn every_text_endpoint_applies_the_length_rule(q in text(0, 620), endpoint in 0..3usize) {
        let mut a = Assistant::new(3);
        let n = trimmed_len(&q);
        let (field, out) = match endpoint {
            0 => ("query", a.chat(&json!({ "query": q })).map(|r| serde_json::to_value(r).ok())),
            1 => ("query", a.workflow(&json!({ "query": q })).map(|r| serde_json::to_value(r).ok())),
            _ => ("error", a.debug(&json!({ "error": q })).map(|r| serde_json::to_value(r).ok())),
        };
        let code = out.as_ref().err().map(|e| serde_json::to_value(e.code).ok());
        match n {
            0..=2 => prop_assert_eq!(code, Some(Some(serde_json::json!("query_too_short"))), "{} chars in {}", n, field),
            3..=500 => prop_assert!(out.is_ok(), "{} chars refused: {:?}", n, out.err()),
            _ => prop_assert_eq!(code, Some(Some(serde_json::json!("query_too_long"))), "{} chars", n),
        }
    }

    #[test]
    fn wrong_types_are_typed_errors(v in prop_oneof![
        Just(Value::Null), any::<bool>().prop_map(Value::from), any::<i64>().prop_map(Value::from),
        Just(serde_json::json!([])), Just(serde_json::json!({"nested": {"query": "price"}})),
    ], endpoint in 0..4usize) {
        let mut a = Assistant::new(5);
        let (err, field) = match endpoint {
            0 => (a.chat(&json!({ "query": v })).err(), "query"),
            1 => (a.workflow(&json!({ "query": v })).err(), "query"),
            2 => (a.debug(&json!({ "error": v })).err(), "error"),
            _ => (a.onboarding_next_step(&json!(v)).err(), "completed"),
        };
        if endpoint == 3 {
            // onboarding takes an object; `null` and non-objects are type errors
            prop_assert!(v.is_object() || err.is_some());
            return Ok(());
        }
        let e = err.ok_or_else(|| TestCaseError::fail(format!("{field} = {v} accepted")))?;
        let code = serde_json::to_value(e.code).expect("code");
        let want = if v.is_null() { serde_json::json!("query_missing") } else { serde_json::json!("invalid_type") };
        prop_assert_eq!(code, want);
        prop_assert!(!e.success && !e.error.is_empty());
    }

    #[test]
    fn workflows_use_catalog_apps_and_have_steps(q in customer_words()) {
        prop_assume!(trimmed_len(&q) >= 3);
        let r = Assistant::new(2).workflow(&json!({ "query": q })).expect("valid");
        prop_assert!(!r.steps.is_empty());
        prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        prop_assert_eq!(r.steps[0].kind, "trigger", "first step is the trigger");
        prop_assert_eq!(r.steps.iter().filter(|s| s.kind == "trigger").count(), 1);
        for s in &r.steps {
            prop_assert!(["trigger", "action", "condition", "notification"].contains(&s.kind), "kind {}", s.kind);
            prop_assert!(!s.label.trim().is_empty());
            if let Some(app) = &s.app {
                // a catalog app, or a name outside it that the step says is one
                let known = apps().any(|a| a.name == app);
                prop_assert!(known || s.label.contains("not in the catalog"), "{} not in the catalog", app);
            }
            if let Some(sched) = &s.schedule {
                prop_assert_eq!(sched.cron.split(' ').count(), 5, "cron {}", sched.cron);
            }
        }
    }

    #[test]
    fn debug_categories_are_closed(e in prop_oneof![text(3, 300), customer_words()]) {
        prop_assume!(trimmed_len(&e) >= 3);
        let r = Assistant::new(4).debug(&json!({ "error": e })).expect("valid");
        prop_assert!(CATEGORIES.contains(&r.meta.category));
        prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        prop_assert!(!r.steps.is_empty() && !r.answer.trim().is_empty());
    }

    #[test]
    fn onboarding_never_offers_a_completed_step(done in proptest::collection::vec(
        prop_oneof![
            Just("profile_setup"), Just("first_workflow"), Just("explore_templates"),
            Just("invite_team"), Just("optimise_plan"), Just("unknown_step"), Just("")
        ], 0..10)) {
        let r = Assistant::new(6).onboarding_next_step(&json!({ "completed": done })).expect("valid");
        prop_assert!(!done.contains(&r.step.id), "offered {} again", r.step.id);
        prop_assert!(r.progress.done <= r.progress.total);
        prop_assert!(r.progress.percent <= 100);
        if r.step.id == "all_set" {
            prop_assert_eq!(r.progress.done, r.progress.total);
        }
    }
}
