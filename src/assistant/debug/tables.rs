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

/// The phrase rules: rule `i` is folded words (space-separated,
/// `words.get(i)`) that add `weights[i]` to section `sections[i]`. Sorted by
/// words, so rules sharing a first word are adjacent.
#[derive(Debug)]
pub(crate) struct Rules {
    pub words: List,
    pub sections: &'static [u8],
    pub weights: &'static [u8],
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
#[derive(Debug, Clone, Copy)]
pub(crate) struct Named {
    pub key: &'static str,
    pub section: u8,
    /// Its own sentence (may be empty).
    pub sentence: &'static str,
}

/// A table of [`Named`] signals, sorted by key, packed (entry `i` is
/// `keys.get(i)`, `sections[i]`, `sentences.get(i)`).
#[derive(Debug)]
pub(crate) struct NamedTable {
    keys: List,
    sections: &'static [u8],
    sentences: List,
}

impl NamedTable {
    fn entry(&self, i: usize) -> Option<Named> {
        Some(Named {
            key: self.keys.get(i),
            section: *self.sections.get(i)?,
            sentence: self.sentences.get(i),
        })
    }

    /// The entries, in key order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = Named> + '_ {
        (0..self.keys.len()).filter_map(|i| self.entry(i))
    }
}

use crate::assistant::packed::List;
use crate::text::classifier::{Config, Table};

include!(concat!(env!("OUT_DIR"), "/debug_tables.rs"));

/// Looks `key` up in a table sorted by key.
pub(crate) fn find(table: &'static NamedTable, key: &str) -> Option<Named> {
    table.keys.find(key).and_then(|i| table.entry(i))
}

/// The status line for `n`: the first range of [`HTTP`] that holds it.
pub(crate) fn status(n: u16) -> Option<&'static Status> {
    HTTP.iter().find(|s| (s.lo..=s.hi).contains(&n))
}
