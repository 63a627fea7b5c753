//! `words`: the builder's word knowledge (`workflow_words.txt`: number
//! words, units, day parts, weekdays, cue words, the pattern tables),
//! compiled and checked by `build.rs` into compact sorted tables (one text
//! per list with `u16` ends, no pointer per word), with their lookups.

/// A sorted word list: word `i` ends at `ends[i]` in `text`.
#[derive(Debug)]
pub struct List {
    text: &'static str,
    ends: &'static [u16],
}

/// A sorted map from words to values.
#[derive(Debug)]
pub struct Map<V: 'static> {
    keys: List,
    values: &'static [V],
}

impl List {
    fn word(&self, i: usize) -> &'static str {
        let start = i
            .checked_sub(1)
            .and_then(|p| self.ends.get(p))
            .map_or(0, |e| usize::from(*e));
        let end = self.ends.get(i).map_or(0, |e| usize::from(*e));
        self.text.get(start..end).unwrap_or("")
    }

    fn find(&self, w: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.ends.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.word(mid).cmp(w) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

include!(concat!(env!("OUT_DIR"), "/workflow_words.rs"));

/// Whether `word` is in `list`.
pub fn has(list: &List, word: &str) -> bool {
    list.find(word).is_some()
}

/// The value of `word` in `map`.
pub fn get<V: Copy>(map: &Map<V>, word: &str) -> Option<V> {
    map.keys.find(word).and_then(|i| map.values.get(i)).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_maps_find_every_word_and_nothing_else() {
        assert!(has(&ACTION_VERBS, "send") && has(&ACTION_VERBS, "tweet"));
        assert!(!has(&ACTION_VERBS, "sen") && !has(&ACTION_VERBS, ""));
        assert_eq!(get(&NUMBERS, "fifteen"), Some(15));
        assert_eq!(get(&DAY_PARTS, "night"), Some(2));
        assert_eq!(get(&KIND_PATTERNS, "chat"), Some("notify"));
        assert_eq!(get(&WEEKDAYS, "caturday"), None);
        // every entry is found at its place (the tables are sorted)
        for i in 0..NOT_APPS.ends.len() {
            assert_eq!(NOT_APPS.find(NOT_APPS.word(i)), Some(i));
        }
    }
}
