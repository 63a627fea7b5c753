//! Helpers shared by the browser tests (`tests/web*.rs`, each its own crate:
//! include with `#[path = "support/js.rs"] mod js_support;`).
#![allow(dead_code)]

use wasm_bindgen::JsValue;

/// Evaluates a JS expression (a test fixture).
pub fn js(src: &str) -> JsValue {
    js_sys::Function::new_no_args(&format!("return ({src});"))
        .call0(&JsValue::NULL)
        .expect("test fixture evaluates")
}

/// `v.a.b.c` for the path `"a.b.c"`; `undefined` where a step is missing.
pub fn at(v: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(v.clone(), |acc, k| {
        js_sys::Reflect::get(&acc, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    })
}
