//! IP address syntax, as `std::net`'s `Ipv4Addr` / `Ipv6Addr` parsers accept
//! it (the same strings; a proptest checks against them), without linking
//! those parsers into the wasm: dotted-quad IPv4 (no leading zeros), and IPv6
//! with hex groups of 1–4 digits, one `::` standing for at least one zero
//! group, and an optional trailing IPv4.

/// Whether `s` is a dotted-quad IPv4 address.
pub fn is_ipv4(s: &str) -> bool {
    ipv4_len(s.as_bytes()) == Some(s.len())
}

/// Whether `s` is an IPv6 address.
pub fn is_ipv6(s: &str) -> bool {
    let b = s.as_bytes();
    let (head, head_end, head_v4) = groups(b, 8);
    if head == 8 {
        return head_end == b.len();
    }
    if head_v4 || !b.get(head_end..).is_some_and(|r| r.starts_with(b"::")) {
        return false;
    }
    let rest = &b[head_end + 2..];
    let (_, tail_end, _) = groups(rest, 7 - head);
    tail_end == rest.len()
}

/// The length of the IPv4 address at the start of `b`.
fn ipv4_len(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    for octet in 0..4 {
        if octet > 0 {
            if b.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
        let start = i;
        let mut n = 0u32;
        while let Some(d) = b.get(i).filter(|c| c.is_ascii_digit()) {
            n = n * 10 + u32::from(d - b'0');
            i += 1;
            if i - start > 3 || n > 255 {
                return None;
            }
        }
        if i == start || (b[start] == b'0' && i - start > 1) {
            return None;
        }
    }
    Some(i)
}

/// Reads up to `limit` colon-separated groups from the start of `b` (the
/// last two may be an IPv4): how many, where they end, whether an IPv4 ended
/// them.
fn groups(b: &[u8], limit: usize) -> (usize, usize, bool) {
    let mut end = 0;
    for i in 0..limit {
        let at = if i == 0 {
            Some(end)
        } else {
            (b.get(end) == Some(&b':')).then_some(end + 1)
        };
        let Some(at) = at else {
            return (i, end, false);
        };
        let rest = b.get(at..).unwrap_or_default();
        if i + 1 < limit {
            if let Some(n) = ipv4_len(rest) {
                return (i + 2, at + n, true);
            }
        }
        let digits = rest.iter().take_while(|c| c.is_ascii_hexdigit()).count();
        if digits == 0 || digits > 4 {
            return (i, end, false);
        }
        end = at + digits;
    }
    (limit, end, false)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn agrees(s: &str) {
        assert_eq!(is_ipv4(s), s.parse::<Ipv4Addr>().is_ok(), "v4 {s:?}");
        assert_eq!(is_ipv6(s), s.parse::<Ipv6Addr>().is_ok(), "v6 {s:?}");
    }

    #[test]
    fn accepts_what_std_accepts() {
        for s in [
            "",
            "1.2.3.4",
            "255.255.255.255",
            "256.1.1.1",
            "01.2.3.4",
            "0.0.0.0",
            "1.2.3",
            "1.2.3.4.",
            "1.2.3.4.5",
            "1.2.3.0004",
            "::",
            "::1",
            "1::",
            "fe80::1",
            "2001:db8::8a2e:370:7334",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::8",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "1::2::3",
            ":1::2",
            "1:::2",
            "12345::",
            "ABCD::ef",
            "::1.2.3.4:5",
            "1.2.3.4::",
            "::1.2.3",
            "1::1.2.3.4",
            "1:2:3:4:5::1.2.3.4",
            "1:2:3:4:5:6::1.2.3.4",
        ] {
            agrees(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn agrees_with_std(s in "[0-9a-fA-F:.g]{0,40}") {
            agrees(&s);
        }

        #[test]
        fn agrees_with_std_on_addresses(a in any::<[u16; 8]>(), v4 in any::<[u8; 4]>(), cut in 0usize..8) {
            let v6 = Ipv6Addr::from(a).to_string();
            agrees(&v6);
            agrees(&Ipv4Addr::from(v4).to_string());
            let groups: Vec<String> = a.iter().map(|g| format!("{g:x}")).collect();
            agrees(&format!("{}::{}", groups[..cut].join(":"), groups[cut..].join(":")));
            agrees(&format!("{}:{}", groups[..6].join(":"), Ipv4Addr::from(v4)));
        }
    }
}
