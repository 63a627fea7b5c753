//! Typo tolerance: a bounded optimal-string-alignment distance (adjacent
//! transpositions cost 1, so "cancle" is one edit from "cancel") and the
//! closest vocabulary word within a length-dependent tolerance.

/// Edits allowed for a word of `len` characters: none under 5 (short words
/// are too often other real words: "tall" is not "talk"), one for 5–8
/// ("cancle", "gmial"), two from 9 ("subscribtion" -> "subscription").
pub fn tolerance(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

const CAP: usize = 32;

/// Up to [`CAP`] characters of `s` on the stack; `None` when longer.
fn chars(s: &str) -> Option<([char; CAP], usize)> {
    let mut out = ['\0'; CAP];
    let mut n = 0;
    for c in s.chars() {
        *out.get_mut(n)? = c;
        n += 1;
    }
    Some((out, n))
}

/// The edit distance between `a` and `b` if it is at most `max`.
pub fn distance(a: &str, b: &str, max: usize) -> Option<usize> {
    if max <= 1 && a.is_ascii() && b.is_ascii() {
        // one character a byte: no need to split them out
        if a.len() > CAP || b.len() > CAP || a.len().abs_diff(b.len()) > max {
            return None;
        }
        return within_one(a.as_bytes(), b.as_bytes()).filter(|&d| d <= max);
    }
    let (a, n) = chars(a)?;
    distance_to(&a[..n], b, max)
}

/// [`distance`] with `a` already split into characters (no allocation).
fn distance_to(a: &[char], b: &str, max: usize) -> Option<usize> {
    let (b, m) = chars(b)?;
    let b = &b[..m];
    let n = a.len();
    if n.abs_diff(m) > max {
        return None;
    }
    if max <= 1 {
        // at most one edit: a linear comparison gives the same answer as
        // the table below, without filling it
        return within_one(a, b).filter(|&d| d <= max);
    }
    // three rolling rows (i-2, i-1, i), reused in turn rather than copied;
    // values never pass CAP, so a byte each
    let mut rows = [[0u8; CAP + 1]; 3];
    for (j, v) in rows[1].iter_mut().enumerate() {
        *v = j as u8;
    }
    let (mut r2, mut r1, mut r0) = (2usize, 1usize, 0usize);
    for i in 1..=n {
        let [x, y, z] = &mut rows;
        let (prev2, prev, cur) = match (r2, r1) {
            (0, 1) => (&*x, &*y, z),
            (0, 2) => (&*x, &*z, y),
            (1, 0) => (&*y, &*x, z),
            (1, 2) => (&*y, &*z, x),
            (2, 0) => (&*z, &*x, y),
            _ => (&*z, &*y, x),
        };
        cur[0] = i as u8;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if usize::from(row_min) > max {
            return None;
        }
        (r2, r1, r0) = (r1, r0, r2);
    }
    rows.get(r1)
        .and_then(|row| row.get(m))
        .map(|&d| usize::from(d))
        .filter(|&d| d <= max)
}

/// The edit distance between `a` and `b` when it is 0 or 1 (a
/// substitution, an insertion or deletion, or one adjacent transposition),
/// else `None`.
fn within_one<T: PartialEq>(a: &[T], b: &[T]) -> Option<usize> {
    let i = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (n, m) = (a.len(), b.len());
    if n == m {
        if i == n {
            return Some(0);
        }
        let (ra, rb) = (a.get(i + 1..)?, b.get(i + 1..)?);
        if ra == rb {
            return Some(1); // a substitution
        }
        let swapped = i + 1 < n && a[i] == b[i + 1] && a[i + 1] == b[i];
        return (swapped && a.get(i + 2..) == b.get(i + 2..)).then_some(1);
    }
    let (long, short) = if n > m { (a, b) } else { (b, a) };
    if long.len() != short.len() + 1 {
        return None;
    }
    // the first difference is the extra character
    (long.get(i + 1..)? == short.get(i..)?).then_some(1)
}

/// The set of character classes in `s` as bits: a–z one each, then digits,
/// other ASCII and anything else. One edit changes at most two bits (a
/// substitution drops one class and adds another), so `d` edits leave at
/// most `2d` bits different: a cheap lower bound that skips most candidates
/// before the distance is computed.
fn classes(s: &str) -> u32 {
    s.bytes().fold(0, |m, b| {
        m | 1
            << match b {
                b'a'..=b'z' => u32::from(b - b'a'),
                b'0'..=b'9' => 26,
                0..=0x7f => 27,
                _ => 28,
            }
    })
}

/// The entries of `sorted` (ordered by `key`, as `binary_search` needs) whose
/// key starts with the first character of `word`: the only candidates
/// [`correct`] tries, found by two binary searches instead of a scan.
pub fn same_initial<'a, T>(sorted: &'a [T], word: &str, key: impl Fn(&T) -> &str) -> &'a [T] {
    let Some(c) = word.chars().next() else {
        return &[];
    };
    let mut buf = [0u8; 4];
    let initial: &str = c.encode_utf8(&mut buf);
    // Keys with a given prefix form one run in a sorted list.
    let lo = sorted.partition_point(|t| key(t) < initial);
    let rest = sorted.get(lo..).unwrap_or(&[]);
    let n = rest.partition_point(|t| key(t).starts_with(initial));
    rest.get(..n).unwrap_or(&[])
}

/// The closest word of `vocab` to `word` within [`tolerance`], preferring
/// the smaller distance, then the earlier entry. Only words sharing the
/// first letter are tried (typos rarely change it), which keeps a lookup
/// to a few microseconds.
pub fn correct<'a, I: IntoIterator<Item = &'a str>>(word: &str, vocab: I) -> Option<&'a str> {
    let (wc, len) = chars(word)?;
    let tol = tolerance(len);
    let first = word.chars().next()?;
    if tol == 0 {
        return None;
    }
    let mut buf = [0u8; 4];
    let first: &[u8] = first.encode_utf8(&mut buf).as_bytes();
    let mut best: Option<(usize, &'a str)> = None;
    let mask = classes(word);
    let ascii = word.is_ascii();
    for cand in vocab {
        if !cand.as_bytes().starts_with(first)
            || cand.len().abs_diff(word.len()) > tol
            || tolerance(cand.len()) == 0
        {
            continue;
        }
        let limit = best.map_or(tol, |(d, _)| d.saturating_sub(1));
        if (mask ^ classes(cand)).count_ones() as usize > 2 * limit {
            continue;
        }
        // at most one edit between ASCII words: compare the bytes (what
        // `distance_to` does on characters, without splitting `cand`)
        let d = if limit <= 1 && ascii && cand.is_ascii() {
            (cand.len() <= CAP)
                .then(|| within_one(word.as_bytes(), cand.as_bytes()))
                .flatten()
                .filter(|&d| d <= limit)
        } else {
            distance_to(&wc[..len], cand, limit)
        };
        if let Some(d) = d {
            if best.map_or(true, |(bd, _)| d < bd) {
                best = Some((d, cand));
                if d == 1 && tol == 1 {
                    break;
                }
            }
        }
    }
    best.map(|(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("cancle", "cancel", 1), Some(1));
        assert_eq!(distance("gmial", "gmail", 1), Some(1));
        assert_eq!(distance("subscribtion", "subscription", 2), Some(1));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
        assert_eq!(distance("kitten", "sitting", 2), None);
        assert_eq!(distance("same", "same", 0), Some(0));
        assert_eq!(distance(&"x".repeat(100), "x", 2), None);
    }

    /// The optimal-string-alignment distance by the full table.
    fn reference(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, v) in d[0].iter_mut().enumerate() {
            *v = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn every_path_agrees_with_the_full_table() {
        // max 0 and 1 take the linear check (on bytes for ASCII), 2 and 3
        // the rolling rows
        let check = |a: &str, b: &str| {
            let want = reference(a, b);
            for max in 0..=3 {
                assert_eq!(
                    distance(a, b, max),
                    Some(want).filter(|&d| d <= max),
                    "{a:?} {b:?} max {max}"
                );
            }
        };
        for (a, b) in [
            ("cancle", "cancel"),
            ("ab", "ba"),
            ("abc", "ca"),
            ("", "a"),
            ("aab", "ab"),
            ("café", "cafe"),
            ("éa", "aé"),
        ] {
            check(a, b);
            check(b, a);
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use proptest::prelude::*;
            proptest!(|(a in "[abé1]{0,9}", b in "[abé1]{0,9}")| check(&a, &b));
            proptest!(|(a in "[ab]{0,6}", b in "[ab]{0,6}")| check(&a, &b));
        }
    }

    #[test]
    fn corrections() {
        let vocab = ["cancel", "gmail", "price", "refund", "subscription"];
        let v = || vocab.iter().copied();
        assert_eq!(correct("cancle", v()), Some("cancel"));
        assert_eq!(correct("subscribtion", v()), Some("subscription"));
        assert_eq!(correct("refnud", v()), Some("refund"));
        assert_eq!(correct("xyz", v()), None);
        assert_eq!(correct("prize", v()), Some("price"));
        assert_eq!(
            correct("tall", ["talk"]),
            None,
            "short words are left alone"
        );
        assert_eq!(correct("", v()), None);
    }

    #[test]
    fn correct_is_the_closest_earliest_word_within_tolerance() {
        // against a scan with the full table (every shortcut of `correct`:
        // the class bound, the byte path, the early stop)
        let naive = |word: &str, vocab: &[String]| -> Option<String> {
            let len = word.chars().count();
            let (tol, first) = (tolerance(len), word.chars().next()?);
            let mut best: Option<(usize, &String)> = None;
            for c in vocab {
                if tol == 0
                    || !c.starts_with(first)
                    || tolerance(c.len()) == 0 // (bytes, as `correct` reads it)
                    || c.len().abs_diff(word.len()) > tol
                    || len > CAP
                    || c.chars().count() > CAP
                {
                    continue;
                }
                let d = reference(word, c);
                if d <= tol && best.map_or(true, |(b, _)| d < b) {
                    best = Some((d, c));
                }
            }
            best.map(|(_, c)| c.clone())
        };
        // words near each other: each vocabulary a word's copies with one
        // to three random edits (where the class bound and the byte path
        // decide), plus unrelated words
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let alphabet = ['a', 'b', 'c', 'd', 'é'];
        for round in 0..3000 {
            let len = 3 + next(10);
            let word: Vec<char> = (0..len)
                .map(|_| alphabet[next(if round % 3 == 0 { 5 } else { 4 })])
                .collect();
            let mut vocab = Vec::new();
            for _ in 0..next(6) {
                let mut w = word.clone();
                for _ in 0..1 + next(3) {
                    let i = next(w.len().max(1));
                    match next(4) {
                        0 if !w.is_empty() => w[i] = alphabet[next(4)],
                        1 => w.insert(i.min(w.len()), alphabet[next(4)]),
                        2 if w.len() > 1 => {
                            w.remove(i);
                        }
                        _ if i + 1 < w.len() => w.swap(i, i + 1),
                        _ => {}
                    }
                }
                vocab.push(w.into_iter().collect::<String>());
            }
            vocab.push((0..4 + next(6)).map(|_| alphabet[next(4)]).collect());
            let word: String = word.into_iter().collect();
            // (correct is asked only of words the vocabulary lacks)
            vocab.retain(|w| *w != word);
            let got = correct(&word, vocab.iter().map(String::as_str)).map(str::to_owned);
            assert_eq!(got, naive(&word, &vocab), "{word:?} in {vocab:?}");
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            use proptest::prelude::*;
            proptest!(|(word in "[abcé]{0,11}", vocab in proptest::collection::vec("[abcé]{4,11}", 0..12))| {
                let vocab: Vec<String> = vocab.into_iter().filter(|w| *w != word).collect();
                let got = correct(&word, vocab.iter().map(String::as_str)).map(str::to_owned);
                prop_assert_eq!(got, naive(&word, &vocab), "{:?} in {:?}", word, vocab);
            });
        }
    }

    #[test]
    fn the_class_bound_never_exceeds_twice_the_distance() {
        let words = [
            "cancel",
            "cancle",
            "canceled",
            "subscription",
            "subscribtion",
            "gmail",
            "gmial",
            "café",
            "cafe",
            "zapier",
            "x1y2",
            "refund",
            "refnud",
            "prize",
            "price",
            "aaaa",
            "bbbb",
        ];
        let check = |a: &str, b: &str| {
            if let Some(d) = distance(a, b, 32) {
                let bits = (classes(a) ^ classes(b)).count_ones() as usize;
                assert!(bits <= 2 * d, "{a} {b}: {bits} bits, distance {d}");
            }
        };
        for a in words {
            for b in words {
                check(a, b);
            }
        }
        // And over random words (a small alphabet, so edits overlap).
        #[cfg(not(target_arch = "wasm32"))]
        {
            use proptest::prelude::*;
            proptest!(|(a in "[abcé1-]{0,12}", b in "[abcé1-]{0,12}")| check(&a, &b));
        }
    }

    #[test]
    fn same_initial_is_the_run_sharing_the_first_character() {
        let sorted = ["apple", "cancel", "card", "cart", "cé", "d", "é", "éclair"];
        fn k<'b>(s: &'b &str) -> &'b str {
            s
        }
        assert_eq!(
            same_initial(&sorted, "cancle", k),
            ["cancel", "card", "cart", "cé"]
        );
        assert_eq!(same_initial(&sorted, "apl", k), ["apple"]);
        assert_eq!(same_initial(&sorted, "éclar", k), ["é", "éclair"]);
        assert_eq!(same_initial(&sorted, "zebra", k), [] as [&str; 0]);
        assert_eq!(same_initial(&sorted, "", k), [] as [&str; 0]);
        assert_eq!(same_initial(&[] as &[&str], "x", k), [] as [&str; 0]);
        // The same answer as trying the whole list.
        for w in ["cancle", "crad", "aple", "dd", "éclar"] {
            assert_eq!(
                correct(w, same_initial(&sorted, w, k).iter().copied()),
                correct(w, sorted.iter().copied()),
                "{w}"
            );
        }
    }
}
