//! Build-time side of `src/assistant/packed.rs`: writes a string table as a
//! `List` literal (one text and each string's byte length) and growing
//! offsets as an `Ends` literal (their steps), for the generators in build.rs.

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
/// `Ends::new(&[steps])` for growing `values` that fit in `u16`.
/// (Used by the catalog generator; the debug generator's tests include
/// this file without it.)
#[allow(dead_code)]
pub fn ends(values: &[usize]) -> String {
    let mut prev = 0;
    let steps = values.iter().map(|&v| {
        let step = v.saturating_sub(prev) as u16;
        prev = v;
        step
    });
    let steps: Vec<String> = packed::lens(steps).iter().map(u8::to_string).collect();
    format!("Ends::new(&[{}])", steps.join(","))
}
