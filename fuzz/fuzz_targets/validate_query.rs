//! Any bytes as a query (and as a JSON request) through the shared validation.
#![no_main]
use levqor_wasm::assistant::validate_query;
use levqor_wasm::input::{self, Field};
use levqor_wasm::json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(q) = validate_query(Field::Value(&text), "query") {
        let n = q.chars().count();
        assert!((3..=500).contains(&n), "accepted {n} characters");
    }
    if let Ok(v) = std::str::from_utf8(data).ok().and_then(json::parse).ok_or(()) {
        let _ = validate_query(input::string(&v, "query"), "query");
        let _ = input::number(&v, "hoursPerWeek");
        let _ = input::string_list(&v, "completed");
    }
});
