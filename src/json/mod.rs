//! The crate's JSON reader: text into a [`Json`], for every
//! document the core parses (server answers, `localStorage`, the assistant
//! module's answers, the wasm boundary's fast path). serde_json's own parser
//! is about 10 KB of the core's wasm; this one is a few hundred bytes.
//!
//! It accepts and refuses what `serde_json::from_str::<Value>` does (strict
//! RFC 8259: no trailing commas, comments, leading zeros, lone surrogates or
//! raw control characters in strings; at most 127 levels of nesting) and
//! reads numbers the same way: a whole number is a `u64`, else an `i64`, else
//! (too large, or `-0`) an `f64`; a number with a fraction or an exponent is
//! an `f64`, exact for up to 15 significant digits and an exponent up to 22
//! (what JSON documents here hold), within a few ulps otherwise; a number too
//! large for an `f64` is refused (and so may be one within a few ulps of
//! `f64::MAX`, which serde_json reads). Never panics.

mod value;

pub use value::{Json, Map, Num};

/// Arrays and objects nested deeper than this are refused (serde_json's limit).
const MAX_DEPTH: u32 = 127;

/// Parses one JSON document (surrounding whitespace allowed); `None` if it is
/// not valid JSON.
pub fn parse(text: &str) -> Option<Json> {
    let mut p = Parser {
        b: text.as_bytes(),
        i: 0,
    };
    let v = p.value(0)?;
    p.ws();
    (p.i == p.b.len()).then_some(v)
}

struct Parser<'a> {
    b: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    /// Skips whitespace, then `c` if it is next.
    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(c);
        self.i += usize::from(found);
        found
    }

    fn rest_starts_with(&self, word: &[u8]) -> bool {
        self.b.get(self.i..).is_some_and(|r| r.starts_with(word))
    }

    fn word(&mut self, word: &[u8], v: Json) -> Option<Json> {
        self.rest_starts_with(word).then(|| {
            self.i += word.len();
            v
        })
    }

    fn value(&mut self, depth: u32) -> Option<Json> {
        self.ws();
        match self.peek()? {
            b'n' => self.word(b"null", Json::Null),
            b't' => self.word(b"true", Json::Bool(true)),
            b'f' => self.word(b"false", Json::Bool(false)),
            b'"' => self.string().map(Json::String),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' if depth < MAX_DEPTH => {
                self.i += 1;
                let mut items = Vec::new();
                if !self.eat(b']') {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Array(items))
            }
            b'{' if depth < MAX_DEPTH => {
                self.i += 1;
                let mut map = Map::new();
                if !self.eat(b'}') {
                    loop {
                        self.ws();
                        if self.peek() != Some(b'"') {
                            return None;
                        }
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return None;
                        }
                        let v = self.value(depth + 1)?;
                        map.insert(key, v);
                        if self.eat(b'}') {
                            break;
                        }
                        if !self.eat(b',') {
                            return None;
                        }
                    }
                }
                Some(Json::Object(map))
            }
            _ => None,
        }
    }

    /// A string; `self.i` is at its opening quote.
    fn string(&mut self) -> Option<String> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let start = self.i;
            while self
                .peek()
                .is_some_and(|c| c != b'"' && c != b'\\' && c >= 0x20)
            {
                self.i += 1;
            }
            // Cut at ASCII bytes of a `&str`: always UTF-8.
            out.push_str(std::str::from_utf8(self.b.get(start..self.i)?).ok()?);
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.i += 1;
                    let c = self.peek()?;
                    self.i += 1;
                    out.push(match c {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.escaped_char()?,
                        _ => return None,
                    });
                }
                // A raw control character.
                _ => return None,
            }
        }
    }

    /// The character of a `\u` escape (`self.i` after the `u`), joining a
    /// surrogate pair; a lone surrogate is refused.
    fn escaped_char(&mut self) -> Option<char> {
        let hi = self.hex4()?;
        if !(0xD800..0xDC00).contains(&hi) {
            return char::from_u32(hi);
        }
        if !self.rest_starts_with(b"\\u") {
            return None;
        }
        self.i += 2;
        let lo = self.hex4()?;
        if !(0xDC00..0xE000).contains(&lo) {
            return None;
        }
        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let d = char::from(self.peek()?).to_digit(16)?;
            self.i += 1;
            n = n * 16 + d;
        }
        Some(n)
    }

    /// Skips digits into `m` (digits past `u64` only scale `e`, or are
    /// dropped after a point); whether there was at least one.
    fn digits(&mut self, m: &mut u64, e: &mut i32, fraction: bool) -> bool {
        let start = self.i;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            self.i += 1;
            match m
                .checked_mul(10)
                .and_then(|x| x.checked_add(u64::from(c - b'0')))
            {
                Some(x) => {
                    *m = x;
                    *e -= i32::from(fraction);
                }
                None => *e += i32::from(!fraction),
            }
        }
        self.i > start
    }

    fn number(&mut self) -> Option<Json> {
        let negative = self.peek() == Some(b'-');
        self.i += usize::from(negative);
        let (mut m, mut e) = (0u64, 0i32);
        if self.peek() == Some(b'0') {
            self.i += 1;
        } else if !self.digits(&mut m, &mut e, false) {
            return None;
        }
        let mut float = e != 0;
        if self.peek() == Some(b'.') {
            self.i += 1;
            if !self.digits(&mut m, &mut e, true) {
                return None;
            }
            float = true;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            let minus = self.peek() == Some(b'-');
            self.i += usize::from(matches!(self.peek(), Some(b'+' | b'-')));
            let start = self.i;
            let mut x: i32 = 0;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                self.i += 1;
                x = x.saturating_mul(10).saturating_add(i32::from(c - b'0'));
            }
            if self.i == start {
                return None;
            }
            e = e.saturating_add(if minus { -x } else { x });
            float = true;
        }
        if !float {
            return Some(Json::Number(if !negative {
                Num::U(m)
            } else if m == 0 || m > 1 << 63 {
                return float_value(-(m as f64));
            } else {
                Num::I((m as i64).wrapping_neg())
            }));
        }
        let f = scale(m as f64, e)?;
        float_value(if negative { -f } else { f })
    }
}

fn float_value(f: f64) -> Option<Json> {
    f.is_finite().then_some(Json::Number(Num::F(f)))
}

/// `f × 10^e`, `None` when that overflows an `f64`.
fn scale(mut f: f64, mut e: i32) -> Option<f64> {
    if f == 0.0 {
        return Some(0.0);
    }
    while e < -308 {
        f /= 1e308;
        e += 308;
        if f == 0.0 {
            return Some(0.0);
        }
    }
    let f = if e < 0 {
        f / 10f64.powi(-e)
    } else {
        f * 10f64.powi(e)
    };
    f.is_finite().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::json_write::ToJson;
    use serde_json::{json, Value};

    /// Same verdict, and the same value (written back, which tells `1` from
    /// `1.0` and `-0` from `0`).
    fn same(text: &str) {
        assert_eq!(
            parse(text).map(|v| v.to_json()),
            serde_json::from_str::<Value>(text)
                .ok()
                .map(|v| serde_json::to_string(&v).unwrap()),
            "{text:?}"
        );
    }

    #[test]
    fn reads_documents_as_serde_json_does() {
        for t in [
            r#"{"a":[1,-2,3.5,true,false,null,"x"],"b":{"c":{}},"d":[]}"#,
            " \t\n\r[ 1 , 2 ]\n",
            r#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00""#,
            r#"{"a":1,"a":2}"#,
            "0",
            "-0",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "-9223372036854775809",
            "0.1",
            "1e3",
            "1E-3",
            "2.5e+2",
            "123456789012345678901234567890",
            "0.000001",
            "1e22",
            "1e-22",
            "123456789012345e-22",
            "1e-320",
            "0e999999999999",
            "\"é😀\"",
        ] {
            same(t);
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for t in [
            "",
            " ",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "nul",
            "truex",
            "[1 2]",
            "{\"a\" 1}",
            "{a:1}",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"\\u12g4\"",
            "\"a\nb\"",
            "\"open",
            "[",
            "{",
            "1e309",
            "-1e400",
            "// c\n1",
            "NaN",
            "Infinity",
            "[1]]",
        ] {
            same(t);
            assert_eq!(parse(t), None, "{t:?}");
        }
    }

    #[test]
    fn far_exponents_are_within_a_few_ulps() {
        for t in [
            "1e308", "1.79e308", "4.9e-300", "-2.5e200", "1e23", "1.5e-100",
        ] {
            let ours = parse(t).and_then(|v| v.as_f64()).unwrap();
            let theirs: f64 = t.parse().unwrap();
            assert!(
                ((ours - theirs) / theirs).abs() < 1e-14,
                "{t}: {ours} vs {theirs}"
            );
        }
    }

    #[test]
    fn nesting_is_bounded_like_serde_json() {
        for depth in [126, 127, 128, 129, 5000] {
            same(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
            same(&format!(
                "{}1{}",
                "{\"a\":".repeat(depth),
                "}".repeat(depth)
            ));
        }
    }

    #[test]
    fn round_trips_what_serde_json_writes() {
        let v = json!({"s": "a\u{1}\"\\b\u{7f}\u{2028}", "n": [0, 1, -1, u64::MAX, i64::MIN, 0.5, -1.25e-7, 6.02e23], "o": {"": null}});
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(parse(&text).map(|v| v.to_json()), Some(text));
    }
}
