//! `packed`: string tables compiled by build.rs as one text with the byte
//! length of each string (no pointer and length per string, which gzip
//! badly in the wasm; lengths are small and gzip better than offsets).
//! Shared by the generated word lists, catalog-style and debug tables.

use std::sync::OnceLock;

/// Strings packed in one text, with their byte lengths; where each ends is
/// worked out once, on first use. [`List::find`] needs them sorted (byte
/// order); [`List::get`] does not.
#[derive(Debug)]
pub struct List {
    text: &'static str,
    /// One byte per string under 255, else 255 and the length as two
    /// little-endian bytes ([`lens`]).
    lens: &'static [u8],
    ends: OnceLock<Vec<u16>>,
}

/// `lens` of [`List`] for strings of these byte lengths (build time:
/// `build_packed.rs` includes this file).
#[allow(dead_code)]
pub fn lens(lengths: impl IntoIterator<Item = u16>) -> Vec<u8> {
    let mut out = Vec::new();
    for n in lengths {
        match u8::try_from(n) {
            Ok(b) if b < 255 => out.push(b),
            _ => {
                out.push(255);
                out.extend(n.to_le_bytes());
            }
        }
    }
    out
}

fn ends(lens: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let (mut i, mut end) = (0, 0u16);
    while let Some(&b) = lens.get(i) {
        let n = match (b, lens.get(i + 1), lens.get(i + 2)) {
            (255, Some(&lo), Some(&hi)) => {
                i += 3;
                u16::from_le_bytes([lo, hi])
            }
            _ => {
                i += 1;
                u16::from(b)
            }
        };
        end = end.saturating_add(n);
        out.push(end);
    }
    out
}

impl List {
    /// The strings of `text` with byte lengths `lens` (as [`lens`] writes them).
    pub(crate) const fn new(text: &'static str, lens: &'static [u8]) -> Self {
        Self {
            text,
            lens,
            ends: OnceLock::new(),
        }
    }

    fn ends(&self) -> &[u16] {
        self.ends.get_or_init(|| ends(self.lens))
    }

    /// String `i` ("" past the end).
    pub(crate) fn get(&self, i: usize) -> &'static str {
        let ends = self.ends();
        let start = i
            .checked_sub(1)
            .and_then(|p| ends.get(p))
            .map_or(0, |&e| usize::from(e));
        let end = ends.get(i).map_or(0, |&e| usize::from(e));
        self.text.get(start..end).unwrap_or("")
    }

    /// How many strings it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends().len()
    }

    /// The index of `w` in a sorted list.
    pub(crate) fn find(&self, w: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid).cmp(w) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// A `u16` table stored as its low and high bytes: the high bytes of
/// growing offsets change slowly and gzip to little once apart from the
/// low ones (interleaved, they don't).
#[derive(Debug)]
pub struct Wide {
    pub(crate) lo: &'static [u8],
    pub(crate) hi: &'static [u8],
}

impl Wide {
    /// Value `i` as an index (0 past the end).
    pub(crate) fn at(&self, i: usize) -> usize {
        match (self.lo.get(i), self.hi.get(i)) {
            (Some(lo), Some(hi)) => usize::from(*hi) << 8 | usize::from(*lo),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{lens, List, Wide};

    #[test]
    fn wide_joins_its_bytes() {
        let w = Wide {
            lo: &[5, 0, 255],
            hi: &[0, 1, 255],
        };
        assert_eq!((w.at(0), w.at(1), w.at(2), w.at(3)), (5, 256, 65535, 0));
    }

    static L: List = List::new("abbccc", &[1, 2, 3]);

    #[test]
    fn long_strings_take_three_bytes() {
        let long = "x".repeat(300);
        assert_eq!(lens([1, 254, 255, 300]), [1, 254, 255, 255, 0, 255, 44, 1]);
        let text: &'static str = Box::leak(format!("a{long}b").into_boxed_str());
        let l = List::new(text, Box::leak(lens([1, 300, 1]).into_boxed_slice()));
        assert_eq!(
            (l.len(), l.get(0), l.get(1), l.get(2)),
            (3, "a", long.as_str(), "b")
        );
    }

    #[test]
    fn get_and_find_agree() {
        assert_eq!(L.get(0), "a");
        assert_eq!(L.get(2), "ccc");
        assert_eq!(L.get(3), "");
        assert_eq!(L.find("bb"), Some(1));
        assert_eq!(L.find("b"), None);
        assert_eq!(
            (0..3).map(|i| L.get(i)).collect::<Vec<_>>(),
            ["a", "bb", "ccc"]
        );
    }
}
