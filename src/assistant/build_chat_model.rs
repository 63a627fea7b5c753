//! Build-time training of the chat's two classifiers (topic, and answering
//! section) from the repo's data: the real-text corpus
//! (`tests/corpus/chat_real.jsonl`), the written one (`tests/corpus/chat.jsonl`)
//! and the knowledge base's own titles and keywords. Uses the same feature
//! and training code as run time and tests (`src/text/{normalize,features,
//! classifier}.rs`), so it is deterministic and nothing is downloaded; writes
//! the packed tables and the training settings to `OUT_DIR/chat_model.rs`.
//! A malformed corpus line, unknown topic or unknown section fails the build
//! with its file and line.

#[path = "chat_features.rs"]
mod chat_features;

use super::assistant_kb::text;
use chat_features::{chat_features, Extracted};
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use text::bm25::Index;
use text::classifier::{self, Config, Options, Sample};
use text::normalize;

/// Settings of the topic model, chosen on the source-grouped folds (the
/// mean of three fold partitions, 2,668 real lines) for accuracy at a size.
/// With the corpus grown from 1,039 to 2,668 lines the 1,800 features kept
/// before held it back (0.813, written 0.901, both models 14.3 KB
/// gzipped); 3,000 features stored in coarse steps of 8 (see
/// [`Config::coarse`]) with entries under 12 steps dropped give 0.831 in
/// about the same bytes (14.0 KB). Storing every step instead costs ~1.8 KB
/// for no gain; 4,000 features and a 1,500-feature section model, 0.831 at
/// 15.3 KB; entries down to 10 steps, 0.836 at 15.8 KB.
/// On 2,867 lines (partitions: default, `CHAT_FOLD_SALT=7`, `=12345`):
/// 3,000 features 0.842 / 0.832 / 0.838, 3,600 0.849 / 0.833 / 0.839, 4,200
/// 0.846 on the default: +0.003 on the mean, within the partitions' spread,
/// so it stays at 3,000. On 3,459 lines 4,000 features gave 0.851 and 0.840
/// (default, `=7`) against 0.845 and 0.837, written 0.935 / 0.945 against
/// 0.924 / 0.945, for about 2.1 KB more gzipped (the tables' bytes, 14.2 to
/// 16.3 KB): more than the assistant's budget had left, so not taken.
const TOPIC: Config = Config {
    epochs: 25,
    rate: 0.8,
    l2: 3e-3,
    min_count: 2,
    keep: 3000,
    min_step: 12,
    coarse: 8,
    balance: true,
    calibration_folds: 5,
};

/// Settings of the section model, chosen with the topic model's: 1,200
/// features in steps of 8 (with 1,500 and entries down to 10 steps the
/// right-section share rose from 0.647 to 0.658 for 1.9 KB more).
const SECTION: Config = Config {
    epochs: 25,
    rate: 0.8,
    l2: 1e-4,
    min_count: 2,
    keep: 1200,
    min_step: 12,
    coarse: 8,
    balance: true,
    calibration_folds: 0,
};

/// Both models are refitted on the entries they keep (see [`Options`]):
/// on the source-grouped folds that raised the right-section share from
/// 0.574 to 0.600 at the same size; topic accuracy moved within its noise
/// (0.805 to 0.815).
const TOPIC_OPTIONS: Options = Options { refit: true };
const SECTION_OPTIONS: Options = Options { refit: true };

/// Each real-text line is trained on this many times (the written lines and
/// the knowledge base's examples once). On the first 1,039 real lines 2
/// raised real-line topic accuracy by about 0.02; on 2,668 the real lines
/// no longer need the extra weight: 1 kept accuracy (0.831 against 0.830)
/// and raised the written lines from 0.928 to 0.944.
const REAL_WEIGHT: usize = 1;

/// Each corpus line with a section (or an off-topic one with none) is a
/// section-model sample this many times more (times [`REAL_WEIGHT`]), so
/// the labelled lines outweigh the knowledge base's own wording: 4 with a
/// real weight of 1 gives each line the section weight it had before (2
/// times 2). On the first 1,039 lines 2 rather than 1 (with real weight 2)
/// raised the right-section share from 0.659 to 0.666.
const SECTION_REPEAT: usize = 4;

/// Whether each section's answer text is a training example too.
const KB_ANSWERS: bool = true;
/// Whether each keyword alone is a training example too.
const KB_EACH_KEYWORD: bool = true;

const REAL: &str = "tests/corpus/chat_real.jsonl";
const WRITTEN: &str = "tests/corpus/chat.jsonl";

/// One corpus line, checked.
pub struct Line {
    pub query: String,
    pub topic: usize,
    pub section: Option<usize>,
    pub group: String,
    pub real: bool,
}

fn read_lines(file: &str, titles: &[String], real: bool) -> Vec<Line> {
    let text = fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(raw).unwrap_or_else(|e| panic!("{file}:{line}: not JSON: {e}"));
        let query = v["query"]
            .as_str()
            .unwrap_or_else(|| panic!("{file}:{line}: no `query`"))
            .to_owned();
        let topic = v["topic"]
            .as_str()
            .unwrap_or_else(|| panic!("{file}:{line}: no `topic`"));
        let topic = super::assistant_kb::TOPICS
            .iter()
            .position(|t| *t == topic)
            .unwrap_or_else(|| panic!("{file}:{line}: unknown topic `{topic}`"));
        let section = match &v["section"] {
            serde_json::Value::String(s) => Some(
                titles
                    .iter()
                    .position(|t| t == s)
                    .unwrap_or_else(|| panic!("{file}:{line}: unknown section `{s}`")),
            ),
            serde_json::Value::Null => None,
            _ if !real => None,
            _ => panic!("{file}:{line}: `section` is a title or null"),
        };
        let group = if real {
            let source = v["source"]
                .as_str()
                .unwrap_or_else(|| panic!("{file}:{line}: no `source`"));
            classifier::source_group(source)
        } else {
            format!("written:{query}")
        };
        out.push(Line {
            query,
            topic,
            section,
            group,
            real,
        });
    }
    out
}

/// A running FNV-1a hash of feature vectors.
pub struct FeatureCheck(pub u64);

impl Default for FeatureCheck {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl FeatureCheck {
    pub fn add(&mut self, feats: &[u16]) {
        for &f in feats.iter().chain(&[u16::MAX]) {
            for b in f.to_le_bytes() {
                self.0 ^= u64::from(b);
                self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
}

pub fn generate() {
    for f in [
        REAL,
        WRITTEN,
        "src/text",
        "src/assistant/build_chat_model.rs",
        "src/assistant/chat_features.rs",
    ] {
        println!("cargo:rerun-if-changed={f}");
    }
    let tables = super::assistant_kb::lexicon_tables();
    fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }
    let (p, sp, sy) = (
        pairs(&tables.phrases),
        pairs(&tables.spelling),
        pairs(&tables.synonyms),
    );
    let sw: Vec<&str> = tables.stopwords.iter().map(String::as_str).collect();
    let lex = normalize::Lexicon {
        phrases: &p,
        spelling: &sp,
        synonyms: &sy,
        stopwords: &sw,
        known: None,
    };
    let sections = super::assistant_kb::sections();
    let titles: Vec<String> = sections.iter().map(|s| s.title.clone()).collect();

    // the knowledge base's own wording: each title, its keywords, its answer
    let mut kb_examples: Vec<(String, usize)> = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        kb_examples.push((s.title.clone(), i));
        if !s.keywords.is_empty() {
            kb_examples.push((s.keywords.join(", "), i));
        }
        if KB_EACH_KEYWORD {
            for k in &s.keywords {
                kb_examples.push((k.clone(), i));
            }
        }
        if KB_ANSWERS {
            kb_examples.push((s.answer.clone(), i));
        }
    }
    let topic_of = |sec: usize| {
        super::assistant_kb::TOPICS
            .iter()
            .position(|t| *t == sections[sec].topic)
            .unwrap_or(0)
    };

    // the knowledge base's BM25 index, exactly as the module compiles it
    let (postings, doc_len, avgdl) = super::assistant_kb::bm25_postings(&sections, &lex);
    let vocab: Vec<&'static str> = postings
        .keys()
        .map(|k| &*Box::leak(k.clone().into_boxed_str()))
        .collect();
    let (ends, docs, tfs) = text::bm25::flatten(postings.values().map(Vec::as_slice))
        .unwrap_or_else(|e| panic!("src/assistant/kb: the BM25 index: {e}"));
    let doc_len: Vec<u16> = doc_len.iter().map(|&n| n as u16).collect();
    let index = Index {
        vocab: Box::leak(vocab.clone().into_boxed_slice()),
        ends: Box::leak(ends.into_boxed_slice()),
        docs: Box::leak(docs.into_boxed_slice()),
        tfs: Box::leak(tfs.into_boxed_slice()),
        doc_len: Box::leak(doc_len.into_boxed_slice()),
        // as written to assistant_kb.rs
        avgdl: format!("{avgdl:.4}").parse().unwrap_or(1.0),
        find: None,
    };
    let mut ex = Extracted::default();
    let mut feats = |q: &str| {
        chat_features(q, &lex, &vocab, &index, &mut ex);
        ex.feats.clone()
    };
    let mut check = FeatureCheck::default();
    for (t, _) in &kb_examples {
        check.add(&feats(t));
    }

    let mut lines = read_lines(REAL, &titles, true);
    lines.extend(read_lines(WRITTEN, &titles, false));
    let other = super::assistant_kb::TOPICS
        .iter()
        .position(|t| *t == "other")
        .unwrap_or_else(|| panic!("src/assistant/kb: no `other` topic"));
    let mut topic_samples = Vec::new();
    let mut section_samples = Vec::new();
    for l in lines
        .iter()
        .flat_map(|l| std::iter::repeat(l).take(if l.real { REAL_WEIGHT } else { 1 }))
    {
        let f = feats(&l.query);
        let group = Some(classifier::group_hash(&l.group));
        // an off-topic line that no section answers teaches the extra
        // "no section" class (index `sections.len()`)
        let none = (l.topic == other).then_some(sections.len());
        if let Some(s) = l.section.or(none) {
            for _ in 0..SECTION_REPEAT {
                section_samples.push(Sample {
                    feats: f.clone(),
                    label: s as u16,
                    group,
                });
            }
        }
        topic_samples.push(Sample {
            feats: f,
            label: l.topic as u16,
            group,
        });
    }
    for (text, s) in &kb_examples {
        let f = feats(text);
        topic_samples.push(Sample {
            feats: f.clone(),
            label: topic_of(*s) as u16,
            group: None,
        });
        section_samples.push(Sample {
            feats: f,
            label: *s as u16,
            group: None,
        });
    }
    let topic = classifier::train_with(
        &topic_samples,
        super::assistant_kb::TOPICS.len(),
        &TOPIC,
        &TOPIC_OPTIONS,
    );
    let section = classifier::train_with(
        &section_samples,
        sections.len() + 1,
        &SECTION,
        &SECTION_OPTIONS,
    );

    let mut o = String::new();
    o.push_str(
        "// @generated by src/assistant/build_chat_model.rs — edit the corpus or the settings there.\n",
    );
    let _ = writeln!(o, "/// Settings the topic model was trained with.");
    let _ = writeln!(o, "pub const TOPIC_CONFIG: Config = {TOPIC:?};");
    let _ = writeln!(o, "/// Settings the section model was trained with.");
    let _ = writeln!(o, "pub const SECTION_CONFIG: Config = {SECTION:?};");
    let _ = writeln!(o, "/// Times each real-text line was trained on.");
    let _ = writeln!(o, "pub const REAL_WEIGHT: usize = {REAL_WEIGHT};");
    let _ = writeln!(
        o,
        "/// Extra times each corpus line is a section-model sample."
    );
    let _ = writeln!(o, "pub const SECTION_REPEAT: usize = {SECTION_REPEAT};");
    let _ = writeln!(o, "/// Options the topic model was trained with.");
    let _ = writeln!(o, "pub const TOPIC_OPTIONS: Options = {TOPIC_OPTIONS:?};");
    let _ = writeln!(o, "/// Options the section model was trained with.");
    let _ = writeln!(
        o,
        "pub const SECTION_OPTIONS: Options = {SECTION_OPTIONS:?};"
    );
    let _ = writeln!(
        o,
        "/// A hash of the features of [`KB_EXAMPLES`] at build time: run time must agree."
    );
    let _ = writeln!(o, "pub const FEATURE_CHECK: u64 = {};", check.0);
    let _ = writeln!(
        o,
        "/// Training examples from the knowledge base: (text, section index)."
    );
    o.push_str("pub static KB_EXAMPLES: &[(&str, u16)] = &[\n");
    for (t, s) in &kb_examples {
        let _ = writeln!(o, "    ({t:?}, {s}),");
    }
    o.push_str("];\n");
    let _ = writeln!(
        o,
        "/// The topic model ({} bytes of tables).",
        topic.bytes()
    );
    o.push_str(&topic.to_rust("TOPIC_MODEL"));
    let _ = writeln!(
        o,
        "/// The section model ({} bytes of tables): classes are the sections, then \"no section\".",
        section.bytes()
    );
    o.push_str(&section.to_rust("SECTION_MODEL"));
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("chat_model.rs");
    fs::write(out, o).expect("write chat_model.rs");
}
