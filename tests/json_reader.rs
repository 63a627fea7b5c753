//! Property tests for `levqor_wasm::json::parse` against
//! `serde_json::from_str::<Value>`: on arbitrary text made of JSON's own
//! characters, and on arbitrary documents serde_json writes, both accept and
//! refuse the same inputs and read the same values (floats with an exponent
//! beyond ±22 within a few ulps, as the module documents).
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::json::{parse, Json, Num};
use proptest::prelude::*;
use serde_json::Value;

/// Ours equal to theirs, floats compared by [`near`].
fn close(a: &Json, b: &Value) -> bool {
    match (a, b) {
        (Json::Null, Value::Null) => true,
        (Json::Bool(x), Value::Bool(y)) => x == y,
        (Json::String(x), Value::String(y)) => x == y,
        (Json::Number(x), Value::Number(y)) => match (x, y.as_f64()) {
            (Num::F(x), Some(y)) => near(*x, y),
            (Num::U(x), _) => y.as_u64() == Some(*x),
            (Num::I(x), _) => y.as_i64() == Some(*x) && !y.is_u64(),
            _ => false,
        },
        (Json::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
        }
        (Json::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && close(a, b))
        }
        _ => false,
    }
}

/// Equal, within a relative 1e-14, or (for subnormals, where one ulp is a
/// larger share of the value) within 2 ulps.
fn near(x: f64, y: f64) -> bool {
    x == y
        || ((x - y) / y).abs() < 1e-14
        || (x.is_sign_negative() == y.is_sign_negative()
            && (x.to_bits() as i64 - y.to_bits() as i64).abs() <= 2)
}

fn document() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        // Within a few ulps of f64::MAX the reader may refuse (see its docs).
        any::<f64>()
            .prop_filter("below 1e300", |f| f.abs() < 1e300)
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".{0,6}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn text_is_accepted_and_read_as_serde_json_does(
        text in r#"[\[\]{}",: \n0-9.eE+\-\\ubfnrtalsx\u{e9}\u{1}]{0,24}"#
    ) {
        let ours = parse(&text);
        let theirs = serde_json::from_str::<Value>(&text).ok();
        match (&ours, &theirs) {
            (Some(a), Some(b)) => prop_assert!(close(a, b), "{text:?}: {a:?} vs {b:?}"),
            _ => prop_assert_eq!(ours.is_some(), theirs.is_some(), "{:?}", text),
        }
    }

    #[test]
    fn what_serde_json_writes_reads_back(v in document()) {
        let text = serde_json::to_string(&v).unwrap();
        let ours = parse(&text);
        prop_assert!(ours.as_ref().is_some_and(|a| close(a, &v)), "{text}: {ours:?}");
    }
}

/// Subnormals (below 2.2e-308), where one ulp is a large share of the
/// value, read within one ulp of the correctly rounded value.
#[test]
fn subnormals_read_within_one_ulp() {
    for text in [
        "-4.41324069399822e-310",
        "4.9e-324",
        "2.225073858507201e-308",
        "1e-320",
        "123456789012345e-322",
        "7.5e-315",
        "1e-400",
    ] {
        let ours = parse(text).and_then(|v| v.as_f64()).unwrap();
        let std: f64 = text.parse().unwrap();
        let ulps = (ours.to_bits() as i64 - std.to_bits() as i64).abs();
        assert!(ulps <= 1, "{text}: {ours:e} vs {std:e} ({ulps} ulps)");
    }
}
