//! Reading loosely-typed request objects without panicking.
//!
//! Every entry point takes a [`crate::json::Json`] (the CLI parses JSON
//! lines into one; the wasm boundary converts whatever JS passed into one with
//! `web::convert`). These helpers classify a field as missing, of the wrong
//! type or usable, so that each endpoint can answer with a typed error.
//!
//! Non-finite JS numbers cannot live in JSON: the boundary turns `NaN`,
//! `Infinity` and `-Infinity` into a one-key marker object
//! `{"$levqor:nonFinite": "NaN"}` (see [`non_finite`]), which [`number`] reads
//! as [`Field::NotFinite`] and [`type_name`] calls a `"number"` — so a JS
//! `NaN` never passes for the text `"NaN"`.

use crate::json::{Json, Map};

/// What a request field held.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    /// Absent, `null` or `undefined`.
    Missing,
    /// Present but of another JSON type; carries that type's name.
    WrongType(&'static str),
    /// A number that is NaN or ±Infinity (see the module docs).
    NotFinite,
    /// Present with the expected type.
    Value(T),
}

/// The key of the marker object that stands for a non-finite JS number.
pub const NON_FINITE_KEY: &str = "$levqor:nonFinite";

/// The marker for a non-finite number (`label` is `NaN`, `Infinity` or
/// `-Infinity`).
pub fn non_finite(label: &str) -> Json {
    let mut m = Map::new();
    m.insert(NON_FINITE_KEY.to_owned(), Json::String(label.to_owned()));
    Json::Object(m)
}

fn is_non_finite(v: &Json) -> bool {
    matches!(v, Json::Object(m) if m.len() == 1 && m.contains_key(NON_FINITE_KEY))
}

/// The JSON type name of a value, as a JS developer would say it.
pub fn type_name(v: &Json) -> &'static str {
    match v {
        v if is_non_finite(v) => "number",
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// `v[key]` when `v` is an object, else `None`.
pub fn get<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
    v.as_object().and_then(|m| m.get(key))
}

/// The object under `key`, or an empty map when it is absent or not an
/// object (the SPEC treats a non-object `context` as empty).
pub fn object<'a>(v: &'a Json, key: &str) -> &'a Map {
    static EMPTY: Map = Map::new();
    match get(v, key) {
        Some(Json::Object(m)) => m,
        _ => &EMPTY,
    }
}

/// A string field.
pub fn string<'a>(v: &'a Json, key: &str) -> Field<&'a str> {
    match get(v, key) {
        None | Some(Json::Null) => Field::Missing,
        Some(Json::String(s)) => Field::Value(s.as_str()),
        Some(other) => Field::WrongType(type_name(other)),
    }
}

/// A string field, or `None` for anything else (for optional hints such as
/// `context.page`, where a wrong type is simply ignored).
pub fn opt_str<'a>(v: &'a Json, key: &str) -> Option<&'a str> {
    match get(v, key) {
        Some(Json::String(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// A numeric field. The non-finite marker (see the module docs) yields
/// [`Field::NotFinite`].
pub fn number(v: &Json, key: &str) -> Field<f64> {
    match get(v, key) {
        None | Some(Json::Null) => Field::Missing,
        Some(Json::Number(n)) => Field::Value(n.as_f64()),
        Some(v) if is_non_finite(v) => Field::NotFinite,
        Some(other) => Field::WrongType(type_name(other)),
    }
}

/// A list of strings; non-string items are skipped (SPEC: unknown step ids
/// are ignored). `None` when the field is absent; `Some(Err(type))` when it is
/// not an array.
pub fn string_list<'a>(v: &'a Json, key: &str) -> Field<Vec<&'a str>> {
    match get(v, key) {
        None | Some(Json::Null) => Field::Missing,
        Some(Json::Array(items)) => {
            // A plain loop: `filter_map(..).collect()` instantiated adapters.
            let mut out = Vec::new();
            for s in items {
                if let Some(s) = s.as_str() {
                    out.push(s);
                }
            }
            Field::Value(out)
        }
        Some(other) => Field::WrongType(type_name(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn classifies_fields() {
        let v = json!({"q": "hi", "n": 3, "bad": [1], "nan": non_finite("NaN"), "nul": null, "s": "NaN"});
        assert_eq!(string(&v, "q"), Field::Value("hi"));
        assert_eq!(string(&v, "n"), Field::WrongType("number"));
        assert_eq!(string(&v, "nul"), Field::Missing);
        assert_eq!(string(&v, "absent"), Field::Missing);
        assert_eq!(number(&v, "n"), Field::Value(3.0));
        assert_eq!(number(&v, "nan"), Field::NotFinite);
        assert_eq!(number(&v, "q"), Field::WrongType("string"));
        assert_eq!(number(&v, "bad"), Field::WrongType("array"));
        // the text "NaN" is text, and a JS NaN is not text
        assert_eq!(number(&v, "s"), Field::WrongType("string"));
        assert_eq!(string(&v, "nan"), Field::WrongType("number"));
    }

    #[test]
    fn non_objects_have_no_fields() {
        for v in [json!(null), json!(1), json!("x"), json!([1, 2])] {
            assert_eq!(string(&v, "query"), Field::Missing);
            assert!(object(&v, "context").is_empty());
        }
    }

    #[test]
    fn string_lists_skip_non_strings() {
        let v = json!({"completed": ["a", 1, null, "b"], "x": "nope"});
        assert_eq!(string_list(&v, "completed"), Field::Value(vec!["a", "b"]));
        assert_eq!(string_list(&v, "x"), Field::WrongType("string"));
        assert_eq!(string_list(&v, "y"), Field::Missing);
    }
}
