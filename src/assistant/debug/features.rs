//! Hashed text features of an error message for the learned classifier
//! ([`super::learn`]): folded words, adjacent word pairs and the parts of
//! CamelCase names ("ServerSelectionTimeoutError" also gives "timeout"),
//! each hashed (FNV-1a) into [`BUCKETS`] buckets. Self-contained: the build
//! script includes this file to train on the corpus with the same features.

/// Hash buckets: features are `u16`s.
pub const BUCKETS: u32 = 1 << 16;
/// Words read per message (bounds the time per answer).
const MAX_WORDS: usize = 160;

fn fnv(kind: u8, a: &str, b: &str) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |x: u8| {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(kind);
    a.bytes().for_each(&mut eat);
    if !b.is_empty() {
        eat(b' ');
        b.bytes().for_each(&mut eat);
    }
    ((h >> 16) ^ (h & 0xffff)) as u16
}

/// A word as a feature: long numbers become `#`, 3-digit ones stay (a status).
fn norm(w: &str) -> &str {
    if w.len() > 3 && w.bytes().all(|c| c.is_ascii_digit()) {
        "#"
    } else {
        w
    }
}

/// The feature ids of `text`, sorted and without duplicates, in `out`
/// (cleared first).
pub fn features(text: &str, out: &mut Vec<u16>) {
    out.clear();
    let mut prev = String::new();
    let mut word = String::new();
    let mut count = 0;
    for raw in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        if raw.is_empty() {
            continue;
        }
        if count >= MAX_WORDS {
            break;
        }
        count += 1;
        // CamelCase parts of a mixed-case name
        let b = raw.as_bytes();
        if b.iter().any(u8::is_ascii_lowercase) && b.iter().skip(1).any(u8::is_ascii_uppercase) {
            let mut start = 0;
            for i in 1..=b.len() {
                let cut = i == b.len()
                    || (b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase());
                if cut {
                    if let Some(p) = raw.get(start..i) {
                        if p.len() > 2 {
                            out.push(fnv(b'p', &p.to_ascii_lowercase(), ""));
                        }
                    }
                    start = i;
                }
            }
        }
        word.clear();
        word.push_str(norm(&raw.to_ascii_lowercase()));
        if word.len() < 2 && word != "#" {
            continue;
        }
        out.push(fnv(b'w', &word, ""));
        if !prev.is_empty() {
            out.push(fnv(b'b', &prev, &word));
        }
        std::mem::swap(&mut prev, &mut word);
    }
    out.sort_unstable();
    out.dedup();
}
