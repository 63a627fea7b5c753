//! One error convention across the core's error types: each has a code enum
//! (generated in `levqor_wasm::vocab`, stable snake_case wire names) that is
//! the `code` JS sees when the error is serialised, a `code()` accessor and
//! `Display` (the sentence a person reads), and implements `std::error::Error`.
#![cfg(not(target_arch = "wasm32"))]
use levqor_wasm::assistant::{validate_query, AssistantError, ErrorCode};
use levqor_wasm::bridge::{Config, ConfigErrorCode};
use levqor_wasm::input::Field;
use levqor_wasm::json;
use levqor_wasm::platform::{KeyValueStore, MemoryStore, StorageError};
use levqor_wasm::roi::{calculate, parse_number, FieldErrorCode, Locale, NumberError, RoiResult};

fn snake(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The serialised `code` is the code enum's wire name and the sentence is `Display`.
fn convention<E: std::error::Error + serde::Serialize>(e: &E, code: &str, sentence_key: &str) {
    let v = serde_json::to_value(e).expect("serialises");
    assert_eq!(v["code"], code, "{v}");
    assert_eq!(v[sentence_key], e.to_string(), "{v}");
    assert!(e.to_string().ends_with('.'), "{e}");
}

#[test]
fn every_code_is_stable_snake_case() {
    for s in ErrorCode::NAMES
        .iter()
        .chain(&ConfigErrorCode::NAMES)
        .chain(&FieldErrorCode::NAMES)
        .chain(&NumberError::NAMES)
        .chain(&StorageError::NAMES)
    {
        assert!(snake(s), "{s}");
    }
}

#[test]
fn assistant_errors_follow_it() {
    let e: AssistantError = validate_query(Field::Missing, "query").unwrap_err();
    assert_eq!(e.code(), ErrorCode::QueryMissing);
    convention(&e, "query_missing", "error");
}

#[test]
fn config_errors_follow_it() {
    let (_, e) = Config::from_json(&json!({ "apiBase": "http://api.example.com" }));
    let e = e.expect("refused");
    assert_eq!(e.code(), ConfigErrorCode::InvalidApiBase);
    convention(&e, "invalid_api_base", "error");
}

#[test]
fn roi_field_errors_follow_it() {
    let RoiResult::Err { errors, .. } = calculate(&json!({ "hoursPerWeek": -1 })) else {
        panic!("accepted");
    };
    let codes: Vec<FieldErrorCode> = errors.iter().map(|e| e.code()).collect();
    assert_eq!(codes, [FieldErrorCode::OutOfRange, FieldErrorCode::Missing]);
    for e in &errors {
        convention(e, e.code().as_str(), "message");
    }
}

#[test]
fn number_and_storage_errors_are_their_own_codes() {
    let e = parse_number("1,5", Locale::EnGb).unwrap_err();
    assert_eq!(e.code(), NumberError::BadGrouping);
    assert_eq!(serde_json::to_value(e).unwrap(), "bad_grouping");
    assert!(e.to_string().ends_with('.'));
    let store = MemoryStore::new();
    store.set_disabled(true);
    let e = store.set("k", "v").unwrap_err();
    assert_eq!(e.code(), StorageError::Unavailable);
    assert_eq!(e.code().as_str(), "unavailable");
    assert!(e.to_string().ends_with('.'));
    let _: &dyn std::error::Error = &e;
}
