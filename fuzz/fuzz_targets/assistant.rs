//! Arbitrary bytes as chat/onboarding requests (as JSON when they parse,
//! else as the query text), on one long-lived assistant so conversation
//! memory is exercised too.
#![no_main]
use levqor_wasm::assistant::Assistant;
use libfuzzer_sys::fuzz_target;
use levqor_wasm::json;
use std::cell::RefCell;

thread_local!(static A: RefCell<Assistant> = RefCell::new(Assistant::new(1)));

fuzz_target!(|data: &[u8]| {
    let req = std::str::from_utf8(data).ok().and_then(json::parse).ok_or(())
        .unwrap_or_else(|_| json!({ "query": String::from_utf8_lossy(data), "conversationId": "c-fuzz" }));
    A.with(|a| {
        let mut a = a.borrow_mut();
        if let Ok(r) = a.chat(&req) {
            assert!((0.0..=1.0).contains(&r.meta.confidence));
            assert!((2..=4).contains(&r.suggestions.len()));
        }
        let _ = a.onboarding_next_step(&req);
    });
});
