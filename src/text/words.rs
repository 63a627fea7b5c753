//! Words as the text engine handles them in bulk: splitting folded text on
//! spaces ([`words`]), a hashed filter that rules words out before a
//! lookup ([`WordBits`]) and a hashed index from a word to its place in a
//! sorted list ([`WordIndex`]). No `crate::` paths (build.rs compiles the
//! whole `text` module).

/// The words of `s` between ASCII spaces (a run of spaces is one break):
/// `s.split(' ').filter(|w| !w.is_empty())`, by a plain byte loop. The
/// standard splitter sets up a search per word, which costs more than the
/// short words of a message (it was a sixth of a long message's time).
pub fn words(s: &str) -> Words<'_> {
    Words { rest: s }
}

/// The iterator of [`words`].
#[derive(Debug, Clone)]
pub struct Words<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let b = self.rest.as_bytes();
        // index loops: the `position` closures cost more at opt-level z
        let mut i = 0;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
        if i == b.len() {
            self.rest = "";
            return None;
        }
        let mut j = i;
        while j < b.len() && b[j] != b' ' {
            j += 1;
        }
        // a space is one byte: both ends are character boundaries
        let word = self.rest.get(i..j)?;
        self.rest = self.rest.get(j..).unwrap_or("");
        Some(word)
    }
}

/// A set of words as hashed bits, with no false negatives: a word it says
/// is absent is absent; one it may hold is then looked up. Most words of a
/// long message are in none of the lexicon's lists, and this spares them
/// the binary searches (about a sixth of a long message's time).
#[derive(Debug, Clone, Default)]
pub struct WordBits {
    bits: Vec<u64>,
}

impl WordBits {
    /// The set of `words`, 16 bits per word (about one false "may hold" in
    /// twenty).
    pub fn new<'w>(words: impl IntoIterator<Item = &'w str> + Clone) -> Self {
        let n = words.clone().into_iter().count().max(1);
        let mut set = WordBits {
            bits: vec![0u64; ((n * 16).next_power_of_two() / 64).max(1)],
        };
        for w in words {
            let (i, bit) = set.slot(w);
            if let Some(x) = set.bits.get_mut(i) {
                *x |= bit;
            }
        }
        set
    }

    /// Whether `word` may be in the set (`false`: it is not).
    pub fn may_hold(&self, word: &str) -> bool {
        let (i, bit) = self.slot(word);
        self.bits.get(i).is_some_and(|x| x & bit != 0)
    }

    /// The word of `bits` and the bit in it that `word` hashes to.
    fn slot(&self, word: &str) -> (usize, u64) {
        let h = fnv1a(word) as usize & (self.bits.len() * 64).saturating_sub(1);
        (h / 64, 1 << (h % 64))
    }
}

/// FNV-1a (32 bits) over the word's bytes: the text engine's one string
/// hash (also the source groups' of [`super::classifier::group_hash`]).
pub fn fnv1a(w: &str) -> u32 {
    w.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// A word's position in a sorted list by hashing (open addressing), for
/// the lists read once per word of every message (the knowledge base's
/// vocabulary): one hash and a comparison or two instead of a binary
/// search's dozen.
#[derive(Debug, Clone, Default)]
pub struct WordIndex {
    /// Position + 1 of the word hashed there (0: empty); a power of two
    /// long, at most half full.
    slots: Vec<u32>,
}

impl WordIndex {
    /// The index of `list`.
    pub fn new(list: &[&str]) -> Self {
        let len = (list.len().max(1) * 2).next_power_of_two();
        let mut slots = vec![0u32; len];
        let mask = len - 1;
        for (i, w) in list.iter().enumerate() {
            let mut h = fnv1a(w) as usize & mask;
            while slots.get(h).is_some_and(|&s| s != 0) {
                h = (h + 1) & mask;
            }
            if let Some(s) = slots.get_mut(h) {
                *s = i as u32 + 1;
            }
        }
        WordIndex { slots }
    }

    /// Where `word` is in `list` (the list this was made from), like
    /// `list.binary_search(&word).ok()`.
    pub fn find(&self, list: &[&str], word: &str) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut h = fnv1a(word) as usize & mask;
        loop {
            let i = (*self.slots.get(h)? as usize).checked_sub(1)?;
            if list.get(i) == Some(&word) {
                return Some(i);
            }
            h = (h + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{words, WordIndex};

    #[test]
    fn words_are_what_split_gives() {
        let check = |s: &str| {
            let want: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(words(s).collect::<Vec<_>>(), want, "{s:?}");
        };
        for s in ["", " ", "a", " a  b ", "héllo wörld", "x\ty z", "  é  "] {
            check(s);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use proptest::prelude::*;
            proptest!(|(s in "[ ab\u{e9}\u{1f600}\t]{0,30}")| check(&s));
        }
    }

    #[test]
    fn the_index_finds_what_binary_search_finds() {
        let list = ["a", "api", "cancel", "gmail", "price", "refund", "zz"];
        let index = WordIndex::new(&list);
        for w in list
            .iter()
            .copied()
            .chain(["", "b", "canc", "refunds", "zzz"])
        {
            assert_eq!(index.find(&list, w), list.binary_search(&w).ok(), "{w:?}");
        }
        assert_eq!(WordIndex::new(&[]).find(&[], "a"), None);
        assert_eq!(WordIndex::default().find(&list, "a"), None);
    }
}
