//! Build-time side of `src/assistant/packed.rs`: writes a string table as a
//! `List` literal (one text and each string's byte length), for the
//! generators in build.rs.

#[path = "packed.rs"]
#[allow(dead_code)]
mod packed;

/// `List::new("...", &[lengths])` for `items`, in the given order.
/// Panics (naming `what`) if the text outgrows `u16` offsets.
pub fn list<S: AsRef<str>>(what: &str, items: &[S]) -> String {
    let mut text = String::new();
    let mut lengths = Vec::new();
    for s in items {
        text.push_str(s.as_ref());
        if u16::try_from(text.len()).is_err() {
            panic!("{what}: more than 65535 bytes of text for one packed list");
        }
        lengths.push(s.as_ref().len() as u16);
    }
    let lens: Vec<String> = packed::lens(lengths).iter().map(u8::to_string).collect();
    format!("List::new({text:?}, &[{}])", lens.join(","))
}
/// `Wide { lo: &[...], hi: &[...] }`: a `u16` table as its low and high
/// bytes (high bytes of offsets change slowly and gzip to little when kept
/// apart). Values must fit in `u16`. (Used by the catalog generator; the
/// debug generator's tests include this file without it.)
#[allow(dead_code)]
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
