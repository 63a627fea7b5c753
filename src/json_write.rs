//! The core's JSON writer: values written as JSON text by hand, byte for
//! byte what `serde_json::to_string` writes (field order, renames, skipped
//! fields, escapes, number forms; each type's test checks it against its
//! `Serialize` derive). In the core's wasm this replaces serde's serialiser,
//! which is monomorphised per type; the derives stay for native callers.

/// A value that writes itself as JSON text.
pub trait ToJson {
    /// Appends the JSON text to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text.
    fn to_json(&self) -> String {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// A JSON string literal, escaped as serde_json does: `"` and `\`, the
/// short forms `\b \f \n \r \t`, other control characters as `\u00xx`.
pub fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(s.get(start..i).unwrap_or(""));
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(short);
        }
        start = i + 1;
    }
    out.push_str(s.get(start..).unwrap_or(""));
    out.push('"');
}

/// A float as serde_json writes it: the shortest text that reads back to the
/// same `f64` (`1.0`, `0.1`, `1e16`), `null` when not finite.
pub fn float(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(zmij::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

/// An object being written: `{`, then `"key":value` pairs, then `}` from
/// [`Obj::end`].
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, first: true }
    }

    /// Writes `"k":` (after a comma when not first) and hands out the text
    /// for the value.
    pub fn key(&mut self, k: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        string(self.out, k);
        self.out.push(':');
        self.out
    }

    /// A field of any [`ToJson`] value.
    pub fn field<T: ToJson + ?Sized>(&mut self, k: &str, v: &T) -> &mut Self {
        v.write_json(self.key(k));
        self
    }

    /// A string field.
    pub fn str(&mut self, k: &str, v: &str) -> &mut Self {
        string(self.key(k), v);
        self
    }

    /// An unsigned integer field.
    pub fn uint(&mut self, k: &str, v: u64) -> &mut Self {
        crate::digits::push_dec(self.key(k), v, 1);
        self
    }

    /// A boolean field.
    pub fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.key(k).push_str(if v { "true" } else { "false" });
        self
    }

    /// A `null` field.
    pub fn null(&mut self, k: &str) -> &mut Self {
        self.key(k).push_str("null");
        self
    }

    /// A float field.
    pub fn float(&mut self, k: &str, v: f64) -> &mut Self {
        float(self.key(k), v);
        self
    }

    /// Closes the object.
    pub fn end(&mut self) {
        self.out.push('}');
    }
}

impl ToJson for str {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for String {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for &str {
    fn write_json(&self, out: &mut String) {
        string(out, self);
    }
}

impl ToJson for u64 {
    fn write_json(&self, out: &mut String) {
        crate::digits::push_dec(out, *self, 1);
    }
}

impl ToJson for f64 {
    fn write_json(&self, out: &mut String) {
        float(out, *self);
    }
}

impl<T: ToJson> ToJson for [T] {
    fn write_json(&self, out: &mut String) {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out);
        }
        out.push(']');
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn write_json(&self, out: &mut String) {
        self.as_slice().write_json(out);
    }
}

impl<K: AsRef<str> + Ord, V: ToJson> ToJson for crate::small_map::SmallMap<K, V> {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        for (k, v) in self {
            o.field(k.as_ref(), v);
        }
        o.end();
    }
}

impl ToJson for crate::assistant::AssistantError {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .bool("success", self.success)
            .str("error", &self.error)
            .str("code", self.code.as_str())
            .end();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_what_serde_json_writes() {
        let v = serde_json::json!({
            "s": "a\u{1}\"\\b\u{8}\u{c}\n\r\t\u{1f}\u{7f}\u{2028}é😀",
            "n": [0, 1, -1, u64::MAX, i64::MIN, 0.5, -1.25e-7, 6.02e23, 1.0, 1e16, 123456.789, -0.0],
            "o": {"": null, "b": true, "f": false, "z": [], "y": {}},
            "a": [[1], {"k": "v"}]
        });
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(crate::json::parse(&text).map(|j| j.to_json()), Some(text));
    }

    #[test]
    fn floats_are_what_serde_json_writes() {
        for x in [
            0.0,
            12.0,
            12.5,
            0.1,
            1e21,
            1e-7,
            f64::MAX,
            f64::MIN_POSITIVE,
            1733000123456.789,
        ] {
            assert_eq!(x.to_json(), serde_json::to_string(&x).unwrap(), "{x}");
        }
        for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(x.to_json(), "null");
            assert_eq!(serde_json::to_string(&x).unwrap(), "null");
        }
    }

    #[test]
    fn assistant_errors_are_what_serde_writes() {
        use crate::vocab::ErrorCode;
        for code in ErrorCode::ALL {
            let e = crate::assistant::AssistantError::new(code, "Some \"text\".");
            assert_eq!(e.to_json(), serde_json::to_string(&e).unwrap());
        }
    }
}
