//! `words`: the builder's word knowledge (`workflow_words.txt`: number
//! words, units, day parts, weekdays, cue words, the pattern tables),
//! compiled and checked by `build.rs`, with lookups over the sorted tables.

include!(concat!(env!("OUT_DIR"), "/workflow_words.rs"));

/// Whether `word` is in the sorted list `list`.
pub fn has(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// The value of `word` in the sorted map `map`.
pub fn get<V: Copy>(map: &[(&str, V)], word: &str) -> Option<V> {
    map.binary_search_by(|(w, _)| (*w).cmp(word))
        .ok()
        .and_then(|i| map.get(i))
        .map(|(_, v)| *v)
}
