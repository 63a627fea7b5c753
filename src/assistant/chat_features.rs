//! The chat classifiers' feature recipe, shared by build-time training
//! (`build_chat_model.rs` includes this file) and run time, so both see the
//! same features: the text features ([`features::from_terms`]) of the terms
//! typo-corrected against the knowledge base's vocabulary, and the BM25
//! scores of those terms over the knowledge base. (Retrieval's best section
//! and topic as extra features were tried: source-grouped topic accuracy
//! fell from 0.79 to 0.78, so retrieval only helps pick the section.) Only
//! `super::text` paths (the assistant module imports `crate::text` for it).

use super::text::bm25::Index;
use super::text::{features, terms_corrected, Lexicon};

/// Reusable buffers and the outputs of [`chat_features`].
#[derive(Debug, Default, Clone)]
pub struct Extracted {
    /// The typo-corrected normalised terms.
    pub terms: Vec<String>,
    /// Feature ids, sorted, no duplicates.
    pub feats: Vec<u16>,
    /// BM25 score per section.
    pub scores: Vec<f32>,
}

/// Fills `out` for `query`.
pub fn chat_features(
    query: &str,
    lex: &Lexicon,
    vocab: &[&str],
    index: &Index,
    out: &mut Extracted,
) {
    out.terms = terms_corrected(query, vocab, lex);
    features::from_terms(query, &out.terms, &mut out.feats);
    out.scores = index.scores(&out.terms);
}
