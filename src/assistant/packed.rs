//! `packed`: tables compiled by build.rs for the wasm: strings packed in
//! one text with the byte length of each ([`List`]; no pointer and length
//! per string, which gzip badly), and growing offsets stored as the steps
//! between them ([`Ends`]; small steps gzip better than offsets). Shared by
//! the generated word lists, catalog and debug tables.

use std::sync::OnceLock;

/// Growing `u16` offsets stored as the steps between them (offset `i` is
/// the sum of steps `0..=i`), summed once, on first use.
#[derive(Debug)]
pub struct Ends {
    /// One byte per step under 255, else 255 and the step as two
    /// little-endian bytes ([`lens`]).
    steps: &'static [u8],
    sums: OnceLock<Vec<u16>>,
}

/// `steps` of [`Ends`] (and a [`List`]'s lengths) for these values (build
/// time: `build_packed.rs` includes this file).
#[allow(dead_code)]
pub fn lens(values: impl IntoIterator<Item = u16>) -> Vec<u8> {
    let mut out = Vec::new();
    for n in values {
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

fn sums(steps: &[u8]) -> Vec<u16> {
    let mut out = Vec::new();
    let (mut i, mut end) = (0, 0u16);
    while let Some(&b) = steps.get(i) {
        let n = match (b, steps.get(i + 1), steps.get(i + 2)) {
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

impl Ends {
    /// Offsets with these steps (as [`lens`] writes them).
    pub(crate) const fn new(steps: &'static [u8]) -> Self {
        Self {
            steps,
            sums: OnceLock::new(),
        }
    }

    fn all(&self) -> &[u16] {
        self.sums.get_or_init(|| sums(self.steps))
    }

    /// Offset `i` as an index (0 past the end).
    pub(crate) fn at(&self, i: usize) -> usize {
        self.all().get(i).map_or(0, |&e| usize::from(e))
    }

    /// How many offsets it holds.
    pub(crate) fn len(&self) -> usize {
        self.all().len()
    }
}

/// Strings packed in one text, with their byte lengths. [`List::find`]
/// needs them sorted (byte order); [`List::get`] does not.
#[derive(Debug)]
pub struct List {
    text: &'static str,
    /// Where each string ends in `text`.
    ends: Ends,
}

impl List {
    /// The strings of `text` with byte lengths `lens` (as [`lens`] writes them).
    pub(crate) const fn new(text: &'static str, lens: &'static [u8]) -> Self {
        Self {
            text,
            ends: Ends::new(lens),
        }
    }

    /// String `i` ("" past the end).
    pub(crate) fn get(&self, i: usize) -> &'static str {
        item(self.text, self.ends.all(), i)
    }

    /// How many strings it holds.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The index of `w` in a sorted list.
    pub(crate) fn find(&self, w: &str) -> Option<usize> {
        // the offsets fetched once, not once per probe
        let ends = self.ends.all();
        let (mut lo, mut hi) = (0, ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp_bytes(item_bytes(self.text, ends, mid), w.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// `a.cmp(b)` as a plain loop, like `text::normalize::cmp_str`
/// (this file is also built into build.rs, which has no `crate::text`).
fn cmp_bytes(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

/// Where string `i` lies in the text cut at `ends` (0..0 past the end).
fn span(ends: &[u16], i: usize) -> std::ops::Range<usize> {
    let at = |k: usize| ends.get(k).map_or(0, |&e| usize::from(e));
    i.checked_sub(1).map_or(0, at)..at(i)
}

/// String `i` of `text` cut at `ends` ("" past the end).
fn item(text: &'static str, ends: &[u16], i: usize) -> &'static str {
    text.get(span(ends, i)).unwrap_or("")
}

/// [`item`]'s bytes, for comparing (no character boundary to check).
fn item_bytes(text: &'static str, ends: &[u16], i: usize) -> &'static [u8] {
    text.as_bytes().get(span(ends, i)).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::{lens, Ends, List};

    #[test]
    fn ends_sum_their_steps() {
        let e = Ends::new(&[0, 5, 0, 255, 44, 1]);
        assert_eq!(
            (e.len(), e.at(0), e.at(1), e.at(2), e.at(3), e.at(4)),
            (4, 0, 5, 5, 305, 0)
        );
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
