//! Page-path coarsening (`/workflows/8f3a…/edit?x=1` → `/workflows/:id/edit`):
//! origin, query and fragment dropped, ids replaced, personal data refused.

use super::pii::{detect_pii, has_uuid, is_hex, percent_decode, KEY_PREFIXES, MAX_SCAN};
use super::Reason;

/// Most path segments kept; deeper paths are cut to this depth.
pub const MAX_SEGMENTS: usize = 8;
/// Longest path segment kept as is.
pub const MAX_SEGMENT_LEN: usize = 40;

/// Coarsens a page path: drops origin, query string and fragment, replaces
/// ids (numbers, hex hashes, UUIDs, mixed tokens) with `:id`, lower-cases,
/// keeps at most [`MAX_SEGMENTS`] segments. Refuses the path when a segment
/// holds personal data or a secret, or words.
pub fn coarsen_path(raw: &str) -> Result<String, Reason> {
    if raw.len() > MAX_SCAN {
        return Err(Reason::InvalidValue);
    }
    let mut s = raw.trim();
    if let Some(pos) = crate::substr::find(s, "://") {
        let after = &s[pos + 3..];
        s = after.find('/').map_or("/", |p| &after[p..]);
    }
    let s = s.split(['?', '#']).next().unwrap_or("");
    if !s.starts_with('/') {
        return Err(Reason::InvalidValue);
    }
    let mut out = String::with_capacity(s.len().min(128));
    for seg in s.split('/').filter(|x| !x.is_empty()).take(MAX_SEGMENTS) {
        out.push('/');
        out.push_str(&coarsen_segment(seg)?);
    }
    if out.is_empty() {
        out.push('/');
    }
    Ok(out)
}

fn coarsen_segment(seg: &str) -> Result<String, Reason> {
    if seg.starts_with(':')
        && seg.len() > 1
        && seg[1..]
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c == b'_')
    {
        return Ok(seg.to_owned()); // already a template parameter (":id", ":slug")
    }
    // Fast path: a lower-case word slug (no digits, no `@ . : %`) cannot hold
    // any of the detected shapes unless it starts like a key.
    if seg.len() <= MAX_SEGMENT_LEN
        && seg
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c == b'-' || c == b'_')
        && !KEY_PREFIXES.iter().any(|p| seg.starts_with(p))
    {
        return Ok(seg.to_owned());
    }
    // Fast path: a UUID or a hex hash is an id.
    if (seg.len() == 36 && has_uuid(seg))
        || (seg.len() >= 8
            && is_hex(seg)
            && seg.bytes().any(|c| c.is_ascii_digit())
            && !seg.bytes().all(|c| c.is_ascii_digit()))
    {
        return Ok(":id".to_owned());
    }
    if let Some(r) = detect_pii(seg) {
        return match r {
            Reason::Uuid | Reason::Identifier => Ok(":id".to_owned()),
            Reason::FreeText => Err(Reason::FreeText),
            r => Err(r),
        };
    }
    let decoded = percent_decode(seg);
    if decoded.contains(char::is_whitespace) {
        return Err(Reason::FreeText);
    }
    let lower = decoded.to_ascii_lowercase();
    let slug = !lower.is_empty()
        && lower.len() <= MAX_SEGMENT_LEN
        && lower
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"-_.~".contains(&c))
        && lower.bytes().any(|c| c.is_ascii_lowercase());
    if !slug || looks_like_id(&lower) {
        return Ok(":id".to_owned());
    }
    Ok(lower)
}

/// Hex hashes of 8+ characters with a digit, and tokens with many digits
/// mixed into letters (`a1b2c3d4`, `inv_20931`), are ids.
fn looks_like_id(seg: &str) -> bool {
    let digits = seg.bytes().filter(u8::is_ascii_digit).count();
    (seg.len() >= 8 && is_hex(seg) && digits > 0)
        || digits >= 4
        || (digits >= 3 && digits * 3 >= seg.len())
}
