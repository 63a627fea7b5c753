//! JS values to and from [`Json`], defensively: getters and
//! proxies that throw, cycles, deep nesting, huge arrays, symbols, functions
//! and BigInts never throw or overflow the stack here. Non-finite numbers
//! become the marker of [`crate::input::non_finite`]; whole numbers stay
//! integers. Lone UTF-16 surrogates become U+FFFD. Small plain objects take
//! a fast path (`js/convert.js`) that hands them over as one JSON string.

use crate::json::{Json, Map, Num};
use crate::json_write::ToJson;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Deeper nesting is cut off (read as `null`).
pub const MAX_DEPTH: usize = 16;
/// At most this many keys are read from one object.
pub const MAX_KEYS: u32 = 256;
/// At most this many items are read from one array.
pub const MAX_ITEMS: u32 = 1024;

#[wasm_bindgen(module = "/src/web/js/convert.js")]
extern "C" {
    /// Small plain objects as one JSON string (see `js/convert.js`).
    #[wasm_bindgen(js_name = plainJson)]
    fn plain_json(v: &JsValue) -> Option<String>;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Object, js_name = keys)]
    fn object_keys(o: &JsValue) -> Result<js_sys::Array, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Reflect, js_name = get)]
    fn reflect_get(o: &JsValue, key: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array(o: &JsValue) -> Result<bool, JsValue>;
}

/// Converts whatever JS passed into a JSON value the core can read.
pub fn from_js(v: &JsValue) -> Json {
    // One string for a small plain object instead of a crossing per key and
    // value; anything the fast path declines is read property by property.
    fast_path(v).unwrap_or_else(|| careful_path(v))
}

/// The fast path alone: `Some` for small plain objects and arrays (see
/// `js/convert.js`), `None` for anything else. Public for the test that
/// checks it agrees with [`careful_path`].
#[doc(hidden)]
pub fn fast_path(v: &JsValue) -> Option<Json> {
    if !v.is_object() {
        return None;
    }
    plain_json(v).and_then(|s| crate::json::parse(&s))
}

/// The careful path alone: reads any value property by property.
#[doc(hidden)]
pub fn careful_path(v: &JsValue) -> Json {
    convert(v, 0)
}

fn convert(v: &JsValue, depth: usize) -> Json {
    if let Some(s) = v.as_string() {
        return Json::String(s);
    }
    if let Some(b) = v.as_bool() {
        return Json::Bool(b);
    }
    if let Some(x) = v.as_f64() {
        const SAFE: f64 = 9_007_199_254_740_991.0; // Number.MAX_SAFE_INTEGER
        if x.fract() == 0.0 && x.abs() <= SAFE {
            return Json::from(x as i64);
        }
        return if x.is_finite() {
            Json::Number(Num::F(x))
        } else if x.is_nan() {
            crate::input::non_finite("NaN")
        } else if x > 0.0 {
            crate::input::non_finite("Infinity")
        } else {
            crate::input::non_finite("-Infinity")
        };
    }
    if depth >= MAX_DEPTH || !v.is_object() || v.is_function() {
        return Json::Null;
    }
    if is_array(v).unwrap_or(false) {
        let len = reflect_get(v, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(0.0);
        let n = if len.is_finite() && len > 0.0 {
            (len as u32).min(MAX_ITEMS)
        } else {
            0
        };
        let mut items = Vec::new();
        for i in 0..n {
            items.push(match reflect_get(v, &JsValue::from(i)) {
                Ok(item) => convert(&item, depth + 1),
                Err(_) => Json::Null,
            });
        }
        return Json::Array(items);
    }
    let Ok(keys) = object_keys(v) else {
        return Json::Object(Map::new());
    };
    let mut map = Map::new();
    for key in keys.iter().take(MAX_KEYS as usize) {
        let Some(name) = key.as_string() else {
            continue;
        };
        if let Ok(item) = reflect_get(v, &key) {
            map.insert(name, convert(&item, depth + 1));
        }
    }
    Json::Object(map)
}

/// Writes a core value as a plain JS object (through `JSON.parse`, which
/// keeps the glue small). Never throws.
pub fn to_js<T: ToJson + ?Sized>(value: &T) -> JsValue {
    json_to_js(&value.to_json())
}

/// JSON text (from [`crate::json_write`]) as a plain JS object. Never throws.
pub fn json_to_js(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap_or(JsValue::NULL)
}

/// Casts a JS value to a function, if it is one.
pub fn as_function(v: &JsValue) -> Option<js_sys::Function> {
    v.dyn_ref::<js_sys::Function>().cloned()
}
