//! Hashed text features for the learned classifiers ([`super::classifier`]),
//! as fastText and Snips NLU use them: the normalised terms (stems, phrases,
//! synonyms from [`super::normalize`]), adjacent term pairs, the raw folded
//! words (question words and "still"/"not" that the normaliser drops) and,
//! optionally, character n-grams of each term ([`NGRAMS`]; measured on the
//! chat corpus they cost accuracy, so none are taken today: typos are fixed
//! on the terms instead). Callers may add named features ([`tag`]). Each
//! feature is hashed (FNV-1a) into [`BUCKETS`] buckets.
//! Shared by run time and build time (`build.rs` includes this file next to
//! `normalize.rs`): only `super::normalize` paths.

use super::normalize::{analyze, fold_str, Lexicon};

/// Hash buckets: features are `u16`s.
pub const BUCKETS: u32 = 1 << 16;
/// Character n-gram lengths taken from each term (with `<` `>` boundaries).
/// Empty: on the chat corpus, 3- and 4-grams lowered source-grouped topic
/// accuracy from 0.776 to 0.755 and doubled the model.
pub const NGRAMS: [usize; 0] = [];
/// A message longer than this many terms is cut (the question is rarely
/// past it, and it bounds the time per answer).
const MAX_TERMS: usize = 120;

/// From this many ids on, [`sort_dedup`] uses a bitmap.
const BITMAP_FROM: usize = 96;

const KIND_TERM: u8 = b'w';
const KIND_PAIR: u8 = b'b';
const KIND_RAW: u8 = b'r';
const KIND_GRAM: u8 = b'c';
const KIND_TAG: u8 = b't';

/// A named feature the caller adds (e.g. `tag("kb-topic", 3)`: retrieval's
/// best topic), hashed like the others.
pub fn tag(name: &str, value: u32) -> u16 {
    fnv(KIND_TAG, &[name.as_bytes(), &value.to_le_bytes()])
}

fn fnv(kind: u8, parts: &[&[u8]]) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |b: u8| {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(kind);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            eat(b' ');
        }
        for &b in *p {
            eat(b);
        }
    }
    // fold the high half in, so the low bits depend on every byte
    ((h >> 16) ^ (h & 0xffff)) as u16
}

/// The normalised terms of `text` (as [`analyze`] gives them) in `terms`,
/// and its feature ids, sorted and without duplicates, in `feats`. Both
/// vectors are cleared first.
pub fn extract(text: &str, lex: &Lexicon, terms: &mut Vec<String>, feats: &mut Vec<u16>) {
    terms.clear();
    analyze(text, lex, terms);
    from_terms(text, terms, feats);
}

/// The feature ids of `text` whose normalised (perhaps typo-corrected)
/// terms are `terms`, sorted and without duplicates, in `feats` (cleared
/// first).
pub fn from_terms(text: &str, terms: &[String], feats: &mut Vec<u16>) {
    from_raw(&raw_words(text), terms, feats);
}

/// [`from_terms`] for a caller that has folded all of `text` already
/// (`folded`, [`fold_str`] of it): a text short enough is not folded again.
pub fn from_terms_folded(text: &str, folded: &str, terms: &[String], feats: &mut Vec<u16>) {
    if text.len() <= MAX_TERMS * 8 {
        from_raw(folded, terms, feats);
    } else {
        from_terms(text, terms, feats);
    }
}

/// The folded first `MAX_TERMS * 8` characters of `text` (all of them when
/// there are no more bytes than that): where the raw words are read.
fn raw_words(text: &str) -> String {
    let mut folded = String::with_capacity(text.len().min(4096));
    let cut = if text.len() <= MAX_TERMS * 8 {
        text.len()
    } else {
        text.char_indices()
            .nth(MAX_TERMS * 8)
            .map_or(text.len(), |(i, _)| i)
    };
    fold_str(text.get(..cut).unwrap_or(text), &mut folded);
    folded
}

/// The features of `terms` and of the raw words in `folded`.
fn from_raw(folded: &str, terms: &[String], feats: &mut Vec<u16>) {
    feats.clear();
    let terms = terms.get(..MAX_TERMS).unwrap_or(terms);
    for (i, t) in terms.iter().enumerate() {
        let b = t.as_bytes();
        feats.push(fnv(KIND_TERM, &[b]));
        if let Some(next) = terms.get(i + 1) {
            feats.push(fnv(KIND_PAIR, &[b, next.as_bytes()]));
        }
        for n in NGRAMS {
            let mut padded = Vec::with_capacity(b.len() + 2);
            padded.push(b'<');
            padded.extend_from_slice(b);
            padded.push(b'>');
            if padded.len() > n {
                for w in padded.windows(n) {
                    feats.push(fnv(KIND_GRAM, &[w]));
                }
            }
        }
    }
    for w in super::words::words(folded).take(MAX_TERMS) {
        feats.push(fnv(KIND_RAW, &[w.as_bytes()]));
    }
    sort_dedup(feats);
}

/// Sorts feature ids ascending and drops repeats. A small heapsort instead of
/// `sort_unstable`: the standard sort is ~5 KB of wasm for `u16` alone, and
/// for plain integers the order (hence the result) is the same. A long
/// message's few hundred ids go through a bitmap of the 2^16 ids instead
/// (set, then read in order), which is several times faster.
pub fn sort_dedup(v: &mut Vec<u16>) {
    if v.len() > BITMAP_FROM {
        let mut seen = [0u64; BUCKETS as usize / 64];
        for &x in v.iter() {
            if let Some(w) = seen.get_mut(usize::from(x >> 6)) {
                *w |= 1 << (x & 63);
            }
        }
        v.clear();
        for (i, &w) in seen.iter().enumerate() {
            let mut w = w;
            while w != 0 {
                let bit = w.trailing_zeros();
                v.push(((i as u16) << 6) | bit as u16);
                w &= w - 1;
            }
        }
        return;
    }
    fn sift(v: &mut [u16], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && v[child] < v[child + 1] {
                child += 1;
            }
            if v[root] >= v[child] {
                return;
            }
            v.swap(root, child);
            root = child;
        }
    }
    let n = v.len();
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
    v.dedup();
}

/// [`extract`] when only the features are wanted.
pub fn features(text: &str, lex: &Lexicon) -> Vec<u16> {
    let (mut t, mut f) = (Vec::new(), Vec::new());
    extract(text, lex, &mut t, &mut f);
    f
}

#[cfg(test)]
mod sort_tests {
    use super::sort_dedup;

    #[test]
    fn sort_dedup_matches_the_standard_sort() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        // both ways: the heapsort under BITMAP_FROM ids, the bitmap over it
        for n in (0..300usize).chain([1000, 5000]) {
            let mut v: Vec<u16> = (0..n)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    (seed % (1 + n as u64 * 2)) as u16
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            want.dedup();
            sort_dedup(&mut v);
            assert_eq!(v, want, "n = {n}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LEX: Lexicon = Lexicon {
        phrases: &[],
        spelling: &[],
        synonyms: &[],
        stopwords: &["the"],
        known: None,
    };

    #[test]
    fn word_forms_share_features() {
        let a = features("cancels the subscriptions", &LEX);
        let b = features("cancel subscription", &LEX);
        let shared = a.iter().filter(|f| b.binary_search(f).is_ok()).count();
        assert!(shared * 2 > b.len(), "{shared} of {}", b.len());
        assert!(a.windows(2).all(|w| w[0] < w[1]), "sorted, no duplicates");
    }

    #[test]
    fn order_matters_through_pairs_only() {
        let a = features("card declined", &LEX);
        let b = features("declined card", &LEX);
        assert_ne!(a, b);
        assert_eq!(a.len(), b.len());
    }

    #[test]
    fn huge_input_is_bounded() {
        let long = "word ".repeat(100_000);
        assert!(features(&long, &LEX).len() < 50);
        assert!(features("", &LEX).is_empty());
    }
}
