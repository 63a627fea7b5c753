//! The compiled knowledge base: Markdown sections from `src/assistant/kb/`,
//! the lexicon and the onboarding path, turned into static tables and a BM25
//! index by `build.rs` (see `build_kb.rs`). Nothing here runs at start-up.

use crate::text::bm25::Index;

/// The chat's closed set of topics (`meta.topic`), generated from
/// `[topic]` of `src/vocab/vocab.txt`.
pub use crate::vocab::Topic;

/// One `## ` section of the knowledge base.
#[derive(Debug, Clone, Copy)]
pub struct KbSection {
    /// Its topic (the file's `topic:` or its own).
    pub topic: Topic,
    /// The heading, phrased as a question.
    pub title: &'static str,
    /// The answer paragraphs, plain text.
    pub answer: &'static str,
    /// Its `- ` list items, in order.
    pub steps: &'static [&'static str],
    /// Its `suggest:` questions.
    pub suggestions: &'static [&'static str],
}

/// One step of the onboarding path.
#[derive(Debug, Clone, Copy)]
pub struct OnboardingStepData {
    /// Stable id, as listed in `completed`.
    pub id: &'static str,
    /// Heading.
    pub title: &'static str,
    /// What to do.
    pub description: &'static str,
    /// Tips.
    pub tips: &'static [&'static str],
    /// Estimated minutes.
    pub minutes: u32,
}

include!(concat!(env!("OUT_DIR"), "/assistant_kb.rs"));

/// The BM25 index over [`SECTIONS`].
pub const INDEX: Index = Index {
    vocab: VOCAB,
    ends: POSTING_ENDS,
    docs: POSTING_DOCS,
    tfs: POSTING_TFS,
    doc_len: DOC_LEN,
    avgdl: AVGDL,
};

/// The compiled lexicon (phrases, spelling, synonyms, filler words) that
/// the text engine normalises with.
pub fn lexicon() -> crate::text::Lexicon<'static> {
    crate::text::Lexicon {
        phrases: PHRASES,
        spelling: SPELLING,
        synonyms: SYNONYMS,
        stopwords: STOPWORDS,
    }
}
