//! Phrase rules: each phrase of `rules.txt` found in the folded words adds
//! its weight to its section (`matched` lists the phrases, folded). The rules are sorted by first word at build
//! time, so a message costs one binary search per word.

use super::tables::{Rule, RULES, SECTIONS};
use super::{Tok, BREAK};

/// Scores per section (indexed like `SECTIONS`) and the phrases that matched.
pub(crate) fn score(toks: &[Tok], scores: &mut [u32], matched: &mut Vec<&'static str>) {
    for (i, t) in toks.iter().enumerate() {
        if t.text == BREAK {
            continue;
        }
        let lo = RULES.partition_point(|r| first(r) < t.text.as_str());
        for r in RULES.get(lo..).unwrap_or(&[]) {
            if first(r) != t.text {
                break;
            }
            let fits = r
                .words
                .split(' ')
                .skip(1)
                .enumerate()
                .all(|(k, w)| toks.get(i + 1 + k).is_some_and(|x| x.text == w));
            if fits {
                if let Some(s) = scores.get_mut(usize::from(r.section)) {
                    *s += u32::from(r.weight);
                }
                if matched.len() < 8 && !matched.contains(&r.words) {
                    matched.push(r.words);
                }
            }
        }
    }
    debug_assert_eq!(scores.len(), SECTIONS.len());
}

fn first(r: &Rule) -> &'static str {
    r.words.split(' ').next().unwrap_or("")
}
