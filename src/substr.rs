//! Substring search and replace by a plain scan. The needles here are a few
//! bytes long and the haystacks bounded, and `str::find`/`contains`/
//! `replace` with a `&str` pattern link core's two-way searcher (~2 KB of
//! the core's wasm) for speed that such short needles never need; likewise
//! counting characters without `Chars::count`'s unrolled, word-at-a-time
//! version.

/// The byte offset of the first `needle` in `hay` (`Some(0)` for an empty
/// needle), like `str::find`.
pub fn find(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return Some(0);
    }
    // A match of valid UTF-8 in valid UTF-8 starts on a character boundary.
    (0..=h.len().checked_sub(n.len())?).find(|&i| h.get(i..i + n.len()) == Some(n))
}

/// Whether `hay` contains `needle`.
pub fn contains(hay: &str, needle: &str) -> bool {
    find(hay, needle).is_some()
}

/// Whether `c` is one of the characters of `set` (`str::contains(char)`
/// links the two-way searcher for its non-ASCII case).
pub fn one_of(c: char, set: &str) -> bool {
    set.chars().any(|x| x == c)
}

/// Whether `s` contains the ASCII byte `b`.
pub fn has_byte(s: &str, b: u8) -> bool {
    s.as_bytes().contains(&b)
}

/// `s` with every `from` replaced by `to`, left to right, like
/// `str::replace` (`s` unchanged for an empty `from`).
pub fn replace(s: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = find(rest, from) {
        out.push_str(rest.get(..i).unwrap_or_default());
        out.push_str(to);
        rest = rest.get(i + from.len()..).unwrap_or_default();
    }
    out.push_str(rest);
    out
}

/// How many characters (Unicode scalar values) `s` holds, like
/// `s.chars().count()`: the bytes that do not continue a UTF-8 sequence.
pub fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b & 0xc0) != 0x80).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str() {
        let hays = [
            "",
            "a",
            "aaa",
            "john (at) example",
            "x eyJ.a.b",
            "é@ ü . ",
            "abcabc",
            "ab",
        ];
        let needles = [
            "", "a", "aa", "(at)", "eyJ", " . ", "@ ", "abc", "abcd", "ü",
        ];
        for h in hays {
            assert_eq!(char_count(h), h.chars().count(), "{h:?}");
            for n in needles {
                assert_eq!(find(h, n), h.find(n), "{h:?} {n:?}");
                assert_eq!(contains(h, n), h.contains(n));
                for c in n.chars() {
                    assert_eq!(one_of(c, h), h.contains(c));
                    if c.is_ascii() {
                        assert_eq!(has_byte(h, c as u8), h.contains(c));
                    }
                }
                assert_eq!(char_count(n), n.chars().count());
                if !n.is_empty() {
                    assert_eq!(replace(h, n, "<>"), h.replace(n, "<>"), "{h:?} {n:?}");
                }
            }
        }
    }
}
