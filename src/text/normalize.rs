//! Text normalisation shared by run time and build time (`build.rs`
//! includes this file, so the knowledge base is indexed with exactly the
//! code that reads queries): folding (case, accents, punctuation, emoji),
//! multi-word phrases, British to American spelling, filler words, light
//! stemming and synonyms. No `crate::` paths (build.rs compiles the whole
//! `text` module): only `super::` ones.

use super::words::{words, WordBits, WordIndex};

/// Sorted word lists that steer [`analyze`]; generated from
/// `src/assistant/lexicon.txt` at build time.
#[derive(Debug, Clone, Copy)]
pub struct Lexicon<'a> {
    /// Multi-word phrases to single tokens, e.g. `how much` -> `price`
    /// (applied in list order, longest first).
    pub phrases: &'a [(&'a str, &'a str)],
    /// British -> American spelling, sorted by key.
    pub spelling: &'a [(&'a str, &'a str)],
    /// Word -> canonical word, sorted by key (applied before and after stemming).
    pub synonyms: &'a [(&'a str, &'a str)],
    /// Filler words dropped from queries and documents, sorted.
    pub stopwords: &'a [&'a str],
    /// Every key of `spelling`, `synonyms` and `stopwords` ([`Lexicon::keys`]):
    /// a word it rules out is looked up in none of them. `None`: every word
    /// is looked up (same terms, slower).
    pub known: Option<&'a WordBits>,
}

impl Lexicon<'_> {
    /// The filter of every key of `spelling`, `synonyms` and `stopwords`,
    /// for [`Lexicon::known`] (which it does not read).
    pub fn keys(&self) -> WordBits {
        let keys = self
            .spelling
            .iter()
            .chain(self.synonyms)
            .map(|(k, _)| *k)
            .chain(self.stopwords.iter().copied());
        WordBits::new(keys)
    }
}

/// `a.cmp(b)` (byte order), as a plain loop: the words compared are short
/// and mostly differ in their first byte, where a `memcmp` call costs more
/// than the comparison.
pub fn cmp_str(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Where `key` is in the sorted `list`: through its hashed `index` when it
/// has one, else by binary search (with [`cmp_str`]).
pub fn position(list: &[&str], index: Option<&WordIndex>, key: &str) -> Option<usize> {
    match index {
        Some(f) => f.find(list, key),
        None => list.binary_search_by(|w| cmp_str(w, key)).ok(),
    }
}

/// Whether the sorted `list` holds `key` (`binary_search`, with [`cmp_str`]).
pub fn contains_sorted(list: &[&str], key: &str) -> bool {
    list.binary_search_by(|w| cmp_str(w, key)).is_ok()
}

fn lookup<'a>(table: &[(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    table
        .binary_search_by(|(k, _)| cmp_str(k, key))
        .ok()
        .and_then(|i| table.get(i).map(|(_, v)| *v))
}

/// Lower-cases and folds one character: letters and digits are kept (Latin
/// accents dropped), a few emoji become words, everything else is a space.
/// Apostrophes vanish so that "don't" is one word.
pub fn fold(c: char, out: &mut String) {
    match c {
        'a'..='z' | '0'..='9' => out.push(c),
        'A'..='Z' => out.push(c.to_ascii_lowercase()),
        '\'' | '\u{2019}' | '\u{2018}' => {}
        '£' => out.push_str(" gbp "),
        '€' => out.push_str(" eur "),
        '$' => out.push_str(" usd "),
        '😡' | '🤬' | '😠' | '💢' => out.push_str(" angry "),
        '🙏' => out.push_str(" please "),
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
            out.push('a')
        }
        'ç' | 'Ç' => out.push('c'),
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => out.push('e'),
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => out.push('i'),
        'ñ' | 'Ñ' => out.push('n'),
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
            out.push('o')
        }
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => out.push('u'),
        'ß' => out.push_str("ss"),
        c if is_other_letter(c) => out.push(c),
        _ => out.push(' '),
    }
}

/// [`fold`] of every character of `text`, appended to `out`. Runs of
/// lower-case ASCII letters and digits, which fold to themselves, are
/// copied whole rather than a character at a time.
pub fn fold_str(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            .count();
        if run > 0 {
            // ASCII bytes: `run` is a character boundary
            let (same, tail) = rest.split_at(run);
            out.push_str(same);
            rest = tail;
            continue;
        }
        // any other ASCII byte: `fold` it without decoding a character
        if let Some(&b) = rest.as_bytes().first().filter(|b| b.is_ascii()) {
            fold(char::from(b), out);
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        let mut chars = rest.chars();
        if let Some(c) = chars.next() {
            fold(c, out);
        }
        rest = chars.as_str();
    }
}

/// Non-ASCII characters that can be part of a word: everything outside the
/// Latin-1 punctuation, general punctuation and symbol blocks, CJK
/// punctuation, variation selectors, private use and emoji. A range check
/// rather than Unicode tables, which would cost ~10 KB of wasm; other
/// scripts keep their case.
fn is_other_letter(c: char) -> bool {
    let u = c as u32;
    u >= 0xC0
        && u != 0xD7
        && u != 0xF7
        && !(0x2000..=0x2BFF).contains(&u)
        && !(0x3000..=0x303F).contains(&u)
        && !(0xE000..=0xF8FF).contains(&u)
        && !(0xFE00..=0xFE0F).contains(&u)
        && !(0xFEFF..=0xFEFF).contains(&u)
        && !(0xFFF0..=0xFFFF).contains(&u)
        && !(0x1F000..=0x1FAFF).contains(&u)
        && !(0xE0000..=0xE007F).contains(&u)
}

/// Light suffix stripping (plurals, -ing, -ed, -ly, final -e), enough to
/// meet "canceling", "canceled", "cancels" at "cancel" (British doubled
/// forms are mapped by the spelling list first).
pub fn stem(word: &str) -> String {
    let w = word;
    let n = w.len();
    if n <= 3 || !w.is_ascii() || w.bytes().any(|b| b.is_ascii_digit()) {
        return w.to_owned();
    }
    let mut s = if let Some(b) = w.strip_suffix("ies").filter(|_| n > 4) {
        format!("{b}y")
    } else if let Some(b) = w.strip_suffix("sses") {
        format!("{b}ss")
    } else if let Some(b) = w
        .strip_suffix("es")
        .filter(|b| b.ends_with("sh") || b.ends_with("ch") || b.ends_with('x') || b.ends_with('z'))
    {
        b.to_owned()
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w[..n - 1].to_owned()
    } else {
        w.to_owned()
    };
    for suffix in ["ing", "ed", "ly"] {
        if s.len() > suffix.len() + 3 {
            if let Some(b) = s.strip_suffix(suffix) {
                s = b.to_owned();
                // undouble (Porter): stopp -> stop, but bill, pass, buzz stay
                let bytes = s.as_bytes();
                let k = bytes.len();
                if k >= 2
                    && bytes[k - 1] == bytes[k - 2]
                    && !matches!(bytes[k - 1], b'l' | b's' | b'z')
                {
                    s.pop();
                }
                break;
            }
        }
    }
    if s.len() > 4 && s.ends_with('e') && !s.ends_with("ee") {
        s.pop();
    }
    s
}

/// Normalises `text` into index terms, appending them to `out`.
pub fn analyze(text: &str, lex: &Lexicon, out: &mut Vec<String>) {
    let mut raw = String::new();
    analyze_words(text, lex, out, &mut raw);
}

/// [`analyze`], also leaving `text`'s folded words ([`fold_str`]) in
/// `raw` (cleared first), each followed by one space, so callers that
/// read the raw words do not fold the text again.
pub fn analyze_words(text: &str, lex: &Lexicon, out: &mut Vec<String>, raw: &mut String) {
    let mut folded = String::with_capacity(text.len() + 2);
    fold_str(text, &mut folded);
    // collapse runs of spaces so phrases match across punctuation (`clean`
    // starts and ends with one: " word word ")
    raw.clear();
    for word in words(&folded) {
        raw.push_str(word);
        raw.push(' ');
    }
    let mut clean = String::with_capacity(raw.len() + 1);
    clean.push(' ');
    clean.push_str(raw);
    // (a filter of the message's words to skip phrases whose first word is
    // absent was measured slower: "a", "do", "you", "per" start phrases)
    for (from, to) in lex.phrases {
        if !clean.contains(from) {
            continue; // cheap pre-check before building the padded pattern
        }
        let pat = format!(" {from} ");
        if clean.contains(&pat) {
            clean = clean.replace(&pat, &format!(" {to} "));
        }
    }
    for word in words(&clean) {
        out.extend(word_term(word, lex));
    }
}

/// The term of one folded word, or `None` for a filler word. A word that
/// `lex.known` rules out is in no list: only stemmed (and its stem looked
/// up, when the filter allows).
fn word_term(word: &str, lex: &Lexicon) -> Option<String> {
    let listed = |w: &str| lex.known.map_or(true, |k| k.may_hold(w));
    let mut word = word;
    if listed(word) {
        word = lookup(lex.spelling, word).unwrap_or(word);
        if contains_sorted(lex.stopwords, word) {
            return None;
        }
        word = lookup(lex.synonyms, word).unwrap_or(word);
    }
    let stemmed = stem(word);
    if !listed(&stemmed) {
        return Some(stemmed);
    }
    if contains_sorted(lex.stopwords, &stemmed) {
        return None; // "whats" -> "what"
    }
    Some(
        lookup(lex.synonyms, &stemmed)
            .map(str::to_owned)
            .unwrap_or(stemmed),
    )
}

#[cfg(test)]
mod tests {
    use super::{fold, fold_str};

    #[test]
    fn fold_str_folds_each_character() {
        let check = |s: &str| {
            let mut want = String::new();
            for c in s.chars() {
                fold(c, &mut want);
            }
            let mut got = String::from("x");
            fold_str(s, &mut got);
            assert_eq!(got, format!("x{want}"), "{s:?}");
        };
        for s in [
            "",
            "Don't PAY $5, £4 or €3!",
            "café Ñandú ß 😡🙏",
            "a\tb\nc",
        ] {
            check(s);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use proptest::prelude::*;
            proptest!(|(s in "[a-zA-Z0-9 '$.,!é£😡\u{2019}\u{7f}\u{1}]{0,40}")| check(&s));
        }
    }
}

#[cfg(test)]
mod filter_tests {
    use super::super::words::WordBits;
    use super::{analyze, Lexicon};

    #[test]
    fn the_word_filter_changes_no_term() {
        let lex = Lexicon {
            phrases: &[("how much", "price")],
            spelling: &[("cancelled", "canceled"), ("colour", "color")],
            synonyms: &[
                ("cost", "price"),
                ("quit", "cancel"),
                ("subscription", "plan"),
            ],
            stopwords: &["a", "is", "the", "what"],
            known: None,
        };
        let bits = lex.keys();
        let filtered = Lexicon {
            known: Some(&bits),
            ..lex
        };
        // every key is held; a word outside the lists is mostly not
        for k in [
            "cancelled",
            "colour",
            "cost",
            "quit",
            "subscription",
            "a",
            "what",
        ] {
            assert!(bits.may_hold(k), "{k}");
        }
        let strangers = ["zebra", "invoice", "webhook", "refund", "gmail", "slack"];
        assert!(strangers.iter().filter(|w| bits.may_hold(w)).count() <= 1);
        for text in [
            "What is the cost of a subscription? How much, if I quit?",
            "Cancelled subscriptions, whats the colour, costs quitting",
            "the the the",
            "",
        ] {
            let (mut a, mut b) = (Vec::new(), Vec::new());
            analyze(text, &lex, &mut a);
            analyze(text, &filtered, &mut b);
            assert_eq!(a, b, "{text:?}");
        }
        // a filter that holds nothing would drop the lookups: the filter is
        // what is read (this is the control for the test above)
        let empty = WordBits::new(std::iter::empty());
        let blind = Lexicon {
            known: Some(&empty),
            ..lex
        };
        let mut c = Vec::new();
        analyze("the cost", &blind, &mut c);
        assert_eq!(c, ["the", "cost"]);
    }
}
