//! The compiled knowledge base: Markdown sections from `src/assistant/kb/`,
//! the lexicon and the onboarding path, turned into static tables and a BM25
//! index by `build.rs` (see `build_kb.rs`). Nothing here runs at start-up.

use super::packed::{Ends, List};
use crate::text::bm25::Index;
use std::sync::LazyLock;

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

/// The knowledge base's sections, in file order: a slice of
/// [`KbSection`] (`SECTIONS.iter()`, `SECTIONS[i]`, `for s in SECTIONS`),
/// expanded from packed columns on first use.
#[derive(Debug, Clone, Copy)]
pub struct Sections;

/// The sections ([`Sections`]).
pub static SECTIONS: Sections = Sections;

static EXPANDED: LazyLock<Vec<KbSection>> = LazyLock::new(|| {
    // once per module: the slices the sections point into live as long as it
    let steps: &'static [&'static str] = Box::leak(strings(&STEPS).into_boxed_slice());
    let prompts = strings(&PROMPTS);
    let suggest: Vec<&'static str> = SUGGEST
        .iter()
        .map(|&k| prompts.get(usize::from(k)).copied().unwrap_or(""))
        .collect();
    let suggest: &'static [&'static str] = Box::leak(suggest.into_boxed_slice());
    let run = |all: &'static [&'static str], ends: &Ends, i: usize| {
        let start = i.checked_sub(1).map_or(0, |p| ends.at(p));
        all.get(start..ends.at(i)).unwrap_or(&[])
    };
    SECTION_TOPICS
        .iter()
        .enumerate()
        .map(|(i, &topic)| KbSection {
            topic,
            title: PROMPTS.get(i),
            answer: ANSWERS.get(i),
            steps: run(steps, &STEP_ENDS, i),
            suggestions: run(suggest, &SUGGEST_ENDS, i),
        })
        .collect()
});

impl std::ops::Deref for Sections {
    type Target = [KbSection];
    fn deref(&self) -> &[KbSection] {
        &EXPANDED
    }
}

impl IntoIterator for Sections {
    type Item = &'static KbSection;
    type IntoIter = std::slice::Iter<'static, KbSection>;
    fn into_iter(self) -> Self::IntoIter {
        EXPANDED.iter()
    }
}

/// The word tables as slices, expanded from their packed lists on first
/// use (packed, they are one text and two bytes a word in the wasm; a
/// slice is a pointer and a length a word, which gzips badly).
struct Words {
    vocab: Vec<&'static str>,
    phrases: Vec<(&'static str, &'static str)>,
    spelling: Vec<(&'static str, &'static str)>,
    synonyms: Vec<(&'static str, &'static str)>,
    stopwords: Vec<&'static str>,
    /// `vocab` by hashing.
    vocab_index: crate::text::words::WordIndex,
    /// The keys of `spelling`, `synonyms` and `stopwords` as a filter.
    known: crate::text::words::WordBits,
}

static WORDS: LazyLock<Words> = LazyLock::new(|| {
    let (vocab, phrases) = (strings(&VOCAB), pairs(&PHRASES_FROM, &PHRASES_TO));
    let (spelling, synonyms) = (
        pairs(&SPELLING_FROM, &SPELLING_TO),
        pairs(&SYNONYMS_FROM, &SYNONYMS_TO),
    );
    let stopwords = strings(&STOPWORDS);
    let known = crate::text::Lexicon {
        phrases: &phrases,
        spelling: &spelling,
        synonyms: &synonyms,
        stopwords: &stopwords,
        known: None,
    }
    .keys();
    Words {
        vocab_index: crate::text::words::WordIndex::new(&vocab),
        vocab,
        phrases,
        spelling,
        synonyms,
        stopwords,
        known,
    }
});

fn strings(l: &'static List) -> Vec<&'static str> {
    (0..l.len()).map(|i| l.get(i)).collect()
}

fn pairs(from: &'static List, to: &'static List) -> Vec<(&'static str, &'static str)> {
    (0..from.len()).map(|i| (from.get(i), to.get(i))).collect()
}

/// The knowledge base's vocabulary (every term of the index), sorted.
pub fn vocab() -> &'static [&'static str] {
    &WORDS.vocab
}

/// The BM25 index over [`SECTIONS`].
pub fn index() -> Index {
    Index {
        vocab: vocab(),
        ends: POSTING_ENDS,
        docs: POSTING_DOCS,
        tfs: POSTING_TFS,
        doc_len: DOC_LEN,
        avgdl: AVGDL,
        find: Some(&WORDS.vocab_index),
    }
}

/// The compiled lexicon (phrases, spelling, synonyms, filler words) that
/// the text engine normalises with.
pub fn lexicon() -> crate::text::Lexicon<'static> {
    let w = &*WORDS;
    crate::text::Lexicon {
        phrases: &w.phrases,
        spelling: &w.spelling,
        synonyms: &w.synonyms,
        stopwords: &w.stopwords,
        known: Some(&w.known),
    }
}

#[cfg(test)]
mod tests {
    use super::{index, lexicon, vocab};

    #[test]
    fn expanded_tables_are_sorted_and_whole() {
        let v = vocab();
        assert!(v.len() > 100 && v.windows(2).all(|w| w[0] < w[1]));
        assert!(v.contains(&"refund") && !v.contains(&""));
        let lex = lexicon();
        assert!(lex.stopwords.windows(2).all(|w| w[0] < w[1]) && lex.stopwords.contains(&"the"));
        assert!(lex
            .synonyms
            .iter()
            .all(|(a, b)| !a.is_empty() && !b.is_empty()));
        assert_eq!(index().ends.len(), v.len());
    }

    #[test]
    fn sections_expand_with_their_steps_and_suggestions() {
        use super::{Topic, SECTIONS, SECTION_COUNT};
        assert_eq!(SECTIONS.len(), SECTION_COUNT);
        let s = &SECTIONS[0];
        assert_eq!(
            (s.topic, s.title),
            (Topic::Account, "How do I reset my password?")
        );
        assert!(s.answer.starts_with("Click "), "{}", s.answer);
        assert_eq!(
            s.suggestions.first(),
            Some(&"How do I turn on two-factor authentication?")
        );
        let with_steps = SECTIONS.iter().filter(|s| !s.steps.is_empty()).count();
        assert!(
            with_steps > 0
                && SECTIONS
                    .iter()
                    .all(|s| !s.title.is_empty() && s.suggestions.len() >= 2)
        );
        assert!(SECTIONS
            .iter()
            .flat_map(|s| s.suggestions)
            .any(|q| *q == "Talk to a human"));
    }
}
