//! The JS `Assistant` class: chat answers with typed shapes, bad input
//! answered with error objects (never a throw), conversation follow-ups.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::assistant::Assistant;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn chat_answers_pricing_with_suggestions() {
    let a = Assistant::new();
    let r = a.chat(js(
        "({ query: 'How much does the yearly plan cost?', context: { page: '/pricing' } })",
    ));
    assert_eq!(at(&r, "success").as_bool(), Some(true));
    assert_eq!(at(&r, "meta.topic").as_string().as_deref(), Some("pricing"));
    assert_eq!(
        at(&r, "meta.source").as_string().as_deref(),
        Some("fallback")
    );
    let n = js_sys::Array::from(&at(&r, "suggestions")).length();
    assert!((2..=4).contains(&n), "suggestions {n}");
    assert!(at(&r, "answer").as_string().is_some_and(|s| !s.is_empty()));
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_object() {
    let a = Assistant::new();
    for src in [
        "null",
        "42",
        "({ query: 7 })",
        "({ query: 'x'.repeat(10000000) })",
        "({ query: 'hi' })",
    ] {
        let r = a.chat(js(src));
        assert_eq!(at(&r, "success").as_bool(), Some(false), "{src}");
        assert!(at(&r, "code").as_string().is_some(), "{src}");
    }
}

#[wasm_bindgen_test]
fn follow_up_keeps_the_topic() {
    let a = Assistant::new();
    let first = a.chat(js("({ query: 'how much is the pro plan' })"));
    // the memory of "pro" is what makes the yearly price £590
    let id = at(&first, "conversationId");
    assert!(id.as_string().is_some());
    let req = js_sys::Object::new();
    js_sys::Reflect::set(&req, &"query".into(), &"and the yearly one?".into()).unwrap();
    js_sys::Reflect::set(&req, &"conversationId".into(), &id).unwrap();
    let next = a.chat(req.into());
    assert_eq!(at(&next, "conversationId"), id);
    assert_eq!(
        at(&next, "meta.topic").as_string().as_deref(),
        Some("pricing")
    );
    let answer = at(&next, "answer").as_string().unwrap_or_default();
    assert!(answer.contains("£590"), "{answer}");
}

#[wasm_bindgen_test]
fn onboarding_next_step_from_js() {
    let a = Assistant::new();
    let r = a.onboarding_next_step(js("({ completed: ['profile_setup', 'nope'] })"));
    assert_eq!(
        at(&r, "step.id").as_string().as_deref(),
        Some("first_workflow")
    );
    assert_eq!(at(&r, "progress.done").as_f64(), Some(1.0));
}
