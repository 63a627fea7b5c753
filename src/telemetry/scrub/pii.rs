//! The hand-written detectors that keep personal data out of telemetry:
//! emails, phone numbers, card numbers (Luhn), IPv4/IPv6 addresses, JWTs, API
//! keys and bearer tokens, UUIDs and long ids. No regex: every check is a
//! linear scan.

use super::Reason;
use crate::substr::{contains, find, has_byte, one_of, replace};

/// Longest value the detectors look at; longer values are refused as free
/// text without scanning (a closed-set value is never this long).
pub const MAX_SCAN: usize = 4096;

/// What kind of personal data or secret `s` looks like, if any.
pub fn detect_pii(s: &str) -> Option<Reason> {
    if s.len() > MAX_SCAN {
        return Some(Reason::FreeText);
    }
    let decoded = percent_decode(s);
    let norm = deobfuscate(&decoded);
    let s = norm.as_str();
    if has_bearer(s) {
        return Some(Reason::ApiKey);
    }
    if is_email(s) {
        return Some(Reason::Email);
    }
    // Secrets may contain `/` (base64), so look at whitespace-separated words too.
    for w in s.split_whitespace() {
        let w = w.trim_matches(|c: char| one_of(c, "\"'<>(),;"));
        if is_jwt(w) {
            return Some(Reason::Jwt);
        }
        if is_api_key(w) {
            return Some(Reason::ApiKey);
        }
    }
    let mut found: Option<Reason> = None;
    for tok in s.split(is_token_sep).filter(|t| !t.is_empty()) {
        if let Some(r) = classify_token(tok) {
            // Secrets and addresses outrank ids.
            if found.is_none() || found == Some(Reason::Identifier) {
                found = Some(r);
            }
            if r != Reason::Identifier {
                return Some(r);
            }
        }
    }
    if let Some(r) = scan_digit_runs(s) {
        return Some(r);
    }
    found
}

fn is_token_sep(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            ',' | ';'
                | '"'
                | '\''
                | '<'
                | '>'
                | '('
                | ')'
                | '{'
                | '}'
                | '|'
                | '&'
                | '?'
                | '#'
                | '`'
                | '/'
        )
}

pub(super) fn percent_decode(s: &str) -> String {
    if !has_byte(s, b'%') && !has_byte(s, b'+') {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(b[i + 1]), hex(b[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 3;
                    }
                    _ => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// "john (at) example [dot] com" → "john@example.com".
fn deobfuscate(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let obfuscated = contains(&lower, "(at)")
        || contains(&lower, "[at]")
        || (contains(&lower, "at") && contains(&lower, "dot"));
    if !obfuscated {
        return s.to_owned();
    }
    let mut t = lower;
    for (from, to) in [
        ("(at)", "@"),
        ("[at]", "@"),
        ("{at}", "@"),
        (" at ", "@"),
        ("(dot)", "."),
        ("[dot]", "."),
        ("{dot}", "."),
        (" dot ", "."),
    ] {
        t = replace(&t, from, to);
    }
    for (from, to) in [(" @ ", "@"), ("@ ", "@"), (" @", "@"), (" . ", ".")] {
        t = replace(&t, from, to);
    }
    t
}

fn has_bearer(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    for prefix in ["bearer ", "basic ", "token "] {
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|r| find(r, prefix)) {
            let at = from + pos;
            let rest = &s[at + prefix.len()..];
            let tok: &str = rest
                .trim_start()
                .split(char::is_whitespace)
                .next()
                .unwrap_or("");
            if tok.len() >= 16
                && tok
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || one_of(c, "-._~+/="))
                && has_digit_and_letter(tok)
            {
                return true;
            }
            from = at + prefix.len();
        }
    }
    false
}

fn has_digit_and_letter(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit()) && s.bytes().any(|b| b.is_ascii_alphabetic())
}

fn classify_token(raw: &str) -> Option<Reason> {
    let tok = raw.trim_matches(|c: char| matches!(c, '.' | ':' | '!' | '[' | ']' | '*'));
    if tok.is_empty() {
        return None;
    }
    if is_email(tok) {
        return Some(Reason::Email);
    }
    if is_jwt(tok) {
        return Some(Reason::Jwt);
    }
    if is_api_key(tok) {
        return Some(Reason::ApiKey);
    }
    if is_ip(raw) || is_ip(tok) {
        return Some(Reason::IpAddress);
    }
    if has_uuid(tok) {
        return Some(Reason::Uuid);
    }
    if is_long_id(tok) {
        return Some(Reason::Identifier);
    }
    None
}

fn is_email(t: &str) -> bool {
    let b = t.as_bytes();
    for (at, _) in t.match_indices('@') {
        let local_ok = |c: u8| c.is_ascii_alphanumeric() || b"._%+-!#$&'*=^`{|}~\"".contains(&c);
        let local_len = b[..at].iter().rev().take_while(|c| local_ok(**c)).count();
        let domain: &str = {
            let rest = &t[at + 1..];
            let end = rest
                .find(|c: char| {
                    !(c.is_ascii_alphanumeric() || !c.is_ascii() || c == '.' || c == '-')
                })
                .unwrap_or(rest.len());
            rest[..end].trim_end_matches('.')
        };
        if local_len == 0 {
            continue;
        }
        if let Some((host, tld)) =
            crate::digits::rfind_byte(domain, b'.').map(|i| (&domain[..i], &domain[i + 1..]))
        {
            if !host.is_empty() && tld.len() >= 2 && tld.bytes().all(|c| c.is_ascii_alphabetic()) {
                return true;
            }
        }
    }
    false
}

fn is_b64url(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_' || c == b'=')
}

fn is_jwt(t: &str) -> bool {
    let Some(start) = find(t, "eyJ") else {
        return false;
    };
    let t = &t[start..];
    let parts: Vec<&str> = t.split('.').collect();
    (parts.len() == 3 || parts.len() == 2)
        && parts[..2].iter().all(|p| is_b64url(p) && p.len() >= 4)
        && parts.get(2).map_or(true, |p| p.is_empty() || is_b64url(p))
        && t.len() >= 20
}

pub(super) const KEY_PREFIXES: [&str; 22] = [
    "sk_live_",
    "sk_test_",
    "rk_live_",
    "rk_test_",
    "pk_live_",
    "pk_test_",
    "whsec_",
    "sk-proj-",
    "sk-ant-",
    "sk-",
    "ghp_",
    "gho_",
    "ghs_",
    "ghu_",
    "ghr_",
    "github_pat_",
    "xoxb-",
    "xoxp-",
    "xoxa-",
    "glpat-",
    "npm_",
    "AIza",
];

fn is_api_key(t: &str) -> bool {
    // key=value forms: api_key=..., token=..., access_token=..., password=...
    if let Some((k, v)) = t.split_once('=') {
        let k = k.to_ascii_lowercase();
        if !v.is_empty()
            && [
                "key",
                "token",
                "secret",
                "password",
                "passwd",
                "pwd",
                "auth",
                "session",
                "sid",
                "signature",
            ]
            .iter()
            .any(|w| k.ends_with(w))
        {
            return true;
        }
    }
    for p in KEY_PREFIXES {
        if let Some(rest) = t.strip_prefix(p) {
            if rest.len() >= 8
                && rest
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            {
                return true;
            }
        }
    }
    // AWS access key ids: AKIA/ASIA/AGPA/AIDA/AROA + 16 upper-case alphanumerics.
    if t.len() == 20
        && ["AKIA", "ASIA", "AGPA", "AIDA", "AROA"]
            .iter()
            .any(|p| t.starts_with(p))
        && t.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        return true;
    }
    // Generic high-entropy secret: long, mixed case and digits.
    t.len() >= 24
        && t.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-_+/=".contains(&c))
        && t.bytes().any(|c| c.is_ascii_uppercase())
        && t.bytes().any(|c| c.is_ascii_lowercase())
        && (t.bytes().filter(|c| c.is_ascii_digit()).count() >= 2
            || (t.len() >= 32 && t.bytes().any(|c| c.is_ascii_digit())))
}

fn is_ip(t: &str) -> bool {
    use super::ip::{is_ipv4, is_ipv6};
    let mut s = t;
    if let Some(rest) = s.strip_prefix('[') {
        s = rest.split(']').next().unwrap_or(rest);
    }
    let s = s.split('%').next().unwrap_or(s); // zone id
                                              // (Every IPv6 address has at least two colons.)
    if is_ipv6(s) {
        return true;
    }
    // IPv4 with optional :port
    let host = match crate::digits::rfind_byte(s, b':').map(|i| (&s[..i], &s[i + 1..])) {
        Some((h, p)) if !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()) => h,
        _ => s,
    };
    is_ipv4(host)
}

pub(super) fn is_hex(s: &str) -> bool {
    s.bytes().all(|c| c.is_ascii_hexdigit())
}

pub(super) fn has_uuid(t: &str) -> bool {
    let b = t.as_bytes();
    if b.len() >= 36 {
        for start in 0..=b.len() - 36 {
            let w = &b[start..start + 36];
            let ok = w.iter().enumerate().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => *c == b'-',
                _ => c.is_ascii_hexdigit(),
            });
            if ok {
                return true;
            }
        }
    }
    t.len() == 32 && is_hex(t)
}

fn is_long_id(t: &str) -> bool {
    let digits = t.bytes().filter(|c| c.is_ascii_digit()).count();
    (t.len() >= 16 && is_hex(t) && digits > 0) || (t.len() >= 6 && digits == t.len())
}

fn luhn(digits: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(*d);
        if i % 2 == 1 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    sum % 10 == 0
}

/// Finds runs of digits and separators (`+ - . ( )` and spaces) and checks
/// each for a card number (13–19 digits, Luhn) or a phone number.
fn scan_digit_runs(s: &str) -> Option<Reason> {
    let b = s.as_bytes();
    let run_char = |c: u8| c.is_ascii_digit() || b" -.()+\t".contains(&c);
    let mut i = 0;
    while i < b.len() {
        if !(b[i].is_ascii_digit() || b[i] == b'+' || b[i] == b'(') {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && run_char(b[i]) {
            i += 1;
        }
        let run = s[start..i].trim_end_matches([' ', '-', '.', '(', '\t', '+']);
        if let Some(r) = classify_digit_run(run) {
            return Some(r);
        }
    }
    None
}

fn classify_digit_run(run: &str) -> Option<Reason> {
    let digits: Vec<u8> = run
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|c| c - b'0')
        .collect();
    let n = digits.len();
    let only_card_seps = run
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b' ' || c == b'-');
    if (13..=19).contains(&n) && only_card_seps && luhn(&digits) {
        return Some(Reason::CardNumber);
    }
    // Dates (2024-10-01, 01.10.2024) and versions are not phones.
    let groups: Vec<&str> = run
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if groups.len() == 3 && groups.iter().all(|g| g.len() <= 4) && n <= 8 {
        return None;
    }
    if has_byte(run, b'.') && !has_byte(run, b' ') && groups.len() >= 3 && n < 10 {
        return None; // dotted versions / IPs are handled elsewhere
    }
    let plus = run.starts_with('+');
    let separated = groups.len() >= 2;
    let phone = (plus && (7..=15).contains(&n))
        || (separated && (9..=15).contains(&n))
        || (!separated && digits.first() == Some(&0) && (10..=11).contains(&n));
    phone.then_some(Reason::Phone)
}
