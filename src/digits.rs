//! Integers as text without `core::fmt` (whose machinery is a few KB of the
//! core's wasm): decimal and hexadecimal, zero-padded to a width, and the
//! 32-hex-digit ids the crate mints.

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

#[cfg(test)]
mod tests {
    use super::*;

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
