//! `tokens`: splits a request into folded words with their byte spans in the
//! original text, with clause punctuation kept as a [`BREAK`] token. Shared
//! by the workflow builder and the debug assistant.

use super::normalize;

/// A word of the request: folded text and its byte span in the original.
#[derive(Debug, Clone)]
pub struct Tok {
    /// Folded (lower-case ASCII letters and digits).
    pub text: String,
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Boundary marker token (sentence or clause break).
pub const BREAK: &str = ",";

/// Splits `text` into folded words with their byte spans; clause
/// punctuation (`, ; ! ? ( )`, a newline, `.`/`:` before a space) becomes
/// one [`BREAK`] token.
///
/// ```
/// use levqor_wasm::text::tokens::{tokenize, BREAK};
/// let t: Vec<String> = tokenize("Save Gmail files, then post.").into_iter().map(|t| t.text).collect();
/// assert_eq!(t, ["save", "gmail", "files", BREAK, "then", "post", BREAK]);
/// ```
pub fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut buf = String::new();
    let mut it = text.char_indices().peekable();
    let flush = |cur: &mut String, start: usize, end: usize, out: &mut Vec<Tok>| {
        if !cur.is_empty() {
            out.push(Tok {
                text: std::mem::take(cur),
                start,
                end,
            });
        }
    };
    while let Some((i, c)) = it.next() {
        if c.is_ascii_alphanumeric() {
            // what `fold` gives it, without the round trip through `buf`
            if cur.is_empty() {
                start = i;
            }
            cur.push(c.to_ascii_lowercase());
            end = i + 1;
            continue;
        }
        let is_break = matches!(c, ',' | ';' | '!' | '?' | '\n' | '(' | ')')
            || (matches!(c, '.' | ':') && it.peek().map_or(true, |(_, n)| n.is_whitespace()));
        if is_break {
            flush(&mut cur, start, end, &mut out);
            if out.last().is_some_and(|t| t.text != BREAK) {
                out.push(Tok {
                    text: BREAK.into(),
                    start: i,
                    end: i,
                });
            }
            continue;
        }
        buf.clear();
        normalize::fold(c, &mut buf);
        for f in buf.chars() {
            if f.is_ascii_alphanumeric() {
                if cur.is_empty() {
                    start = i;
                }
                cur.push(f);
                end = i + c.len_utf8();
            } else {
                flush(&mut cur, start, end, &mut out);
            }
        }
    }
    flush(&mut cur, start, end, &mut out);
    out
}

/// Whether `t` is one of `words`.
pub fn is(t: Option<&Tok>, words: &[&str]) -> bool {
    t.is_some_and(|t| words.contains(&t.text.as_str()))
}

/// The original text from token `a` to token `b` (inclusive), trimmed.
pub fn span_text(toks: &[Tok], text: &str, a: usize, b: usize) -> String {
    match (toks.get(a), toks.get(b)) {
        (Some(x), Some(y)) if x.start <= y.end => {
            text.get(x.start..y.end).unwrap_or("").trim().to_string()
        }
        _ => String::new(),
    }
}
