//! Build-time generator for the debug assistant: reads its knowledge
//! (`src/assistant/debug/categories.txt`, `rules.txt`, `signals.txt`),
//! checks every line (an unknown category, section or kind, a malformed line
//! or a duplicate fails the build with `file:line`), trains the learned
//! classifier on the debug corpora and writes static tables to
//! `OUT_DIR/debug_tables.rs`. Nothing is parsed at run time.

#[path = "debug/features.rs"]
mod features;

use super::assistant_kb::text::classifier::{self, Config, Sample};
use super::assistant_kb::text::normalize;
// for `features` (the same file the crate compiles), as `super::text`
use super::assistant_kb::text;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const DIR: &str = "src/assistant/debug";
/// The labelled corpora the text model is trained on.
const CORPORA: [&str; 2] = ["tests/corpus/debug_real.jsonl", "tests/corpus/debug.jsonl"];
/// Settings of the text model (chosen on the source-grouped folds of
/// tests/debug_real.rs); no temperature of its own: the blend with the
/// rules has one. Weights in steps of 4: accuracy 0.938 -> 0.941 (steps
/// of 8: 0.934) and the assistant module 668 bytes smaller gzipped.
const MODEL: Config = Config {
    epochs: 12,
    rate: 0.5,
    l2: 1e-5,
    min_count: 1,
    keep: 1200,
    min_step: 8,
    coarse: 4,
    balance: true,
    calibration_folds: 0,
};
/// Blend settings of `signals.txt` (`blend key value`).
const BLENDS: [&str; 2] = ["rules", "temperature"];
/// Signal kinds of `signals.txt` (besides `weight`).
const KINDS: [&str; 6] = [
    "http",
    "errno",
    "code",
    "sqlclass",
    "exception",
    "exception-part",
];
/// Placeholders a sentence may use.
const PLACEHOLDERS: [&str; 3] = ["{by}", "{n}", "{code}"];

pub struct Section {
    name: String,
    category: usize,
    explain: String,
    steps: Vec<String>,
    prevent: String,
    line: usize,
}

pub struct Rule {
    words: Vec<String>,
    section: usize,
    weight: u32,
}

pub struct Entry {
    key: String,
    section: usize,
    sentence: String,
}

fn words_of(phrase: &str) -> Vec<String> {
    let mut buf = String::new();
    for c in phrase.chars() {
        normalize::fold(c, &mut buf);
    }
    buf.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn parse_categories(file: &str, text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            panic!("{file}:{n}: category `{line}` must be lower-case letters and `_`");
        }
        if out.iter().any(|c| c == line) {
            panic!("{file}:{n}: duplicate category `{line}`");
        }
        out.push(line.to_owned());
    }
    if out.last().map(String::as_str) != Some("unknown") {
        panic!("{file}: the last category must be `unknown`");
    }
    out
}

pub fn parse_rules(file: &str, text: &str, cats: &[String]) -> (Vec<Section>, Vec<Rule>) {
    let mut secs: Vec<Section> = Vec::new();
    let mut rules: Vec<Rule> = Vec::new();
    let check_done = |s: &Section| {
        if s.explain.is_empty() || s.steps.is_empty() || s.prevent.is_empty() {
            panic!(
                "{file}:{}: section `{}` needs explain:, at least one step: and prevent:",
                s.line, s.name
            );
        }
    };
    let mut phrases: BTreeSet<Vec<String>> = BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('@') {
            if let Some(s) = secs.last() {
                check_done(s);
            }
            let (cat, variant) = name.split_once('.').unwrap_or((name, ""));
            let Some(category) = cats.iter().position(|c| c == cat) else {
                panic!("{file}:{n}: unknown category `{cat}` in section `{name}`");
            };
            if !variant.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                panic!("{file}:{n}: variant `{variant}` must be lower-case letters and `_`");
            }
            if secs.iter().any(|s| s.name == name) {
                panic!("{file}:{n}: duplicate section `{name}`");
            }
            if !variant.is_empty() && !secs.iter().any(|s| s.name == cat) {
                panic!("{file}:{n}: variant `{name}` comes before its category section `{cat}`");
            }
            secs.push(Section {
                name: name.to_owned(),
                category,
                explain: String::new(),
                steps: Vec::new(),
                prevent: String::new(),
                line: n,
            });
            continue;
        }
        let section = secs.len().wrapping_sub(1);
        let Some(sec) = secs.last_mut() else {
            panic!("{file}:{n}: `{line}` before the first @section");
        };
        let Some((key, value)) = line.split_once(':') else {
            panic!("{file}:{n}: `{line}` is not `key: value`");
        };
        let value = value.trim();
        if value.is_empty() {
            panic!("{file}:{n}: empty value");
        }
        match key.trim() {
            "explain" if sec.explain.is_empty() => sec.explain = value.to_owned(),
            "prevent" if sec.prevent.is_empty() => sec.prevent = value.to_owned(),
            "explain" | "prevent" => panic!("{file}:{n}: second `{key}` in `{}`", sec.name),
            "step" => sec.steps.push(value.to_owned()),
            k => {
                let Some(w) = k.strip_prefix("match ") else {
                    panic!("{file}:{n}: unknown key `{k}` (explain, step, prevent, match N)");
                };
                let weight: u32 = match w.trim().parse() {
                    Ok(v) if (1..=20).contains(&v) => v,
                    _ => panic!("{file}:{n}: weight `{w}` must be 1..=20"),
                };
                let words = words_of(value);
                if words.is_empty() {
                    panic!("{file}:{n}: phrase `{value}` has no words");
                }
                if !phrases.insert(words.clone()) {
                    panic!("{file}:{n}: duplicate phrase `{value}`");
                }
                rules.push(Rule {
                    words,
                    section,
                    weight,
                });
            }
        }
    }
    match secs.last() {
        Some(s) => check_done(s),
        None => panic!("{file}: no sections"),
    }
    for (k, c) in cats.iter().enumerate() {
        if !secs.iter().any(|s| s.category == k && s.name == *c) {
            panic!("{file}: category `{c}` has no section");
        }
    }
    rules.sort_by(|a, b| a.words.cmp(&b.words));
    (secs, rules)
}

fn check_sentence(file: &str, n: usize, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        let end = tail.find('}').map_or(tail.len(), |j| j + 1);
        let ph = &tail[..end];
        if !PLACEHOLDERS.contains(&ph) {
            panic!("{file}:{n}: unknown placeholder `{ph}` (allowed: {PLACEHOLDERS:?})");
        }
        rest = &tail[end..];
    }
}

pub type Signals = (
    BTreeMap<String, Vec<Entry>>,
    BTreeMap<String, u32>,
    BTreeMap<String, f32>,
);

pub fn parse_signals(file: &str, text: &str, secs: &[Section]) -> Signals {
    let mut tables: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    let mut weights: BTreeMap<String, u32> = BTreeMap::new();
    let mut blends: BTreeMap<String, f32> = BTreeMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        let n = i + 1;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (head, sentence) = match line.split_once(" | ") {
            Some((h, s)) => (h.trim(), s.trim()),
            None => (line, ""),
        };
        let fields: Vec<&str> = head.split_whitespace().collect();
        let [kind, key, section] = fields[..] else {
            panic!("{file}:{n}: `{head}` is not `kind key section` (or `weight kind N`, `blend key X`)");
        };
        if kind == "blend" {
            if !BLENDS.contains(&key) {
                panic!("{file}:{n}: unknown blend `{key}` (one of {BLENDS:?})");
            }
            let v: f32 = match section.parse() {
                Ok(v) if (0.0..=20.0).contains(&v) && (key != "temperature" || v > 0.0) => v,
                _ => panic!("{file}:{n}: blend value `{section}` must be a number in 0..=20"),
            };
            if blends.insert(key.to_owned(), v).is_some() {
                panic!("{file}:{n}: duplicate blend `{key}`");
            }
            continue;
        }
        if kind == "weight" {
            if !KINDS.contains(&key) {
                panic!("{file}:{n}: unknown kind `{key}`");
            }
            let w: u32 = match section.parse() {
                Ok(v) if (1..=20).contains(&v) => v,
                _ => panic!("{file}:{n}: weight `{section}` must be 1..=20"),
            };
            if weights.insert(key.to_owned(), w).is_some() {
                panic!("{file}:{n}: duplicate weight for `{key}`");
            }
            continue;
        }
        if !KINDS.contains(&kind) {
            panic!("{file}:{n}: unknown kind `{kind}` (one of {KINDS:?} or weight)");
        }
        let Some(sec) = secs.iter().position(|s| s.name == section) else {
            panic!("{file}:{n}: unknown section `{section}`");
        };
        check_sentence(file, n, sentence);
        match kind {
            "http" => {
                let (lo, hi) = key.split_once('-').unwrap_or((key, key));
                let ok = |s: &str| s.parse::<u16>().ok().filter(|v| (100..=599).contains(v));
                match (ok(lo), ok(hi)) {
                    (Some(a), Some(b)) if a <= b => {}
                    _ => panic!("{file}:{n}: `{key}` is not an HTTP status or range"),
                }
                if sentence.is_empty() {
                    panic!("{file}:{n}: an http line needs ` | sentence`");
                }
            }
            "errno" => {
                if !(key.starts_with('E')
                    && key.len() > 2
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
                {
                    panic!("{file}:{n}: errno `{key}` must look like ECONNREFUSED");
                }
                if sentence.is_empty() {
                    panic!("{file}:{n}: an errno line needs its own ` | sentence`");
                }
            }
            "sqlclass" => {
                if key.len() != 2 || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    panic!("{file}:{n}: SQLSTATE class `{key}` must be two characters");
                }
            }
            _ => {
                if !key
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_.-/".contains(&b))
                {
                    panic!("{file}:{n}: `{key}` has characters outside A-Z a-z 0-9 _ . - /");
                }
            }
        }
        let table = tables.entry(kind.to_owned()).or_default();
        if table.iter().any(|e| e.key == key) {
            panic!("{file}:{n}: duplicate {kind} `{key}`");
        }
        table.push(Entry {
            key: key.to_owned(),
            section: sec,
            sentence: sentence.to_owned(),
        });
    }
    for k in KINDS {
        if !weights.contains_key(k) {
            panic!("{file}: no `weight {k} N` line");
        }
    }
    for k in BLENDS {
        if !blends.contains_key(k) {
            panic!("{file}: no `blend {k} X` line");
        }
    }
    for t in tables.values_mut() {
        t.sort_by(|a, b| a.key.cmp(&b.key));
    }
    (tables, weights, blends)
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn write_entries(out: &mut String, name: &str, entries: &[Entry]) {
    let what = format!("{DIR}/signals.txt [{name}]");
    let keys: Vec<&str> = entries.iter().map(|e| e.key.as_str()).collect();
    let sentences: Vec<&str> = entries.iter().map(|e| e.sentence.as_str()).collect();
    let sections: Vec<String> = entries.iter().map(|e| e.section.to_string()).collect();
    let _ = writeln!(
        out,
        "pub(crate) static {name}: NamedTable = NamedTable {{ keys: {}, sections: &[{}], sentences: {} }};",
        crate::build_packed::list(&what, &keys),
        sections.join(","),
        crate::build_packed::list(&what, &sentences)
    );
}

/// Reads, checks and compiles the debug knowledge.
pub fn generate() {
    for f in ["categories.txt", "rules.txt", "signals.txt", "features.rs"] {
        println!("cargo:rerun-if-changed={DIR}/{f}");
    }
    for f in CORPORA {
        println!("cargo:rerun-if-changed={f}");
    }
    let read = |f: &str| {
        let p = Path::new(DIR).join(f);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let cat_file = format!("{DIR}/categories.txt");
    let rules_file = format!("{DIR}/rules.txt");
    let sig_file = format!("{DIR}/signals.txt");
    let cats = parse_categories(&cat_file, &read("categories.txt"));
    let (secs, rules) = parse_rules(&rules_file, &read("rules.txt"), &cats);
    let (tables, weights, blends) = parse_signals(&sig_file, &read("signals.txt"), &secs);
    if secs.len() > 255 || cats.len() > 255 {
        panic!("{rules_file}: more than 255 sections or categories (indices are u8)");
    }

    let mut out = String::new();
    out.push_str("// Generated by src/assistant/build_debug.rs; do not edit.\n");
    let _ = writeln!(
        out,
        "/// The categories, in tie-break order (from `categories.txt`).\npub const CATEGORIES: [&str; {}] = [{}];",
        cats.len(),
        cats.iter().map(|c| lit(c)).collect::<Vec<_>>().join(", ")
    );
    let _ = writeln!(out, "pub(crate) static SECTIONS: &[Section] = &[");
    for s in &secs {
        let _ = writeln!(
            out,
            "    Section {{ name: {}, category: {}, explain: {}, steps: &[{}], prevent: {} }},",
            lit(&s.name),
            s.category,
            lit(&s.explain),
            s.steps
                .iter()
                .map(|x| lit(x))
                .collect::<Vec<_>>()
                .join(", "),
            lit(&s.prevent)
        );
    }
    out.push_str("];\n");
    // sorted by words at parse time: one packed list, with the section and
    // weight of rule `i` at index `i`
    let words: Vec<String> = rules.iter().map(|r| r.words.join(" ")).collect();
    let _ =
        writeln!(
        out,
        "pub(crate) static RULES: Rules = Rules {{ words: {}, sections: &[{}], weights: &[{}] }};",
        crate::build_packed::list(&rules_file, &words),
        rules.iter().map(|r| r.section.to_string()).collect::<Vec<_>>().join(","),
        rules.iter().map(|r| r.weight.to_string()).collect::<Vec<_>>().join(",")
    );
    let empty = Vec::new();
    let get = |k: &str| tables.get(k).unwrap_or(&empty);
    let _ = writeln!(out, "pub(crate) static HTTP: &[Status] = &[");
    for e in get("http") {
        let (lo, hi) = e.key.split_once('-').unwrap_or((&e.key, &e.key));
        let _ = writeln!(
            out,
            "    Status {{ lo: {lo}, hi: {hi}, section: {}, sentence: {} }},",
            e.section,
            lit(&e.sentence)
        );
    }
    out.push_str("];\n");
    write_entries(&mut out, "ERRNO", get("errno"));
    write_entries(&mut out, "CODES", get("code"));
    write_entries(&mut out, "SQL_CLASSES", get("sqlclass"));
    write_entries(&mut out, "EXCEPTIONS", get("exception"));
    write_entries(&mut out, "EXCEPTION_PARTS", get("exception-part"));
    for (k, w) in &weights {
        let _ = writeln!(
            out,
            "pub(crate) const WEIGHT_{}: u32 = {w};",
            k.to_ascii_uppercase().replace('-', "_")
        );
    }
    for (k, v) in &blends {
        let _ = writeln!(
            out,
            "pub(crate) const BLEND_{}: f32 = {v:?};",
            k.to_ascii_uppercase()
        );
    }
    let _ = writeln!(
        out,
        "/// Settings the text model was trained with.\npub const MODEL_CONFIG: Config = {MODEL:?};"
    );
    out.push_str(&train_model(&cats).to_rust("MODEL"));
    let dest = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("debug_tables.rs");
    fs::write(dest, out).expect("write debug_tables.rs");
}

/// Trains the text model on the corpora (every line; the evaluation trains
/// its own models fold by fold).
fn train_model(cats: &[String]) -> classifier::Packed {
    let mut samples = Vec::new();
    for path in CORPORA {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let n = i + 1;
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}:{n}: not JSON: {e}"));
            let (Some(error), Some(cat)) = (v["error"].as_str(), v["category"].as_str()) else {
                panic!("{path}:{n}: needs string `error` and `category`");
            };
            let Some(k) = cats.iter().position(|c| c == cat) else {
                panic!("{path}:{n}: unknown category `{cat}`");
            };
            let mut feats = Vec::new();
            features::features(error, &mut feats);
            samples.push(Sample {
                feats,
                label: k as u16,
                group: None,
            });
        }
    }
    classifier::train(&samples, cats.len(), &MODEL)
}
