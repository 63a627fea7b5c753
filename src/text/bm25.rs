//! BM25 ranking over an inverted index built at compile time (term ->
//! postings of (document, term frequency)), with no allocation beyond the
//! score vector. The postings are stored flat ([`flatten`]): one byte per
//! document id and one per frequency, and where each term's run ends (no
//! slice reference per term, which gzips badly in the wasm).

use super::words::WordIndex;

/// A compiled index.
#[derive(Debug, Clone, Copy)]
pub struct Index {
    /// Sorted terms.
    pub vocab: &'static [&'static str],
    /// Where the postings of term `i` end in `docs` and `tfs` (they start
    /// where term `i - 1`'s end), parallel to `vocab`.
    pub ends: &'static [u16],
    /// Document of each posting, by term then document.
    pub docs: &'static [u8],
    /// Term frequency of each posting, parallel to `docs`.
    pub tfs: &'static [u8],
    /// Length of each document in terms.
    pub doc_len: &'static [u16],
    /// Average document length.
    pub avgdl: f32,
    /// `vocab` by hashing ([`WordIndex`]): a term found in one step
    /// instead of a binary search. `None`: searched.
    pub find: Option<&'static WordIndex>,
}

/// Flat postings as [`Index`] stores them: `ends`, `docs` and `tfs`.
pub type Flat = (Vec<u16>, Vec<u8>, Vec<u8>);

/// [`Flat`] postings of each term in order. Build-time: an error when a
/// document id, a frequency or the total does not fit its byte or `u16`.
pub fn flatten<'a, I>(postings: I) -> Result<Flat, String>
where
    I: IntoIterator<Item = &'a [(usize, u32)]>,
{
    let (mut ends, mut docs, mut tfs) = (Vec::new(), Vec::new(), Vec::new());
    for list in postings {
        for &(d, n) in list {
            docs.push(u8::try_from(d).map_err(|_| format!("document {d} over 255"))?);
            tfs.push(u8::try_from(n).map_err(|_| format!("term frequency {n} over 255"))?);
        }
        ends.push(u16::try_from(docs.len()).map_err(|_| "over 65535 postings".to_owned())?);
    }
    Ok((ends, docs, tfs))
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

impl Index {
    /// Where `term` is in `vocab`.
    pub fn position(&self, term: &str) -> Option<usize> {
        super::normalize::position(self.vocab, self.find, term)
    }

    /// The postings of term `ti`: its documents and their frequencies.
    fn postings(&self, ti: usize) -> (&'static [u8], &'static [u8]) {
        let start = ti
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |&e| usize::from(e));
        let end = self.ends.get(ti).map_or(start, |&e| usize::from(e));
        (
            self.docs.get(start..end).unwrap_or(&[]),
            self.tfs.get(start..end).unwrap_or(&[]),
        )
    }

    /// BM25 scores of every document for the query terms (duplicates count
    /// once).
    pub fn scores(&self, terms: &[String]) -> Vec<f32> {
        let n = self.doc_len.len() as f32;
        let mut scores = vec![0.0f32; self.doc_len.len()];
        // each vocabulary term once (a bit per term: a long message repeats
        // its words, and comparing each with all before it was quadratic)
        let mut seen = vec![0u64; self.vocab.len().div_ceil(64)];
        for t in terms {
            let Some(ti) = self.position(t) else {
                continue;
            };
            match seen.get_mut(ti / 64) {
                Some(bits) if *bits & (1 << (ti % 64)) == 0 => *bits |= 1 << (ti % 64),
                _ => continue,
            }
            let (docs, tfs) = self.postings(ti);
            let df = docs.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for (&doc, &tf) in docs.iter().zip(tfs) {
                let d = usize::from(doc);
                let len = self.doc_len.get(d).copied().unwrap_or(0) as f32;
                let tf = f32::from(tf);
                let s =
                    idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / self.avgdl.max(1.0)));
                if let Some(slot) = scores.get_mut(d) {
                    *slot += s;
                }
            }
        }
        scores
    }

    /// The largest score one query term can reach (its idf times the
    /// saturation ceiling), used to turn scores into a confidence.
    pub fn max_term_score(&self, term: &str) -> f32 {
        let n = self.doc_len.len() as f32;
        match self.position(term) {
            Some(ti) => {
                let df = self.postings(ti).0.len() as f32;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln() * (K1 + 1.0)
            }
            None => 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{flatten, Index};

    #[test]
    fn flat_postings_keep_each_terms_run() {
        let lists: [&[(usize, u32)]; 2] = [&[(0, 2), (3, 1)], &[(1, 1)]];
        let (ends, docs, tfs) = flatten(lists).unwrap_or_default();
        assert_eq!(
            (ends, docs, tfs),
            (vec![2, 3], vec![0, 3, 1], vec![2, 1, 1])
        );
        assert!(flatten([&[(256, 1)][..]]).is_err());
        assert!(flatten([&[(0, 256)][..]]).is_err());
    }

    #[test]
    fn scores_read_the_right_run() {
        let index = Index {
            vocab: &["a", "b"],
            ends: &[2, 3],
            docs: &[0, 2, 1],
            tfs: &[1, 3, 1],
            doc_len: &[4, 4, 4],
            avgdl: 4.0,
            find: None,
        };
        let s = index.scores(&["b".to_owned()]);
        assert!(s[1] > 0.0 && s[0] == 0.0 && s[2] == 0.0, "{s:?}");
        let s = index.scores(&["a".to_owned()]);
        assert!(s[2] > s[0] && s[0] > 0.0 && s[1] == 0.0, "{s:?}");
        // a repeated term counts once (the query's own term frequency is
        // not used); a term outside the vocabulary adds nothing
        let once = index.scores(&["a".to_owned(), "b".to_owned()]);
        let twice = index.scores(&["a", "b", "a", "zz", "b"].map(str::to_owned));
        assert_eq!(once, twice);
    }
}
