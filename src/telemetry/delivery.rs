//! Retry policy: exponential backoff with jitter, `Retry-After` parsing, and
//! what each HTTP status means for a batch.

use super::wire::days_from_civil;

/// What to do with a batch after a send attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Delivered (2xx): forget it.
    Delivered,
    /// Try again later (network error, 408, 425, 429, 5xx).
    Retry,
    /// Too large for the server (413): split it and retry the halves.
    Split,
    /// Refused for good (other 4xx): drop it and count it.
    Reject,
}

/// Classifies a status; `0` means the request never got an answer.
pub fn verdict(status: u16) -> Verdict {
    match status {
        200..=299 => Verdict::Delivered,
        413 => Verdict::Split,
        0 | 408 | 425 | 429 | 500..=599 => Verdict::Retry,
        400..=499 => Verdict::Reject,
        _ => Verdict::Retry, // 1xx/3xx: an opaque redirect or a proxy oddity
    }
}

/// Delay before retry number `attempt` (1-based): `base · 2^(attempt-1)`
/// capped at `max`, then "equal jitter" — uniformly in `[d/2, d]` — with
/// `unit` a random number in `[0, 1)`.
pub fn backoff_ms(attempt: u32, base_ms: f64, max_ms: f64, unit: f64) -> f64 {
    let exp = 2f64.powi(attempt.saturating_sub(1).min(40) as i32);
    let d = (base_ms * exp).min(max_ms);
    d / 2.0 + d / 2.0 * unit.clamp(0.0, 1.0)
}

/// The longest `Retry-After` honoured (a day).
pub const MAX_RETRY_AFTER_MS: f64 = 86_400_000.0;

/// Parses a `Retry-After` header (delta seconds or an IMF-fixdate such as
/// `Wed, 21 Oct 2015 07:28:00 GMT`) into a delay in ms from `now_ms`.
pub fn parse_retry_after(v: &str, now_ms: f64) -> Option<f64> {
    let v = v.trim();
    if let Some(secs) = crate::digits::parse_u64(v) {
        return Some((secs as f64 * 1000.0).min(MAX_RETRY_AFTER_MS));
    }
    let parts: Vec<&str> = v.split_whitespace().collect();
    if parts.len() != 6 || parts[5] != "GMT" {
        return None;
    }
    let day = crate::digits::parse_i64(parts[1])?;
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    .iter()
    .position(|m| *m == parts[2])? as i64
        + 1;
    let year = crate::digits::parse_i64(parts[3])?;
    let mut hms: Vec<i64> = Vec::new();
    for x in parts[4].split(':') {
        if let Some(x) = crate::digits::parse_i64(x) {
            hms.push(x);
        }
    }
    let [h, m, s] = hms[..] else { return None };
    let at = (days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s) as f64 * 1000.0;
    Some((at - now_ms).clamp(0.0, MAX_RETRY_AFTER_MS))
}
