//! The matching engine shared by the assistant endpoints: normalisation
//! ([`normalize`]), word tokens with byte spans ([`tokens`]), typo tolerance
//! ([`fuzzy`]) and BM25 retrieval over a build-time index ([`bm25`]). Word lists come from
//! `src/assistant/lexicon.txt`, compiled in by `build.rs`.

pub mod bm25;
pub mod fuzzy;
pub mod normalize;
pub mod tokens;

pub use normalize::{stem, Lexicon};

/// The compiled lexicon (phrases, spelling, synonyms, filler words).
pub fn lexicon() -> Lexicon<'static> {
    use crate::assistant::kb::{PHRASES, SPELLING, STOPWORDS, SYNONYMS};
    Lexicon {
        phrases: PHRASES,
        spelling: SPELLING,
        synonyms: SYNONYMS,
        stopwords: STOPWORDS,
    }
}

/// Normalised terms of `text` with the compiled lexicon: lower-cased,
/// accents and punctuation folded, phrases joined, British spelling mapped,
/// filler words dropped, stemmed, synonyms applied.
///
/// ```
/// // "how much" is a phrase for price; subscriptions -> plan; stems are short
/// let t = levqor_wasm::text::terms("How much are the Subscriptions?");
/// assert_eq!(t, ["pric", "plan"]);
/// assert_eq!(levqor_wasm::text::terms("Cancelled!"), levqor_wasm::text::terms("canceling"));
/// ```
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    normalize::analyze(text, &lexicon(), &mut out);
    out
}

/// [`terms`], with each term unknown to `vocab` (sorted) replaced by its
/// closest word within the typo tolerance: first a word of `vocab`, else a
/// lexicon word ("subscribtion" -> "subscription" -> its synonym).
pub fn terms_corrected(text: &str, vocab: &[&str]) -> Vec<String> {
    let lex = lexicon();
    let mut t = terms(text);
    for term in &mut t {
        if vocab.binary_search(&term.as_str()).is_ok() {
            continue;
        }
        let words = fuzzy::same_initial(vocab, term, |w| w);
        if let Some(fix) = fuzzy::correct(term, words.iter().copied()) {
            *term = fix.to_owned();
        } else if let Some(fix) = fuzzy::correct(
            term,
            fuzzy::same_initial(lex.synonyms, term, |(k, _)| k)
                .iter()
                .map(|(k, _)| *k),
        ) {
            let mut again = Vec::new();
            normalize::analyze(fix, &lex, &mut again);
            if let Some(first) = again.into_iter().next() {
                *term = first;
            }
        }
    }
    t
}

/// Whether `terms` contains `word` (a normalised term).
pub fn has(terms: &[String], word: &str) -> bool {
    terms.iter().any(|t| t == word)
}
