//! Build-time side of `src/assistant/packed.rs`: writes a string table as a
//! `List` literal (one text, `u16` ends as low and high bytes), for the generators in build.rs.

/// `List { text: "...", ends: &[...] }` for `items`, in the given order.
/// Panics (naming `what`) if the text outgrows `u16` offsets.
pub fn list<S: AsRef<str>>(what: &str, items: &[S]) -> String {
    let mut text = String::new();
    let (mut lo, mut hi) = (Vec::new(), Vec::new());
    for s in items {
        text.push_str(s.as_ref());
        let Ok(end) = u16::try_from(text.len()) else {
            panic!("{what}: more than 65535 bytes of text for one packed list");
        };
        lo.push((end & 255).to_string());
        hi.push((end >> 8).to_string());
    }
    format!(
        "List {{ text: {text:?}, ends: Wide {{ lo: &[{}], hi: &[{}] }} }}",
        lo.join(","),
        hi.join(",")
    )
}
