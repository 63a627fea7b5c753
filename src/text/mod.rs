//! The matching engine shared by the assistant endpoints (the lower layer:
//! it never imports `crate::assistant`): normalisation ([`normalize`]), words
//! in bulk (splitting, hashed filters and indexes: [`words`]), word tokens
//! with byte spans ([`tokens`]), typo tolerance ([`fuzzy`]), BM25
//! retrieval over a build-time index ([`bm25`]), hashed text features
//! ([`features`]) and a learned, calibrated classifier over them
//! ([`classifier`]). The word lists ([`Lexicon`]) are the caller's: the
//! assistant compiles its own from `src/assistant/lexicon.txt`.

pub mod bm25;
pub mod classifier;
pub mod features;
pub mod fuzzy;
pub mod normalize;
pub mod tokens;
pub mod words;

pub use normalize::{stem, Lexicon};

/// Normalised terms of `text` with `lex`: lower-cased, accents and
/// punctuation folded, phrases joined, British spelling mapped, filler words
/// dropped, stemmed, synonyms applied.
///
/// ```
/// use levqor_wasm::text::{terms, Lexicon};
/// let lex = Lexicon {
///     phrases: &[("how much", "price")],
///     spelling: &[("cancelled", "canceled")],
///     synonyms: &[("subscription", "plan")],
///     stopwords: &["are", "the"],
///     known: None, // or Some(&lex.keys()): fewer lookups, same terms
/// };
/// // "how much" is a phrase for price; subscriptions -> plan; stems are short
/// assert_eq!(terms("How much are the Subscriptions?", &lex), ["pric", "plan"]);
/// assert_eq!(terms("Cancelled!", &lex), terms("canceling", &lex));
/// ```
pub fn terms(text: &str, lex: &Lexicon) -> Vec<String> {
    let mut out = Vec::new();
    normalize::analyze(text, lex, &mut out);
    out
}

/// [`terms`], with each term unknown to `vocab` (sorted) replaced by its
/// closest word within the typo tolerance: first a word of `vocab`, else a
/// lexicon word ("subscribtion" -> "subscription" -> its synonym).
pub fn terms_corrected(text: &str, vocab: &[&str], lex: &Lexicon) -> Vec<String> {
    let mut t = terms(text, lex);
    correct_terms(&mut t, vocab, None, lex);
    t
}

/// The correction step of [`terms_corrected`], in place, on terms that
/// [`normalize::analyze`] gave; `find` is `vocab`'s hashed index, if it
/// has one (the same answers, sooner).
pub fn correct_terms(
    t: &mut [String],
    vocab: &[&str],
    find: Option<&words::WordIndex>,
    lex: &Lexicon,
) {
    for term in t {
        if normalize::position(vocab, find, term).is_some() {
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
            normalize::analyze(fix, lex, &mut again);
            if let Some(first) = again.into_iter().next() {
                *term = first;
            }
        }
    }
}

/// Whether `terms` contains `word` (a normalised term).
pub fn has(terms: &[String], word: &str) -> bool {
    terms.iter().any(|t| t == word)
}
