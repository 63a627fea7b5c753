//! `packed`: string tables compiled by build.rs as one text with `u16` end
//! offsets (no pointer and length per string, which gzip badly in the
//! wasm). Shared by the generated word lists, catalog-style and debug tables.

/// Strings packed in one text: string `i` ends at `ends.at(i)` in `text`.
/// [`List::find`] needs them sorted (byte order); [`List::get`] does not.
#[derive(Debug)]
pub struct List {
    pub(crate) text: &'static str,
    pub(crate) ends: Wide,
}

impl List {
    /// String `i` ("" past the end).
    pub(crate) fn get(&self, i: usize) -> &'static str {
        let start = i.checked_sub(1).map_or(0, |p| self.ends.at(p));
        self.text.get(start..self.ends.at(i)).unwrap_or("")
    }

    /// How many strings it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The index of `w` in a sorted list.
    pub(crate) fn find(&self, w: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.ends.len());
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
    /// How many values it holds.
    pub(crate) fn len(&self) -> usize {
        self.lo.len()
    }

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
    use super::{List, Wide};

    #[test]
    fn wide_joins_its_bytes() {
        let w = Wide {
            lo: &[5, 0, 255],
            hi: &[0, 1, 255],
        };
        assert_eq!(
            (w.len(), w.at(0), w.at(1), w.at(2), w.at(3)),
            (3, 5, 256, 65535, 0)
        );
    }

    static L: List = List {
        text: "abbccc",
        ends: Wide {
            lo: &[1, 3, 6],
            hi: &[0, 0, 0],
        },
    };

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
