//! The learned part of the debug classifier, and what the source-grouped
//! evaluation (`tests/debug_real.rs`) needs to train it fold by fold.

/// A trained model (for now: the rules and signals alone).
#[derive(Debug, Clone, Default)]
pub struct Model;

/// Trains on `(error, category)` pairs.
pub fn train(_samples: &[(&str, &str)]) -> Model {
    Model
}

/// The category and confidence `model` gives `text`.
pub fn classify(_model: &Model, text: &str) -> (&'static str, f32) {
    let r = super::analyse(text);
    (r.meta.category, r.meta.confidence)
}

/// The group hash of a source name (FNV-1a, 32 bits); a fold is
/// `group_hash(name) % k`.
pub fn group_hash(name: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in name.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The group of a corpus line's source: `github.com/OWNER/REPO` for GitHub
/// addresses, otherwise the host.
pub fn source_group(source: &str) -> String {
    let s = source
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    let mut parts = s.split('/');
    let host = parts.next().unwrap_or("");
    if host == "github.com" {
        if let (Some(owner), Some(repo)) = (parts.next(), parts.next()) {
            return format!("{host}/{owner}/{repo}");
        }
    }
    host.to_owned()
}
