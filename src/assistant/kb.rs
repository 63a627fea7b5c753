//! The compiled knowledge base: Markdown sections from `src/assistant/kb/`,
//! the lexicon and the onboarding path, turned into static tables and a BM25
//! index by `build.rs` (see `build_kb.rs`). Nothing here runs at start-up.

use crate::text::bm25::Index;
use serde::Serialize;

/// The chat's closed set of topics (`meta.topic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Topic {
    /// Plans and prices.
    Pricing,
    /// The free trial.
    Trial,
    /// Cancelling and refunds.
    CancelRefund,
    /// Invoices, cards, charges.
    Billing,
    /// Building and running workflows.
    Workflow,
    /// Connecting apps.
    Integrations,
    /// Something is broken.
    Troubleshooting,
    /// Data protection and security.
    PrivacyData,
    /// Reaching a person.
    Support,
    /// Login, profile, team.
    Account,
    /// Anything else.
    Other,
}

impl Topic {
    /// All topics, in a stable order.
    pub const ALL: [Topic; 11] = [
        Topic::Pricing,
        Topic::Trial,
        Topic::CancelRefund,
        Topic::Billing,
        Topic::Workflow,
        Topic::Integrations,
        Topic::Troubleshooting,
        Topic::PrivacyData,
        Topic::Support,
        Topic::Account,
        Topic::Other,
    ];

    /// The wire name, e.g. `cancel_refund`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Topic::Pricing => "pricing",
            Topic::Trial => "trial",
            Topic::CancelRefund => "cancel_refund",
            Topic::Billing => "billing",
            Topic::Workflow => "workflow",
            Topic::Integrations => "integrations",
            Topic::Troubleshooting => "troubleshooting",
            Topic::PrivacyData => "privacy_data",
            Topic::Support => "support",
            Topic::Account => "account",
            Topic::Other => "other",
        }
    }

    /// The wire names of [`Topic::ALL`], in the same order.
    pub const NAMES: [&'static str; 11] = {
        let mut out = [""; 11];
        let mut i = 0;
        while i < Topic::ALL.len() {
            out[i] = Topic::ALL[i].as_str();
            i += 1;
        }
        out
    };

    /// The topic a wire name stands for.
    pub fn parse(s: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

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
    postings: POSTINGS,
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
