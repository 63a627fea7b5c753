//! BM25 ranking over an inverted index built at compile time (term ->
//! postings of (document, term frequency)), with no allocation beyond the
//! score vector.

/// A compiled index.
#[derive(Debug, Clone, Copy)]
pub struct Index {
    /// Sorted terms.
    pub vocab: &'static [&'static str],
    /// Postings per term, parallel to `vocab`: (document, term frequency).
    pub postings: &'static [&'static [(u16, u16)]],
    /// Length of each document in terms.
    pub doc_len: &'static [u16],
    /// Average document length.
    pub avgdl: f32,
}

const K1: f32 = 1.2;
const B: f32 = 0.75;

impl Index {
    /// BM25 scores of every document for the query terms (duplicates count
    /// once).
    pub fn scores(&self, terms: &[String]) -> Vec<f32> {
        let n = self.doc_len.len() as f32;
        let mut scores = vec![0.0f32; self.doc_len.len()];
        for (i, t) in terms.iter().enumerate() {
            if terms[..i].contains(t) {
                continue;
            }
            let Ok(ti) = self.vocab.binary_search(&t.as_str()) else {
                continue;
            };
            let Some(postings) = self.postings.get(ti) else {
                continue;
            };
            let df = postings.len() as f32;
            let idf = ((n - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(doc, tf) in postings.iter() {
                let d = doc as usize;
                let len = self.doc_len.get(d).copied().unwrap_or(0) as f32;
                let tf = tf as f32;
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
        match self.vocab.binary_search(&term) {
            Ok(ti) => {
                let df = self.postings.get(ti).map_or(0, |p| p.len()) as f32;
                ((n - df + 0.5) / (df + 0.5) + 1.0).ln() * (K1 + 1.0)
            }
            Err(_) => 0.0,
        }
    }
}
