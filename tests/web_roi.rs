//! calculateRoi from JS: plain objects in, typed results out, NaN and text
//! answered with per-field errors; parseRoiNumber reading typed text in the
//! visitor's locale.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::roi::{calculate_roi, parse_roi_number};
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn computes_and_formats() {
    let r = calculate_roi(js("({ hoursPerWeek: 10, hourlyRate: 35 })"));
    assert_eq!(at(&r, "ok").as_bool(), Some(true));
    assert_eq!(
        at(&r, "formatted.valuePerMonth").as_string().as_deref(),
        Some("£758.33")
    );
    assert_eq!(at(&r, "minor.valuePerYear").as_f64(), Some(910_000.0));
    let r = calculate_roi(js(
        "({ hoursPerWeek: 40, hourlyRate: 50, currency: 'EUR', locale: 'de-DE' })",
    ));
    assert_eq!(
        at(&r, "formatted.valuePerYear").as_string().as_deref(),
        Some("52.000,00\u{a0}€")
    );
}

#[wasm_bindgen_test]
fn nan_infinity_and_text_are_field_errors() {
    let r = calculate_roi(js(
        "({ hoursPerWeek: NaN, hourlyRate: Infinity, automationShare: '50%' })",
    ));
    assert_eq!(at(&r, "ok").as_bool(), Some(false));
    let codes: Vec<String> = js_sys::Array::from(&at(&r, "errors"))
        .iter()
        .map(|e| {
            format!(
                "{}:{}",
                at(&e, "field").as_string().unwrap_or_default(),
                at(&e, "code").as_string().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            "hoursPerWeek:not_finite",
            "hourlyRate:not_finite",
            "automationShare:not_a_number"
        ]
    );
    for bad in ["undefined", "null", "42", "'text'", "[]"] {
        let r = calculate_roi(js(bad));
        assert_eq!(at(&r, "ok").as_bool(), Some(false), "{bad}");
    }
}

#[wasm_bindgen_test]
fn parse_roi_number_reads_the_locale_marks() {
    let r = parse_roi_number(js("'35,5'"), js("'de-DE'"));
    assert_eq!(at(&r, "ok").as_bool(), Some(true));
    assert_eq!(at(&r, "value").as_f64(), Some(35.5));
    assert_eq!(at(&r, "locale").as_string().as_deref(), Some("de-DE"));
    let r = parse_roi_number(js("'1\\u202f234,5'"), js("'fr-CA'"));
    assert_eq!(at(&r, "value").as_f64(), Some(1234.5));
    assert_eq!(at(&r, "locale").as_string().as_deref(), Some("fr-FR"));
    let r = parse_roi_number(js("'1,5'"), js("undefined"));
    assert_eq!(at(&r, "ok").as_bool(), Some(false));
    assert_eq!(at(&r, "code").as_string().as_deref(), Some("bad_grouping"));
    assert_eq!(at(&r, "locale").as_string().as_deref(), Some("en-GB"));
    for hostile in ["42", "null", "({})", "Symbol('s')"] {
        let r = parse_roi_number(js(hostile), js(hostile));
        assert_eq!(
            at(&r, "code").as_string().as_deref(),
            Some("not_a_number"),
            "{hostile}"
        );
    }
}
