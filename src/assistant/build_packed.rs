//! Build-time side of `src/assistant/packed.rs`: writes a string table as a
//! `List` literal (one text, `u16` ends as low and high bytes), for the generators in build.rs.

/// `List { text: "...", ends: Wide { … } }` for `items`, in the given order.
/// Panics (naming `what`) if the text outgrows `u16` offsets.
pub fn list<S: AsRef<str>>(what: &str, items: &[S]) -> String {
    let mut text = String::new();
    let mut ends = Vec::new();
    for s in items {
        text.push_str(s.as_ref());
        if u16::try_from(text.len()).is_err() {
            panic!("{what}: more than 65535 bytes of text for one packed list");
        }
        ends.push(text.len());
    }
    format!("List {{ text: {text:?}, ends: {} }}", wide(&ends))
}

/// `Wide { lo: &[...], hi: &[...] }`: a `u16` table as its low and high
/// bytes (high bytes of offsets change slowly and gzip to little when kept
/// apart). Values must fit in `u16`.
pub fn wide(values: &[usize]) -> String {
    let bytes = |shift: u32| {
        values
            .iter()
            .map(|v| ((v >> shift) & 255).to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    format!("Wide {{ lo: &[{}], hi: &[{}] }}", bytes(0), bytes(8))
}
