//! The debug knowledge as static tables, generated at build time by
//! `src/assistant/build_debug.rs` from `categories.txt`, `rules.txt` and
//! `signals.txt` (checked there; nothing is parsed at run time).

/// A section of `rules.txt`: a category or a `category.variant` with its text.
#[derive(Debug)]
pub(crate) struct Section {
    /// `category` or `category.variant`.
    pub name: &'static str,
    /// Index into [`CATEGORIES`].
    pub category: u8,
    /// What the error means.
    pub explain: &'static str,
    /// Fixes, in order.
    pub steps: &'static [&'static str],
    /// How to avoid it.
    pub prevent: &'static str,
}

/// A phrase rule: folded words (space-separated) that add `weight` to
/// `section`. Sorted by words, so rules sharing a first word are adjacent.
#[derive(Debug)]
pub(crate) struct Rule {
    pub words: &'static str,
    pub section: u8,
    pub weight: u8,
}

/// An HTTP status range and the sentence that explains it.
#[derive(Debug)]
pub(crate) struct Status {
    pub lo: u16,
    pub hi: u16,
    pub section: u8,
    pub sentence: &'static str,
}

/// A named signal (errno, code, SQLSTATE class, exception) and its section.
#[derive(Debug)]
pub(crate) struct Named {
    pub key: &'static str,
    pub section: u8,
    /// Its own sentence (may be empty).
    pub sentence: &'static str,
}

use crate::text::classifier::{Config, Table};

include!(concat!(env!("OUT_DIR"), "/debug_tables.rs"));

/// Looks `key` up in a table sorted by key.
pub(crate) fn find(table: &'static [Named], key: &str) -> Option<&'static Named> {
    table
        .binary_search_by(|e| e.key.cmp(key))
        .ok()
        .and_then(|i| table.get(i))
}

/// The status line for `n`: the first range of [`HTTP`] that holds it.
pub(crate) fn status(n: u16) -> Option<&'static Status> {
    HTTP.iter().find(|s| (s.lo..=s.hi).contains(&n))
}
