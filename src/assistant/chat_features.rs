//! The chat classifiers' feature recipe, shared by build-time training
//! (`build_chat_model.rs` includes this file) and run time, so both see the
//! same features: the text features ([`features::from_terms`]) of the terms
//! typo-corrected against the knowledge base's vocabulary, and the BM25
//! scores of those terms over the knowledge base. (Retrieval's best section
//! and topic as extra features were tried: source-grouped topic accuracy
//! fell from 0.79 to 0.78, so retrieval only helps pick the section.) Only
//! `super::text` paths (the assistant module imports `crate::text` for it).

use super::text::bm25::Index;
use super::text::{correct_terms, features, normalize, Lexicon};

/// Reusable buffers and the outputs of [`chat_features`].
#[derive(Debug, Default, Clone)]
pub struct Extracted {
    /// The typo-corrected normalised terms.
    pub terms: Vec<String>,
    /// Feature ids, sorted, no duplicates.
    pub feats: Vec<u16>,
    /// BM25 score per section.
    pub scores: Vec<f32>,
    /// The query's folded words, each followed by a space
    /// ([`normalize::analyze_words`]): the raw words, folded once.
    pub words: String,
}

/// Fills `out` for `query`.
pub fn chat_features(
    query: &str,
    lex: &Lexicon,
    vocab: &[&str],
    index: &Index,
    out: &mut Extracted,
) {
    out.terms.clear();
    normalize::analyze_words(query, lex, &mut out.terms, &mut out.words);
    correct_terms(&mut out.terms, vocab, index.find, lex);
    features::from_terms_folded(query, &out.words, &out.terms, &mut out.feats);
    out.scores = index.scores(&out.terms);
}
