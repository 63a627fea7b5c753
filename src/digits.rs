//! Integers as text and back without `core::fmt` or `str::parse` (whose
//! generic machinery is a few KB of the core's wasm): decimal and
//! hexadecimal, zero-padded to a width, the 32-hex-digit ids the crate
//! mints, and decimal parsing as `str::parse` does it.

/// Appends `n` in base `radix` (2–16, lower-case letters), zero-padded to at
/// least `width` digits.
pub fn push_radix(out: &mut String, mut n: u64, radix: u64, width: usize) {
    let radix = radix.clamp(2, 16);
    let mut buf = [b'0'; 64];
    let mut i = buf.len();
    while n > 0 || i > buf.len().saturating_sub(width.clamp(1, 64)) {
        i -= 1;
        buf[i] = b"0123456789abcdef"[(n % radix) as usize];
        n /= radix;
    }
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

/// Appends `n` in decimal, zero-padded to at least `width` digits.
pub fn push_dec(out: &mut String, n: u64, width: usize) {
    push_radix(out, n, 10, width);
}

/// Appends `n` in decimal, with a `-` when negative.
pub fn push_i64(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    push_dec(out, n.unsigned_abs(), 1);
}

/// `n` in decimal.
pub fn dec(n: u64) -> String {
    let mut s = String::new();
    push_dec(&mut s, n, 1);
    s
}

/// 32 lower-case hex digits: `a` then `b`, each zero-padded to 16.
pub fn hex_id(a: u64, b: u64) -> String {
    let mut s = String::with_capacity(32);
    push_radix(&mut s, a, 16, 16);
    push_radix(&mut s, b, 16, 16);
    s
}

/// `s` as a `u64`, exactly as `s.parse::<u64>().ok()`: ASCII digits with an
/// optional leading `+`, no overflow.
pub fn parse_u64(s: &str) -> Option<u64> {
    let d = s.strip_prefix('+').unwrap_or(s);
    if d.is_empty() {
        return None;
    }
    d.bytes().try_fold(0u64, |n, b| {
        if !b.is_ascii_digit() {
            return None;
        }
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// `s` as an `i64`, exactly as `s.parse::<i64>().ok()`.
pub fn parse_i64(s: &str) -> Option<i64> {
    match s.strip_prefix('-') {
        Some(d) if d.starts_with('+') => None,
        Some(d) => {
            let m = parse_u64(d)?;
            (m <= 1 << 63).then(|| (m as i64).wrapping_neg())
        }
        None => i64::try_from(parse_u64(s)?).ok(),
    }
}

/// The byte offset of the last `b` (an ASCII byte) in `s`, like
/// `s.rfind(char)` without the generic char searcher.
pub fn rfind_byte(s: &str, b: u8) -> Option<usize> {
    s.bytes().rposition(|x| x == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_str_parse_parses() {
        for s in [
            "",
            "+",
            "-",
            "0",
            "-0",
            "+0",
            "007",
            "42",
            "-42",
            "+-1",
            "-+1",
            "1 ",
            " 1",
            "1a",
            "١",
            "18446744073709551615",
            "18446744073709551616",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "-9223372036854775809",
        ] {
            assert_eq!(parse_u64(s), s.parse::<u64>().ok(), "{s:?}");
            assert_eq!(parse_i64(s), s.parse::<i64>().ok(), "{s:?}");
            assert_eq!(rfind_byte(s, b'-'), s.rfind('-'));
        }
    }

    #[test]
    fn writes_what_format_writes() {
        for n in [
            0u64,
            1,
            9,
            10,
            99,
            100,
            12_345,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            assert_eq!(dec(n), format!("{n}"));
            for w in [0, 1, 2, 3, 4, 20, 25] {
                let mut s = String::new();
                push_dec(&mut s, n, w);
                assert_eq!(s, format!("{n:0w$}"), "{n} {w}");
                let mut s = String::new();
                push_radix(&mut s, n, 16, w);
                assert_eq!(s, format!("{n:0w$x}"), "{n} {w}");
            }
        }
        for n in [0i64, -1, 7, -12_345, i64::MIN, i64::MAX] {
            let mut s = String::new();
            push_i64(&mut s, n);
            assert_eq!(s, n.to_string());
        }
        assert_eq!(
            hex_id(0xab, u64::MAX),
            format!("{:016x}{:016x}", 0xab, u64::MAX)
        );
    }
}
