//! Any JSON, and any three f64s, through the ROI calculator, and any text
//! through the field parser in every locale: never a panic, never a
//! non-finite number out.
#![no_main]
use levqor_wasm::roi::{calculate, parse_number, Locale, RoiResult};
use libfuzzer_sys::fuzz_target;
use levqor_wasm::json;

fuzz_target!(|data: &[u8]| {
    let check = |r: RoiResult| {
        if let RoiResult::Ok(o) = r {
            assert!(o.value_per_month.is_finite() && o.value_per_year.is_finite());
            assert!(o.minor.value_per_year >= 0);
        }
    };
    if let Ok(text) = std::str::from_utf8(data) {
        for l in [Locale::EnGb, Locale::EnUs, Locale::EnIe, Locale::DeDe, Locale::FrFr] {
            if let Ok(v) = parse_number(text, l) {
                assert!(v.is_finite());
            }
        }
    }
    if let Ok(v) = std::str::from_utf8(data).ok().and_then(json::parse).ok_or(()) {
        check(calculate(&v));
    }
    if data.len() >= 24 {
        let f = |i: usize| f64::from_le_bytes(data[i..i + 8].try_into().unwrap_or([0; 8]));
        check(calculate(&json!({ "hoursPerWeek": f(0), "hourlyRate": f(8), "automationShare": f(16) })));
    }
});
