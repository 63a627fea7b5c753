//! `words`: the builder's word knowledge (`workflow_words.txt`: number
//! words, units, day parts, weekdays, cue words, the pattern tables),
//! compiled and checked by `build.rs` into compact sorted tables (one text
//! per list with `u16` ends, no pointer per word), with their lookups.

pub use crate::assistant::packed::List;

/// A sorted map from words to values.
#[derive(Debug)]
pub struct Map<V: 'static> {
    keys: List,
    values: &'static [V],
}

include!(concat!(env!("OUT_DIR"), "/workflow_words.rs"));

/// Whether `word` is in `list`.
pub fn has(list: &List, word: &str) -> bool {
    list.find(word).is_some()
}

/// Whether `word` names the items an app holds ("posts", "a Bexio
/// invoice", "a Zendesk ticket"), plural or not: [`EVENT_NOUNS`] holds plurals.
pub fn is_item_noun(word: &str) -> bool {
    has(&EVENT_NOUNS, word) || has(&EVENT_NOUNS, &format!("{word}s"))
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
        for i in 0..NOT_APPS.len() {
            assert_eq!(NOT_APPS.find(NOT_APPS.get(i)), Some(i));
        }
    }
}
