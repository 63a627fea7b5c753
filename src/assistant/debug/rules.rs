//! Phrase rules: each phrase of `rules.txt` found in the folded words adds
//! its weight to its section (`matched` lists the phrases, folded). The rules are sorted by first word at build
//! time, so a message costs one binary search per word.

use super::tables::{RULES, SECTIONS};
use super::{Tok, BREAK};

/// Scores per section (indexed like `SECTIONS`) and the phrases that matched.
pub(crate) fn score(toks: &[Tok], scores: &mut [u32], matched: &mut Vec<&'static str>) {
    let n = RULES.words.len();
    for (i, t) in toks.iter().enumerate() {
        if t.text == BREAK {
            continue;
        }
        // first rule whose first word is not below this token
        let (mut lo, mut hi) = (0, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if first(mid) < t.text.as_str() {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for r in lo..n {
            if first(r) != t.text {
                break;
            }
            let words = RULES.words.get(r);
            let fits = words
                .split(' ')
                .skip(1)
                .enumerate()
                .all(|(k, w)| toks.get(i + 1 + k).is_some_and(|x| x.text == w));
            if fits {
                let section = RULES
                    .sections
                    .get(r)
                    .map_or(usize::MAX, |s| usize::from(*s));
                if let Some(s) = scores.get_mut(section) {
                    *s += RULES.weights.get(r).map_or(0, |w| u32::from(*w));
                }
                if matched.len() < 8 && !matched.contains(&words) {
                    matched.push(words);
                }
            }
        }
    }
    debug_assert_eq!(scores.len(), SECTIONS.len());
}

/// The first word of rule `r`.
fn first(r: usize) -> &'static str {
    RULES.words.get(r).split(' ').next().unwrap_or("")
}
