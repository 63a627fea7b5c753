//! Hashed text features of an error message for the learned classifier
//! (`crate::text::classifier`): folded words, adjacent word pairs and the parts of
//! CamelCase names ("ServerSelectionTimeoutError" also gives "timeout"),
//! each hashed (FNV-1a) into a `u16`. Self-contained: the build
//! script includes this file to train on the corpus with the same features.

/// Words read per message (bounds the time per answer).
const MAX_WORDS: usize = 160;

fn word(w: &str) -> &str {
    if w.len() > 3 && w.bytes().all(|c| c.is_ascii_digit()) {
        "#"
    } else {
        w
    }
}

/// FNV-1a of `kind`, then `a` (and ` b` when given), lower-cased; a long
/// number hashes as `#` (3-digit ones stay: a status is a good feature).
fn fnv(kind: u8, a: &str, b: &str) -> u16 {
    let mut h: u32 = 0x811c_9dc5;
    let mut eat = |x: u8| {
        h ^= u32::from(x.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0193);
    };
    eat(kind);
    word(a).bytes().for_each(&mut eat);
    if !b.is_empty() {
        eat(b' ');
        word(b).bytes().for_each(&mut eat);
    }
    ((h >> 16) ^ (h & 0xffff)) as u16
}

/// The feature ids of `text`, sorted and without duplicates, in `out`
/// (cleared first).
pub fn features(text: &str, out: &mut Vec<u16>) {
    out.clear();
    let mut prev = "";
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
                let cut =
                    i == b.len() || (b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase());
                if cut {
                    if let Some(p) = raw.get(start..i) {
                        if p.len() > 2 {
                            out.push(fnv(b'p', p, ""));
                        }
                    }
                    start = i;
                }
            }
        }
        if raw.len() < 2 {
            continue;
        }
        out.push(fnv(b'w', raw, ""));
        if !prev.is_empty() {
            out.push(fnv(b'b', prev, raw));
        }
        prev = raw;
    }
    super::text::features::sort_dedup(out);
}
