//! Build-time generator for the closed vocabularies: reads
//! `src/vocab/vocab.txt` (and the data files its `from=` names), checks it,
//! and writes `vocab.rs` (one enum per set with `ALL`, `NAMES`, `as_str`,
//! `parse`, serde through `as_str` where asked) and `vocab.d.ts` (the
//! TypeScript unions) to OUT_DIR. The telemetry schema generator resolves
//! `"vocab:<set>"` in `events.json` through [`values`].

use std::fmt::Write as _;

const SRC: &str = "src/vocab/vocab.txt";

/// One closed set.
pub struct Set {
    /// The set's name (`topic`), as `events.json` refers to it.
    pub name: String,
    /// The Rust enum.
    pub rust: String,
    /// The TypeScript union, if the `.d.ts` declares one.
    pub ts: Option<String>,
    /// Whether the enum implements `serde::Serialize`.
    pub serde: bool,
    /// Whether the enum derives `PartialOrd`/`Ord` (in value order).
    pub ord: bool,
    /// Whether the wire names are tags (`GBP`, `en-GB`: ASCII letters and
    /// digits in `-`-separated parts) rather than lower_snake_case.
    pub tags: bool,
    /// What the set is.
    pub doc: String,
    /// Wire name and meaning, in order.
    pub values: Vec<(String, String)>,
}

fn is_wire(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && s.as_bytes()[0].is_ascii_lowercase()
}

/// `GBP`, `en-GB`: parts of ASCII letters and digits joined by `-`, the
/// first starting with a letter.
fn is_tag(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
        && s.split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.as_bytes()[0].is_ascii_uppercase()
        && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `cancel_refund` → `CancelRefund`, `http_4xx` → `Http4xx`; tags:
/// `GBP` → `Gbp`, `en-GB` → `EnGb`.
pub fn camel(wire: &str) -> String {
    let tag = wire.bytes().any(|b| b == b'-' || b.is_ascii_uppercase());
    wire.split(['_', '-'])
        .map(|w| {
            let mut c = w.chars();
            let Some(first) = c.next() else {
                return String::new();
            };
            let rest = if tag {
                c.as_str().to_ascii_lowercase()
            } else {
                c.as_str().to_owned()
            };
            first.to_ascii_uppercase().to_string() + &rest
        })
        .collect()
}

/// Values a `from=` file contributes, in its order: the non-comment lines
/// of a word list (`.txt`), or the ids of `## id: Title` headings (`.md`).
/// The file's own generator checks the rest of it.
fn from_file(set: &str, path: &str, at: &str) -> Vec<String> {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{at}: {path}: {e}"));
    let lines = text.lines().map(str::trim);
    if path.ends_with(".txt") {
        lines
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    } else if path.ends_with(".md") {
        lines
            .filter_map(|l| l.strip_prefix("## "))
            .map(|h| h.split(':').next().unwrap_or(h).trim().to_owned())
            .collect()
    } else {
        panic!("{at}: [{set}]: from={path}: only .txt word lists and .md headings")
    }
}

/// Parses and checks the text of `vocab.txt`; bad data panics with `file:line`.
pub fn parse(text: &str) -> Vec<Set> {
    let mut sets: Vec<Set> = Vec::new();
    let mut of: Vec<Option<(String, String)>> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let at = format!("{SRC}:{}", i + 1);
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_prefix('[') {
            let (name, rest) = head
                .split_once(']')
                .unwrap_or_else(|| panic!("{at}: a header is `[set] rust=Enum …`"));
            if !is_wire(name) {
                panic!("{at}: set name `{name}` must be lower_snake_case");
            }
            if sets.iter().any(|s| s.name == name) {
                panic!("{at}: duplicate set `{name}`");
            }
            let mut set = Set {
                name: name.to_owned(),
                rust: String::new(),
                ts: None,
                serde: false,
                ord: false,
                tags: false,
                doc: String::new(),
                values: Vec::new(),
            };
            let mut parent = None;
            for word in rest.split_whitespace() {
                match word.split_once('=') {
                    Some(("rust", v)) if is_ident(v) => set.rust = v.to_owned(),
                    Some(("ts", v)) if is_ident(v) => set.ts = Some(v.to_owned()),
                    Some(("of", v)) => parent = Some((v.to_owned(), at.clone())),
                    Some(("from", v)) => {
                        for value in from_file(name, v, &at) {
                            set.values.push((value, String::new()));
                        }
                    }
                    None if word == "serde" => set.serde = true,
                    None if word == "ord" => set.ord = true,
                    None if word == "tags" => set.tags = true,
                    _ => panic!("{at}: unknown or malformed `{word}`"),
                }
            }
            if set.rust.is_empty() {
                panic!("{at}: [{name}] needs rust=Enum");
            }
            if sets.iter().any(|s| s.rust == set.rust) {
                panic!("{at}: enum {} used twice", set.rust);
            }
            if set.ts.is_some() && sets.iter().any(|s| s.ts == set.ts) {
                panic!("{at}: union {:?} used twice", set.ts);
            }
            sets.push(set);
            of.push(parent);
            continue;
        }
        let set = sets
            .last_mut()
            .unwrap_or_else(|| panic!("{at}: a value before any [set]"));
        if let Some(doc) = line.strip_prefix("> ") {
            if !set.doc.is_empty() {
                set.doc.push(' ');
            }
            set.doc.push_str(doc.trim());
            continue;
        }
        let (value, doc) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        if set.tags && !is_tag(value) {
            panic!("{at}: value `{value}` must be a tag (`GBP`, `en-GB`)");
        }
        if !set.tags && !is_wire(value) {
            panic!("{at}: value `{value}` must be lower_snake_case");
        }
        if set.values.iter().any(|(v, _)| v == value) {
            panic!("{at}: duplicate value `{value}` in [{}]", set.name);
        }
        set.values.push((value.to_owned(), doc.trim().to_owned()));
    }
    for (i, parent) in of.iter().enumerate() {
        let Some((parent, at)) = parent else { continue };
        let p = sets
            .iter()
            .find(|s| &s.name == parent)
            .unwrap_or_else(|| panic!("{at}: of={parent}: no such set"));
        for (v, _) in &sets[i].values {
            if !p.values.iter().any(|(pv, _)| pv == v) {
                panic!("{at}: `{v}` of [{}] is not in [{parent}]", sets[i].name);
            }
        }
    }
    for s in &sets {
        if s.values.is_empty() {
            panic!("{SRC}: [{}] has no values", s.name);
        }
        if s.doc.is_empty() {
            panic!("{SRC}: [{}] has no `> ` line", s.name);
        }
    }
    sets
}

/// Every set, checked (read once per build).
pub fn sets() -> &'static [Set] {
    static SETS: std::sync::OnceLock<Vec<Set>> = std::sync::OnceLock::new();
    SETS.get_or_init(|| {
        let text = std::fs::read_to_string(SRC).unwrap_or_else(|e| panic!("{SRC}: {e}"));
        parse(&text)
    })
}

/// The wire names of set `name`, in order, if it exists.
pub fn values(name: &str) -> Option<Vec<&'static str>> {
    sets()
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.values.iter().map(|(v, _)| v.as_str()).collect())
}

fn rust(sets: &[Set]) -> String {
    let mut o = String::new();
    for s in sets {
        let (e, n) = (&s.rust, s.values.len());
        writeln!(o, "/// {}", s.doc).ok();
        writeln!(o, "///\n/// Generated from `[{}]` of `{SRC}`.", s.name).ok();
        let ord = if s.ord { ", PartialOrd, Ord" } else { "" };
        writeln!(o, "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash{ord})]").ok();
        writeln!(o, "pub enum {e} {{").ok();
        for (v, doc) in &s.values {
            let doc = if doc.is_empty() {
                format!("`{v}`")
            } else {
                doc.clone()
            };
            writeln!(o, "    /// {doc}\n    {},", camel(v)).ok();
        }
        writeln!(o, "}}\n\nimpl {e} {{").ok();
        writeln!(o, "    /// Every value, in the order of the vocabulary.").ok();
        let all: Vec<String> = s
            .values
            .iter()
            .map(|(v, _)| format!("{e}::{}", camel(v)))
            .collect();
        writeln!(o, "    pub const ALL: [{e}; {n}] = [{}];", all.join(", ")).ok();
        writeln!(
            o,
            "    /// The wire names of [`{e}::ALL`], in the same order."
        )
        .ok();
        let names: Vec<String> = s.values.iter().map(|(v, _)| format!("{v:?}")).collect();
        writeln!(
            o,
            "    pub const NAMES: [&'static str; {n}] = [{}];",
            names.join(", ")
        )
        .ok();
        writeln!(o, "    /// The wire name.").ok();
        writeln!(
            o,
            "    pub const fn as_str(self) -> &'static str {{\n        match self {{"
        )
        .ok();
        for (v, _) in &s.values {
            writeln!(o, "            {e}::{} => {v:?},", camel(v)).ok();
        }
        writeln!(o, "        }}\n    }}").ok();
        writeln!(o, "    /// The value a wire name stands for.").ok();
        writeln!(o, "    #[allow(clippy::should_implement_trait)]").ok();
        writeln!(
            o,
            "    pub fn parse(s: &str) -> Option<{e}> {{\n        match s {{"
        )
        .ok();
        for (v, _) in &s.values {
            writeln!(o, "            {v:?} => Some({e}::{}),", camel(v)).ok();
        }
        writeln!(o, "            _ => None,\n        }}\n    }}\n}}\n").ok();
        if s.serde {
            writeln!(
                o,
                "#[cfg(feature = \"serde\")]\nimpl serde::Serialize for {e} {{\n    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {{\n        s.serialize_str(self.as_str())\n    }}\n}}\n"
            )
            .ok();
        }
    }
    o
}

fn ts(sets: &[Set]) -> String {
    let mut o = String::from("\n");
    for s in sets {
        let Some(name) = &s.ts else { continue };
        let values: Vec<String> = s.values.iter().map(|(v, _)| format!("{v:?}")).collect();
        writeln!(o, "/** {} */", s.doc.replace("*/", "* /")).ok();
        writeln!(o, "export type {name} = {};", values.join(" | ")).ok();
    }
    o
}

/// Writes `$OUT_DIR/vocab.rs` and `$OUT_DIR/vocab.d.ts`.
pub fn generate() {
    println!("cargo:rerun-if-changed={SRC}");
    let sets = sets();
    let dir = std::env::var("OUT_DIR").unwrap_or_else(|_| panic!("{SRC}: no OUT_DIR"));
    let dir = std::path::Path::new(&dir);
    for (file, text) in [("vocab.rs", rust(sets)), ("vocab.d.ts", ts(sets))] {
        std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{SRC}: {file}: {e}"));
    }
}
