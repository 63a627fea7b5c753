//! Browser tests of the boundary basics: the version export, validateQuery and
//! the defensive JS -> JSON conversion every export relies on.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::json;
use levqor_wasm::web::{self, convert::from_js};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn version_matches_the_crate() {
    assert_eq!(web::version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn validate_query_accepts_and_trims() {
    let r = web::validate_query(JsValue::from_str("  how much is it?  "));
    assert_eq!(at(&r, "success").as_bool(), Some(true));
    assert_eq!(
        at(&r, "query").as_string().as_deref(),
        Some("how much is it?")
    );
}

#[wasm_bindgen_test]
fn validate_query_answers_every_bad_input_with_a_code() {
    let cases = [
        ("undefined", "query_missing"),
        ("null", "query_missing"),
        ("42", "invalid_type"),
        ("NaN", "invalid_type"),
        ("true", "invalid_type"),
        ("[1,2,3]", "invalid_type"),
        ("({ query: 'hello' })", "invalid_type"),
        ("'hi'", "query_too_short"),
        ("'x'.repeat(10 * 1024 * 1024)", "query_too_long"),
        ("'\\u0000\\u0000\\u0000'", "query_too_short"),
    ];
    for (src, code) in cases {
        let r = web::validate_query(js(src));
        assert_eq!(at(&r, "success").as_bool(), Some(false), "{src}");
        assert_eq!(at(&r, "code").as_string().as_deref(), Some(code), "{src}");
        assert!(
            at(&r, "error").as_string().is_some_and(|e| e.len() > 5),
            "{src}"
        );
    }
}

#[wasm_bindgen_test]
fn lone_surrogates_become_replacement_characters() {
    let r = web::validate_query(js("'ab\\uD800c'"));
    assert_eq!(at(&r, "success").as_bool(), Some(true));
    assert_eq!(at(&r, "query").as_string().as_deref(), Some("ab\u{FFFD}c"));
}

#[wasm_bindgen_test]
fn conversion_survives_hostile_objects() {
    // a getter that throws: the key is skipped, the rest is read
    let v = from_js(&js("({ ok: 1, get bad() { throw new Error('boom'); } })"));
    assert_eq!(v, json!({ "ok": 1 }));
    // a proxy whose traps throw: an empty object, no exception
    let v = from_js(&js(
        "new Proxy({}, { ownKeys() { throw new Error('x'); }, get() { throw new Error('y'); } })",
    ));
    assert_eq!(v, json!({}));
    // cycles and deep nesting are cut off at MAX_DEPTH
    let v = from_js(&js(
        "(() => { const a = { name: 'a' }; a.self = a; return a; })()",
    ));
    assert_eq!(v["name"], "a");
    let v = from_js(&js(
        "(() => { let o = {}; for (let i = 0; i < 100000; i++) o = { o }; return o; })()",
    ));
    assert!(v.is_object());
    // non-finite numbers, functions, symbols, bigints
    let v = from_js(&js(
        "({ n: NaN, p: Infinity, m: -Infinity, f: () => 1, s: Symbol('s'), b: 10n, u: undefined })",
    ));
    assert_eq!(
        v,
        json!({
            "n": levqor_wasm::input::non_finite("NaN"),
            "p": levqor_wasm::input::non_finite("Infinity"),
            "m": levqor_wasm::input::non_finite("-Infinity"),
            "f": null, "s": null, "b": null, "u": null
        })
    );
    // __proto__ as an own key is just a key
    let v = from_js(&js(
        "JSON.parse('{\"__proto__\": {\"x\": 1}, \"q\": \"hi\"}')",
    ));
    assert_eq!(v["q"], "hi");
    // huge arrays are capped
    let v = from_js(&js("new Array(1e6).fill(1)"));
    assert_eq!(
        v.as_array().map(Vec::len),
        Some(web::convert::MAX_ITEMS as usize)
    );
}

#[wasm_bindgen_test]
fn the_fast_path_takes_the_usual_shapes_and_agrees_with_the_careful_path() {
    use levqor_wasm::web::convert::{careful_path, fast_path};
    // What the exports are normally given: the fast path must take these.
    let usual = [
        "({ query: 'how much is pro?', context: { page: '/pricing' } })",
        "({ rating: 'up', endpoint: 'chat', topic: 'pricing' })",
        "({ completed: ['profile_setup', 'first_workflow'] })",
        "({ a: 1, b: -0, c: true, d: null, e: undefined, f: 9007199254740991 })",
        "({ s: 'héllo 👋\\n\\t\"quoted\" \\\\ \\u0000' })",
        "[1, 'two', [3, [4]], {}]",
        "Object.assign(Object.create(null), { x: 'y' })",
        "JSON.parse('{\"__proto__\": {\"polluted\": 1}}')",
    ];
    for src in usual {
        let v = js(src);
        let fast = fast_path(&v);
        assert!(fast.is_some(), "fast path declined {src}");
        assert_eq!(fast.unwrap(), careful_path(&v), "{src}");
    }
    // Anything unusual is declined, and from_js still reads it carefully.
    let unusual = [
        "({ x: 0.1 + 0.2 })",
        "({ x: NaN })",
        "({ x: Infinity })",
        "({ x: 2 ** 60 })",
        "({ s: 'ab\\uD800c' })",
        "({ get boom() { throw new Error('no') } })",
        "({ f() {} })",
        "({ n: 10n })",
        "({ s: Symbol('x') })",
        "new Date(0)",
        "new Map([[1, 2]])",
        "({ a: { b: { c: { d: { e: 1 } } } } })",
        "(() => { const o = {}; o.self = o; return o; })()",
        "({ s: 'x'.repeat(70000) })",
        "Object.fromEntries(Array.from({ length: 65 }, (_, i) => ['k' + i, i]))",
        "new Proxy({}, { ownKeys() { throw new Error('trap') } })",
    ];
    for src in unusual {
        let v = js(src);
        assert_eq!(fast_path(&v), None, "fast path took {src}");
        assert_eq!(from_js(&v), careful_path(&v), "{src}");
    }
    // A proxy that answers reads differently from its target is read the
    // same way by both paths (Object.keys, then [[Get]]).
    let liar = js("new Proxy({ a: 1 }, { get: () => 'lie' })");
    assert_eq!(fast_path(&liar), Some(json!({ "a": "lie" })));
    assert_eq!(careful_path(&liar), json!({ "a": "lie" }));
}
