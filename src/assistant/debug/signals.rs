//! What an error text reveals, read from the raw text: the HTTP status in
//! any wording (status lines, JSON fields, log prose), errno names, provider
//! and protocol error codes (the table of `signals.txt`, JSON `code`/`error`/
//! `reason` fields, SQLSTATEs, SMTP replies), exception class names and the
//! providers named.

use super::tables::{self, CODES, ERRNO};

/// At most this many names per list.
const MAX_LIST: usize = 5;

/// What the error text revealed.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Signals {
    /// An HTTP status code, e.g. 401.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub http_status: Option<u16>,
    /// errno-style codes, e.g. "ECONNREFUSED".
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub errno: Vec<String>,
    /// Provider or protocol error codes as printed, e.g. "invalid_grant",
    /// "28P01", "UNAUTHENTICATED", "535".
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub codes: Vec<String>,
    /// Exception / error class names, e.g. "TimeoutError".
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub exceptions: Vec<String>,
    /// Services named, e.g. "Stripe".
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub providers: Vec<String>,
    /// The rule phrases that matched.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Vec::is_empty"))]
    pub matched: Vec<String>,
}

fn push(list: &mut Vec<String>, s: &str) {
    if list.len() < MAX_LIST && !list.iter().any(|x| x == s) {
        list.push(s.to_string());
    }
}

/// HTTP statuses a real server sends as errors.
fn known_status(n: u16) -> bool {
    matches!(n, 400..=418 | 421..=429 | 431 | 451 | 500..=511 | 520..=530)
}

/// Words that, right before a number, say it is an HTTP status.
const BEFORE: &[&str] = &[
    "http",
    "status",
    "statuscode",
    "status_code",
    "code",
    "error",
    "err",
    "returned",
    "responded",
    "response",
    "got",
    "received",
    "httperror",
    "httpexception",
    "statuserror",
    "failed",
    "with",
    "errorcode",
    "error_code",
    "httpstatus",
    "http_status",
    "responsecode",
    "response_code",
    "erro",
    "api",
];
/// Fillers between such a word and the number ("returned a 502").
const FILLER: &[&str] = &["a", "an", "the", "of", "with", "code", "status"];
/// Words that, right after a number, are an HTTP reason phrase.
const AFTER: &[&str] = &[
    "unauthorized",
    "unauthorised",
    "forbidden",
    "not",
    "too",
    "internal",
    "bad",
    "service",
    "gateway",
    "unprocessable",
    "payment",
    "conflict",
    "method",
    "gone",
    "precondition",
    "request",
    "client",
    "server",
    "overloaded",
    "misdirected",
    "proxy",
    "length",
    "payload",
    "unsupported",
    "upgrade",
    "locked",
    "failed",
    "network",
    "insufficient",
];
/// Units after a number that make it a quantity, not a status.
const UNITS: &[&str] = &[
    "ms",
    "s",
    "sec",
    "secs",
    "seconds",
    "bytes",
    "kb",
    "mb",
    "gb",
    "rows",
    "items",
    "lines",
    "minutes",
    "requests",
    "chars",
    "characters",
    "tokens",
];

fn word_before(b: &[u8], mut i: usize) -> (String, usize) {
    while i > 0 && !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_' && b[i - 1] != b'\n' {
        i -= 1;
    }
    let end = i;
    while i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_') {
        i -= 1;
    }
    (String::from_utf8_lossy(&b[i..end]).to_ascii_lowercase(), i)
}

fn word_after(b: &[u8], mut i: usize) -> String {
    while i < b.len() && matches!(b[i], b' ' | b'(' | b'"' | b'\'' | b'-' | b':') {
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    String::from_utf8_lossy(&b[start..i]).to_ascii_lowercase()
}

/// Reason words that come before the number ("Unprocessable Entity - 422").
const REASON_BEFORE: &[&str] = &[
    "entity",
    "forbidden",
    "unauthorized",
    "found",
    "gateway",
    "unavailable",
];

/// Whether the text is a mail (SMTP) exchange, where 421 or 554 are reply
/// codes, not HTTP statuses.
fn smtp_context(text: &str) -> bool {
    ["smtp", "SMTP", "MAIL FROM", "RCPT", "gsmtp", "Smtp"]
        .iter()
        .any(|m| text.contains(m))
}

/// The first HTTP status the text states, in any wording.
fn http_status(text: &str) -> Option<u16> {
    let b = text.as_bytes();
    let smtp = smtp_context(text);
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i - start != 3 {
            continue;
        }
        let Some(n) = text.get(start..i).and_then(|s| s.parse::<u16>().ok()) else {
            continue;
        };
        if !known_status(n) {
            continue;
        }
        let prev = start.checked_sub(1).and_then(|k| b.get(k)).copied();
        let next = b.get(i).copied();
        let next2 = b.get(i + 1).copied();
        let lower_before = text
            .get(start.saturating_sub(12)..start)
            .unwrap_or("")
            .to_ascii_lowercase();
        let lower_before = lower_before.trim_end_matches([' ', '"', '\'']);
        if ["http/1.1", "http/1.0", "http/2", "http/2.0", "http/3"]
            .iter()
            .any(|v| lower_before.ends_with(v))
        {
            return Some(n);
        }
        if smtp && matches!(n, 421..=454 | 550..=554) {
            continue;
        }
        // part of a word, a version, an IP, a port, a time or a line:column
        if prev.is_some_and(|c| c.is_ascii_alphabetic() || c == b'.' || c == b'_')
            || next.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            || (matches!(next, Some(b'.' | b':' | b'-' | b'/' | b','))
                && next2.is_some_and(|c| c.is_ascii_digit()))
            || (next == Some(b' ') && next2.is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        if prev == Some(b':') {
            let before = start.checked_sub(2).and_then(|k| b.get(k)).copied();
            if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue; // host:port, file:line
            }
        }
        let bracket = matches!(
            (prev, next),
            (Some(b'['), Some(b']')) | (Some(b'('), Some(b')'))
        );
        let after = word_after(b, i);
        if UNITS.contains(&after.as_str()) {
            continue;
        }
        let dash = text.get(i..).is_some_and(|t| t.starts_with(" - "))
            && text.get(..start).is_some_and(|t| t.ends_with(": "));
        if bracket || dash || AFTER.contains(&after.as_str()) {
            return Some(n);
        }
        let (w1, at) = word_before(b, start);
        if BEFORE.contains(&w1.as_str())
            || REASON_BEFORE.contains(&w1.as_str())
            || (w1.len() > 5 && (w1.ends_with("error") || w1.ends_with("exception")))
        {
            return Some(n);
        }
        if FILLER.contains(&w1.as_str()) {
            let (w2, _) = word_before(b, at);
            if BEFORE.contains(&w2.as_str()) || w2 == "returned" {
                return Some(n);
            }
        }
        if start == 0 && (next.is_none() || matches!(next, Some(b' ' | b'\n' | b'.'))) {
            return Some(n);
        }
    }
    None
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')
}

/// Pieces of text that can be a code, with their byte offsets.
fn code_words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = 0;
    text.split(|c: char| !is_code_char(c)).filter_map(move |w| {
        let at = rest;
        rest += w.len() + 1;
        let t = w.trim_matches(|c: char| matches!(c, '.' | '-' | '/'));
        let lead = w.len() - w.trim_start_matches(['.', '-', '/']).len();
        (!t.is_empty()).then_some((at + lead, t))
    })
}

/// A numeric code is taken only where it reads as one: not a line number,
/// a port or part of a version.
fn numeric_code_ok(text: &str, at: usize, w: &str, smtp: bool) -> bool {
    let b = text.as_bytes();
    let prev = at.checked_sub(1).and_then(|k| b.get(k)).copied();
    let next = b.get(at + w.len()).copied();
    let next2 = b.get(at + w.len() + 1).copied();
    if w.len() == 3 {
        // SMTP reply: "535-5.7.8", "550 5.1.1", "(535, b'5.7.8", or at a
        // line start / after "failed: " in a mail exchange
        let before = text.get(..at).unwrap_or("");
        return (matches!(next, Some(b'-' | b' ')) && next2.is_some_and(|c| c.is_ascii_digit()))
            || (prev == Some(b'(') && next == Some(b','))
            || (smtp
                && matches!(next, Some(b' ') | None)
                && (at == 0 || prev == Some(b'\n') || before.ends_with(": ")));
    }
    let line_col = next == Some(b':') && next2.is_some_and(|c| c.is_ascii_digit());
    !(matches!(prev, Some(b':' | b'.')) || line_col)
}

/// Field names whose value is an error code, and whether any code-like
/// value counts (`false`: only snake_case or a code of the table).
const CODE_FIELDS: &[(&str, bool)] = &[
    ("code", true),
    ("errorcode", true),
    ("error_code", true),
    ("err_code", true),
    ("sqlstate", true),
    ("error", false),
    ("reason", false),
    ("error_summary", false),
];
/// Words that are log levels or placeholders, never codes.
const NOT_CODES: &[&str] = &[
    "ERROR", "FATAL", "WARN", "WARNING", "INFO", "DEBUG", "NULL", "NONE", "TRUE", "FALSE",
    "UNKNOWN",
];

/// Whether `v` looks like a machine code rather than prose.
fn code_like(v: &str) -> bool {
    let n = v.len();
    if !(3..=60).contains(&n) || !v.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    if !v
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
    {
        return false;
    }
    let upper = v.bytes().any(|c| c.is_ascii_uppercase());
    let lower = v.bytes().any(|c| c.is_ascii_lowercase());
    let camel = v
        .as_bytes()
        .windows(2)
        .any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
    v.contains('_') || camel || (upper && !lower && n >= 4)
}

/// Codes given as the value of a `code` / `error` / `reason` field, with
/// the byte span of each value (so it is not also read as an exception).
fn field_codes(text: &str, lower: &str, out: &mut Vec<String>, spans: &mut Vec<(usize, usize)>) {
    let b = text.as_bytes();
    for (field, any) in CODE_FIELDS {
        let mut from = 0;
        while let Some(p) = lower.get(from..).and_then(|s| s.find(field)) {
            let s = from + p;
            let e = s + field.len();
            from = e;
            let before = s.checked_sub(1).and_then(|k| b.get(k)).copied();
            if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_') {
                continue;
            }
            if b.get(e)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            {
                continue;
            }
            let mut j = e;
            let mut sep = 0;
            let mut quoted = false;
            while j < b.len() && matches!(b[j], b'"' | b'\'' | b' ' | b':' | b'=' | b'>' | b'\\') {
                sep += usize::from(matches!(b[j], b':' | b'=' | b'>'));
                quoted |= b[j] == b'"' || b[j] == b'\'';
                j += 1;
            }
            // no separator, or a namespace ("Error::NotFound")
            if sep == 0 || (sep == 2 && b.get(e) == Some(&b':') && b.get(e + 1) == Some(&b':')) {
                continue;
            }
            let k = b[j..]
                .iter()
                .position(|c| !(c.is_ascii_alphanumeric() || matches!(*c, b'_' | b'.' | b'/')))
                .map_or(b.len(), |q| j + q);
            let Some(v) = text.get(j..k) else { continue };
            let v = v.trim_end_matches(['.', '/']);
            if v.is_empty() || NOT_CODES.contains(&v) || v.eq_ignore_ascii_case(field) {
                continue;
            }
            let numeric = (2..=6).contains(&v.len()) && v.bytes().all(|c| c.is_ascii_digit());
            let is_status = v.parse::<u16>().is_ok_and(known_status);
            let class = is_class_name(v.rsplit('.').next().unwrap_or(v));
            let plain = v.len() < 10 && v.bytes().all(|c| c.is_ascii_lowercase());
            let ok = if tables::find(&CODES, v).is_some() {
                (!class || *any) && (!plain || quoted)
            } else if *any {
                (numeric && !is_status && !text.contains(&format!("E{v}")))
                    || (code_like(v) && (quoted || !class))
            } else {
                quoted && v.contains('_') && !v.contains('.') && !class
            };
            if ok {
                push(out, v);
                spans.push((j, j + v.len()));
            }
        }
    }
}

fn is_sqlstate(w: &str) -> bool {
    w.len() == 5
        && w.bytes()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && w.bytes().filter(u8::is_ascii_digit).count() >= 2
}

/// A word of the table, taken where it reads as a code: numbers only where
/// they read as codes, plain lower-case words ("invalid") and class names
/// ("ValidationException") only as field values (see [`field_codes`]), an
/// upper-case word not inside an upper-case phrase ("500 INTERNAL SERVER
/// ERROR").
fn table_code(text: &str, at: usize, w: &str, smtp: bool) -> bool {
    if tables::find(&CODES, w).is_none() {
        return false;
    }
    let b = w.as_bytes();
    if b.iter().all(u8::is_ascii_digit) {
        return numeric_code_ok(text, at, w, smtp);
    }
    let capitalised = b.first().is_some_and(u8::is_ascii_uppercase)
        && b.get(1..)
            .is_some_and(|r| r.iter().all(u8::is_ascii_lowercase));
    if (b.iter().all(u8::is_ascii_lowercase) && w.len() < 10) || capitalised {
        return false;
    }
    if is_class_name(w) {
        return false;
    }
    if b.iter().all(u8::is_ascii_uppercase) {
        let rest = text.get(at + w.len()..).unwrap_or("");
        let next: String = rest
            .trim_start_matches(' ')
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let prev_word = text.get(..at).unwrap_or("").trim_end_matches(' ');
        let prev_upper = prev_word.ends_with(|c: char| c.is_ascii_uppercase());
        if (next.len() > 1 && next.bytes().all(|c| c.is_ascii_uppercase())) || prev_upper {
            return false;
        }
    }
    true
}

fn codes_of(text: &str, out: &mut Vec<String>, spans: &mut Vec<(usize, usize)>) {
    let lower = text.to_ascii_lowercase();
    let smtp = smtp_context(text);
    for (at, w) in code_words(text) {
        if w.len() > 60 {
            continue;
        }
        if table_code(text, at, w, smtp) {
            push(out, w);
            continue;
        }
        // "535-5.7.8", "stripe.error/card_declined": try the pieces
        if w.contains(['-', '.', '/']) {
            let mut off = 0;
            for piece in w.split(['-', '.', '/']) {
                if !piece.is_empty() && table_code(text, at + off, piece, smtp) {
                    push(out, piece);
                }
                off += piece.len() + 1;
            }
        }
        if w.len() > 6 && w.starts_with("AADSTS") && w.bytes().skip(6).all(|c| c.is_ascii_digit()) {
            push(out, w);
            continue;
        }
        // SQLSTATE[23505], SQLSTATE 28P01, sqlState: '42S02'
        if is_sqlstate(w) {
            let before = lower.get(at.saturating_sub(12)..at).unwrap_or("");
            if before.contains("sqlstate") {
                push(out, w);
            }
        }
    }
    field_codes(text, &lower, out, spans);
}

fn is_class_name(last: &str) -> bool {
    let core = last.trim_start_matches('_');
    core.len() > 5
        && core.len() <= 60
        && core.starts_with(|c: char| c.is_ascii_uppercase())
        && (core.ends_with("Error") || core.ends_with("Exception"))
        && core != "Exception"
        && core.bytes().any(|b| b.is_ascii_lowercase())
        && core.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// Class-like words that are not exceptions.
const NOT_EXCEPTIONS: &[&str] = &["WinError", "OSError"];
/// Namespace parts after which a class name follows ("Stripe\\Error\\InvalidRequest").
const ERROR_SPACES: &[&str] = &[
    "Error",
    "Errors",
    "Exception",
    "Exceptions",
    "errors",
    "exceptions",
    "error",
];

fn exceptions_of(text: &str, out: &mut Vec<String>, codes: &[String], spans: &[(usize, usize)]) {
    let b = text.as_bytes();
    let mut rest = 0;
    for w in
        text.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '\\')))
    {
        let at = rest;
        rest += w.len() + 1;
        let w = w.trim_end_matches([':', '.']);
        if w.is_empty() || spans.iter().any(|(s, e)| at < *e && *s < at + w.len()) {
            continue;
        }
        // a dotted code of the table ("Runtime.ImportModuleError") is a code
        if codes.iter().any(|c| c == w) {
            continue;
        }
        let mut parts = w.rsplit(['.', ':', '\\']).filter(|p| !p.is_empty());
        let last = parts.next().unwrap_or(w);
        if NOT_EXCEPTIONS.contains(&last) {
            continue;
        }
        if codes.iter().any(|c| c == last) {
            continue;
        }
        if is_class_name(last) {
            push(out, last);
            continue;
        }
        let spaced = parts.next().is_some_and(|p| ERROR_SPACES.contains(&p));
        let camel = last.starts_with(|c: char| c.is_ascii_uppercase())
            && last.bytes().any(|c| c.is_ascii_lowercase())
            && last.bytes().all(|c| c.is_ascii_alphanumeric());
        let raised = text
            .get(..at)
            .is_some_and(|t| t.ends_with("raise ") || t.ends_with("throw new "));
        if camel && (spaced || raised) {
            push(out, last);
            continue;
        }
        // a known class without the Error suffix (ReadTimeout, PermissionDenied):
        // printed with its module path, or as "Name:" / "Name(" at a line start
        if tables::find(&tables::EXCEPTIONS, last).is_some() {
            let dotted = last.len() < w.len();
            let next = b.get(at + w.len()).copied();
            let line_start = at == 0 || matches!(b.get(at - 1), Some(b'\n' | b'[' | b'{'));
            if dotted || (line_start && matches!(next, Some(b':' | b'('))) {
                push(out, last);
            }
        }
    }
}

fn errno_of(text: &str, out: &mut Vec<String>) {
    for w in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if w.len() > 2 && w.starts_with('E') && tables::find(&ERRNO, w).is_some() {
            push(out, w);
        }
    }
}

/// Reads the signals of an error text (providers from `providers`).
pub fn read(text: &str, providers: impl Fn(&str, &mut Vec<String>)) -> Signals {
    let mut s = Signals {
        http_status: http_status(text),
        ..Signals::default()
    };
    errno_of(text, &mut s.errno);
    let mut spans = Vec::new();
    codes_of(text, &mut s.codes, &mut spans);
    // an errno is not also a code
    s.codes.retain(|c| !s.errno.contains(c));
    exceptions_of(text, &mut s.exceptions, &s.codes, &spans);
    providers(text, &mut s.providers);
    s
}

#[cfg(test)]
mod tests;
