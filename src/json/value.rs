//! The crate's JSON value ([`Json`]): what [`crate::json::parse`] reads text
//! into and what the core builds answers and telemetry props from. It keeps
//! the behaviour of `serde_json::Value` that the crate relies on (objects
//! iterate in key order and a repeated key keeps its last value; numbers are
//! a `u64`, an `i64` or a finite `f64` as serde_json reads and compares them)
//! on a [`SmallMap`] instead of a `BTreeMap`, with a fraction of the wasm.

use crate::json_write::{self, Obj, ToJson};
use crate::small_map::SmallMap;

/// A JSON object: entries kept sorted by key.
pub type Map = SmallMap<String, Json>;

/// A JSON number: a whole number that fits is `U` (non-negative) or `I`
/// (negative), anything else `F` (always finite). As with serde_json, `1`
/// and `1.0` are different numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    U(u64),
    I(i64),
    F(f64),
}

impl Num {
    /// The number as an `f64` (may round a large integer).
    pub fn as_f64(self) -> f64 {
        match self {
            Num::U(n) => n as f64,
            Num::I(n) => n as f64,
            Num::F(f) => f,
        }
    }
    /// A whole number in `u64` range.
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Num::U(n) => Some(n),
            _ => None,
        }
    }
    /// A whole number in `i64` range.
    pub fn as_i64(self) -> Option<i64> {
        match self {
            Num::U(n) => i64::try_from(n).ok(),
            Num::I(n) => Some(n),
            Num::F(_) => None,
        }
    }
}

/// A JSON document.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Json {
    #[default]
    Null,
    Bool(bool),
    Number(Num),
    String(String),
    Array(Vec<Json>),
    Object(Map),
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.as_object()?.get(key)
    }
    /// The member `key` of an object, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Json> {
        self.as_object_mut()?.get_mut(key)
    }
    /// The entries of an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }
    /// The entries of an object, to change.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Json::Object(o) => Some(o),
            _ => None,
        }
    }
    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Json::Object(_))
    }
    /// The items of an array.
    pub fn as_array(&self) -> Option<&Vec<Json>> {
        match self {
            Json::Array(a) => Some(a),
            _ => None,
        }
    }
    /// A string's text.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
    /// A boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Json::Bool(b) => Some(b),
            _ => None,
        }
    }
    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
    /// A whole number in `u64` range.
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Json::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    /// A whole number in `i64` range.
    pub fn as_i64(&self) -> Option<i64> {
        match *self {
            Json::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    /// Any number, as an `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Json::Number(n) => Some(n.as_f64()),
            _ => None,
        }
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Json {
        Json::Number(Num::U(n))
    }
}

impl From<usize> for Json {
    fn from(n: usize) -> Json {
        Json::Number(Num::U(n as u64))
    }
}

impl From<i64> for Json {
    /// Non-negative values are `U`, as serde_json stores them.
    fn from(n: i64) -> Json {
        Json::Number(u64::try_from(n).map_or(Num::I(n), Num::U))
    }
}

impl From<f64> for Json {
    /// `null` when not finite, as serde_json's `Value::from(f64)`.
    fn from(f: f64) -> Json {
        if f.is_finite() {
            Json::Number(Num::F(f))
        } else {
            Json::Null
        }
    }
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<Vec<Json>> for Json {
    fn from(a: Vec<Json>) -> Json {
        Json::Array(a)
    }
}

impl From<Map> for Json {
    fn from(o: Map) -> Json {
        Json::Object(o)
    }
}

impl ToJson for Json {
    fn write_json(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(Num::U(u)) => crate::digits::push_dec(out, *u, 1),
            Json::Number(Num::I(i)) => crate::digits::push_i64(out, *i),
            Json::Number(Num::F(f)) => json_write::float(out, *f),
            Json::String(s) => json_write::string(out, s),
            Json::Array(items) => items.write_json(out),
            Json::Object(map) => {
                let mut o = Obj::new(out);
                for (k, v) in map {
                    o.field(k, v);
                }
                o.end();
            }
        }
    }
}

/// For the `Serialize` derives of types holding a [`Json`] (the tests check
/// the hand writers against them); not in the wasm builds.
#[cfg(feature = "serde")]
impl serde::Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Number(Num::U(n)) => s.serialize_u64(*n),
            Json::Number(Num::I(n)) => s.serialize_i64(*n),
            Json::Number(Num::F(f)) => s.serialize_f64(*f),
            Json::String(t) => s.serialize_str(t),
            Json::Array(a) => a.serialize(s),
            Json::Object(o) => o.serialize(s),
        }
    }
}

/// Test conveniences, as on `serde_json::Value`: `v["k"]` and `v[0]` read
/// `null` when absent; `v["k"] = x` sets a member (panics on a non-object);
/// `v == "text"`, `v == 1.5`, `v == true`; `v.to_string()` is the JSON text.
#[cfg(any(test, feature = "testing"))]
mod testing {
    use super::{Json, Map};
    use crate::json_write::ToJson;

    impl Json {
        /// Whether this is an array.
        pub fn is_array(&self) -> bool {
            matches!(self, Json::Array(_))
        }
        /// Whether this is a string.
        pub fn is_string(&self) -> bool {
            matches!(self, Json::String(_))
        }
        /// Whether this is a number.
        pub fn is_number(&self) -> bool {
            matches!(self, Json::Number(_))
        }
        /// Whether this is a boolean.
        pub fn is_boolean(&self) -> bool {
            matches!(self, Json::Bool(_))
        }
        /// The items of an array, to change.
        pub fn as_array_mut(&mut self) -> Option<&mut Vec<Json>> {
            match self {
                Json::Array(a) => Some(a),
                _ => None,
            }
        }
    }

    impl std::fmt::Display for Json {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.to_json())
        }
    }

    impl PartialEq<str> for Json {
        fn eq(&self, o: &str) -> bool {
            self.as_str() == Some(o)
        }
    }

    impl PartialEq<&str> for Json {
        fn eq(&self, o: &&str) -> bool {
            self.as_str() == Some(*o)
        }
    }

    impl PartialEq<String> for Json {
        fn eq(&self, o: &String) -> bool {
            self.as_str() == Some(o.as_str())
        }
    }

    impl PartialEq<bool> for Json {
        fn eq(&self, o: &bool) -> bool {
            self.as_bool() == Some(*o)
        }
    }

    impl PartialEq<f64> for Json {
        fn eq(&self, o: &f64) -> bool {
            self.as_f64() == Some(*o)
        }
    }

    impl PartialEq<i64> for Json {
        fn eq(&self, o: &i64) -> bool {
            self.as_i64() == Some(*o)
        }
    }

    impl PartialEq<i32> for Json {
        fn eq(&self, o: &i32) -> bool {
            self.as_i64() == Some(i64::from(*o))
        }
    }

    impl PartialEq<u64> for Json {
        fn eq(&self, o: &u64) -> bool {
            self.as_u64() == Some(*o)
        }
    }

    impl PartialEq<u32> for Json {
        fn eq(&self, o: &u32) -> bool {
            self.as_u64() == Some(u64::from(*o))
        }
    }

    impl PartialEq<usize> for Json {
        fn eq(&self, o: &usize) -> bool {
            self.as_u64() == Some(*o as u64)
        }
    }

    static NULL: Json = Json::Null;

    impl std::ops::Index<&str> for Json {
        type Output = Json;
        fn index(&self, k: &str) -> &Json {
            self.get(k).unwrap_or(&NULL)
        }
    }

    impl std::ops::Index<usize> for Json {
        type Output = Json;
        fn index(&self, i: usize) -> &Json {
            self.as_array().and_then(|a| a.get(i)).unwrap_or(&NULL)
        }
    }

    impl std::ops::IndexMut<&str> for Json {
        fn index_mut(&mut self, k: &str) -> &mut Json {
            if self.is_null() {
                *self = Json::Object(Map::new());
            }
            match self {
                Json::Object(o) => o.entry_or_default(k.to_owned()),
                _ => panic!("index {k:?} into a non-object"),
            }
        }
    }

    impl std::ops::IndexMut<usize> for Json {
        fn index_mut(&mut self, i: usize) -> &mut Json {
            match self {
                Json::Array(a) => &mut a[i],
                _ => panic!("index {i} into a non-array"),
            }
        }
    }
}

/// `json!({...})` for tests: serde_json's `json!` (a dev-dependency of the
/// caller) written as text and read back with [`crate::json::parse`].
#[cfg(any(test, feature = "testing"))]
#[macro_export]
macro_rules! json {
    ($($t:tt)+) => {
        $crate::json::parse(&::serde_json::to_string(&::serde_json::json!($($t)+)).unwrap())
            .unwrap()
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// Each of ours beside serde_json's reading of the same text.
    fn pairs(text: &str) -> (Json, Value) {
        let ours = crate::json::parse(text).expect("JSON");
        (ours, serde_json::from_str(text).expect("JSON"))
    }

    #[test]
    fn accessors_answer_as_serde_json_does() {
        let text = r#"[0, 7, -2, 2.5, -0.0, 18446744073709551615, -9223372036854775808,
            "s", true, false, null, [1], {"b": 1, "a": {"x": "y"}}]"#;
        let (ours, theirs) = pairs(text);
        let (ours, theirs) = (ours.as_array().unwrap(), theirs.as_array().unwrap());
        assert_eq!(ours.len(), theirs.len());
        for (j, v) in ours.iter().zip(theirs) {
            assert_eq!(j.as_u64(), v.as_u64(), "{v}");
            assert_eq!(j.as_i64(), v.as_i64(), "{v}");
            assert_eq!(j.as_f64(), v.as_f64(), "{v}");
            assert_eq!(j.as_str(), v.as_str(), "{v}");
            assert_eq!(j.as_bool(), v.as_bool(), "{v}");
            assert_eq!(j.is_null(), v.is_null(), "{v}");
            assert_eq!(j.is_object(), v.is_object(), "{v}");
            assert_eq!(j.as_array().map(Vec::len), v.as_array().map(Vec::len));
            assert_eq!(j.get("a").is_some(), v.get("a").is_some(), "{v}");
            assert_eq!(j.to_json(), serde_json::to_string(v).unwrap());
        }
        let keys: Vec<&str> = ours[12]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["a", "b"], "objects iterate in key order");
    }

    #[test]
    fn conversions_store_numbers_as_serde_json_does() {
        for (ours, theirs) in [
            (Json::from(5i64), Value::from(5i64)),
            (Json::from(-5i64), Value::from(-5i64)),
            (Json::from(5u64), Value::from(5u64)),
            (Json::from(7usize), Value::from(7usize)),
            (Json::from(0.5), Value::from(0.5)),
            (Json::from(f64::NAN), Value::from(f64::NAN)),
            (Json::from(f64::INFINITY), Value::from(f64::INFINITY)),
            (Json::from("é"), Value::from("é")),
            (Json::from(true), Value::from(true)),
        ] {
            assert_eq!(ours.to_json(), serde_json::to_string(&theirs).unwrap());
            assert_eq!(ours.as_u64(), theirs.as_u64());
            assert_eq!(ours.as_i64(), theirs.as_i64());
        }
        // As with serde_json, a whole number and a float are not equal.
        assert_ne!(Json::from(1u64), Json::from(1.0));
        assert_eq!(Json::from(1i64), Json::from(1u64));
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let (ours, theirs) = pairs(r#"{"a": 1, "b": 2, "a": 3}"#);
        assert_eq!(ours.to_json(), serde_json::to_string(&theirs).unwrap());
        assert_eq!(ours.get("a").and_then(Json::as_u64), Some(3));
    }
}
