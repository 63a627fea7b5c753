//! Source-grouped k-fold evaluation of the chat engine (shared by
//! `tests/chat_real.rs`; include with `#[path = "support/chat_eval.rs"]`):
//! each fold's models are trained, with the shipped settings, on the other
//! folds' lines plus the knowledge base's examples, and score the fold's
//! lines through the same `understand` the module answers with.
#![allow(dead_code)]

use levqor_wasm::assistant::chat_model::{
    features_of, understand, Models, KB_EXAMPLES, NO_SECTION, REAL_WEIGHT, SECTION_CONFIG,
    SECTION_OPTIONS, SECTION_REPEAT, TOPIC_CONFIG, TOPIC_OPTIONS,
};
use levqor_wasm::assistant::kb::{Topic, SECTIONS};
use levqor_wasm::text::classifier::{self, group_hash, source_group, Config, Packed, Sample};
use serde_json::Value;
use std::collections::BTreeMap;

/// Folds of the grouped k-fold.
pub const K: u32 = 5;

/// A corpus line.
#[derive(Debug, Clone)]
pub struct Row {
    pub query: String,
    pub topic: Topic,
    pub section: Option<usize>,
    pub group: String,
    pub written: bool,
    pub feats: Vec<u16>,
}

fn parse(text: &str, written: bool) -> Vec<Row> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("corpus line is JSON");
            let query = v["query"].as_str().expect("query").to_owned();
            let topic = Topic::parse(v["topic"].as_str().expect("topic")).expect("known topic");
            let section = v["section"].as_str().map(|t| {
                SECTIONS
                    .iter()
                    .position(|s| s.title == t)
                    .expect("known section")
            });
            let group = if written {
                format!("written:{query}")
            } else {
                source_group(v["source"].as_str().expect("source"))
            };
            let feats = features_of(&query);
            Row {
                query,
                topic,
                section,
                group,
                written,
                feats,
            }
        })
        .collect()
}

/// Every real line, then every written one.
pub fn rows() -> Vec<Row> {
    let mut r = parse(include_str!("../corpus/chat_real.jsonl"), false);
    r.extend(parse(include_str!("../corpus/chat.jsonl"), true));
    r
}

/// The fold a line is tested in. `CHAT_FOLD_SALT=N` (N > 0) draws another
/// partition of the same groups, to tell a change of settings from the noise
/// of one partition (settings are chosen on the mean of three).
pub fn fold(r: &Row) -> u32 {
    let salt = std::env::var("CHAT_FOLD_SALT")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(0);
    let h = group_hash(&r.group);
    if salt == 0 {
        h % K
    } else {
        h.wrapping_mul(salt | 1).rotate_right(13) % K
    }
}

fn topic_index(t: Topic) -> u16 {
    Topic::ALL.iter().position(|x| *x == t).unwrap_or(0) as u16
}

/// The two models trained on `train` (plus the knowledge base's examples).
pub fn train(train: &[&Row], topic_cfg: &Config, section_cfg: &Config) -> (Packed, Packed) {
    let mut ts = Vec::new();
    let mut ss = Vec::new();
    // real lines count REAL_WEIGHT times, as in the build
    let weight = |r: &Row| if r.written { 1 } else { REAL_WEIGHT };
    for r in train
        .iter()
        .flat_map(|r| std::iter::repeat(r).take(weight(r)))
    {
        let group = Some(group_hash(&r.group));
        ts.push(Sample {
            feats: r.feats.clone(),
            label: topic_index(r.topic),
            group,
        });
        let none = (r.topic == Topic::Other).then_some(NO_SECTION);
        if let Some(s) = r.section.or(none) {
            // each labelled line SECTION_REPEAT times more, as in the build
            for _ in 0..SECTION_REPEAT {
                ss.push(Sample {
                    feats: r.feats.clone(),
                    label: s as u16,
                    group,
                });
            }
        }
    }
    for (text, s) in KB_EXAMPLES {
        let feats = features_of(text);
        let topic = SECTIONS[usize::from(*s)].topic;
        ts.push(Sample {
            feats: feats.clone(),
            label: topic_index(topic),
            group: None,
        });
        ss.push(Sample {
            feats,
            label: *s,
            group: None,
        });
    }
    (
        classifier::train_with(&ts, Topic::ALL.len(), topic_cfg, &TOPIC_OPTIONS),
        classifier::train_with(&ss, SECTIONS.len() + 1, section_cfg, &SECTION_OPTIONS),
    )
}

/// One scored line.
#[derive(Debug, Clone)]
pub struct Scored {
    pub row: Row,
    pub topic: Topic,
    pub section: Option<usize>,
    /// The runner-up section, the first suggestion of the answer.
    pub runner_up: Option<usize>,
    pub confidence: f32,
}

/// Every line scored by the models of the folds it was held out from.
pub fn cross_validate(rows: &[Row], topic_cfg: &Config, section_cfg: &Config) -> Vec<Scored> {
    let mut out = Vec::new();
    for f in 0..K {
        let tr: Vec<&Row> = rows.iter().filter(|r| fold(r) != f).collect();
        let (t, s) = train(&tr, topic_cfg, section_cfg);
        let models = Models {
            topic: t.table(),
            section: s.table(),
            bm25_weight: bm25_weight(),
            other_below: other_below(),
            decoded: None,
        };
        for r in rows.iter().filter(|r| fold(r) == f) {
            let u = understand(&models, &r.query, None, None);
            out.push(Scored {
                row: r.clone(),
                topic: u.topic,
                section: u
                    .section
                    .and_then(|s| SECTIONS.iter().position(|x| x.title == s.title)),
                runner_up: u
                    .runner_up
                    .and_then(|s| SECTIONS.iter().position(|x| x.title == s.title)),
                confidence: u.confidence,
            });
        }
    }
    out
}

fn bm25_weight() -> f32 {
    std::env::var("CHAT_BM25")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(levqor_wasm::assistant::chat_model::BM25_WEIGHT)
}

fn other_below() -> f32 {
    std::env::var("CHAT_OTHER_BELOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(levqor_wasm::assistant::chat_model::OTHER_BELOW)
}

/// With the shipped settings.
pub fn cross_validate_shipped(rows: &[Row]) -> Vec<Scored> {
    cross_validate(rows, &TOPIC_CONFIG, &SECTION_CONFIG)
}

/// The figures of a set of scored lines.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub n: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    /// topic -> (precision, recall, f1, support)
    pub per_topic: BTreeMap<&'static str, (f64, f64, f64, usize)>,
    /// (want, got, count), commonest first
    pub confusions: Vec<(&'static str, &'static str, usize)>,
    pub section_right: f64,
    /// Share of the lines with a section whose section is the answer's or
    /// its first suggestion's (the runner-up): right within one click.
    pub section_one_click: f64,
    pub section_n: usize,
    /// Share of the off-topic lines that no section answers which got the
    /// generic answer (no section).
    pub no_section_right: f64,
    pub ece: f64,
}

pub fn report(s: &[&Scored]) -> Report {
    let n = s.len();
    let right = s.iter().filter(|x| x.topic == x.row.topic).count();
    let mut per_topic = BTreeMap::new();
    let mut f1s = Vec::new();
    for t in Topic::ALL {
        let tp = s
            .iter()
            .filter(|x| x.topic == t && x.row.topic == t)
            .count();
        let pred = s.iter().filter(|x| x.topic == t).count();
        let sup = s.iter().filter(|x| x.row.topic == t).count();
        if sup == 0 {
            continue;
        }
        let p = if pred == 0 {
            0.0
        } else {
            tp as f64 / pred as f64
        };
        let r = tp as f64 / sup as f64;
        let f1 = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        f1s.push(f1);
        per_topic.insert(t.as_str(), (p, r, f1, sup));
    }
    let mut conf: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    for x in s.iter().filter(|x| x.topic != x.row.topic) {
        *conf
            .entry((x.row.topic.as_str(), x.topic.as_str()))
            .or_default() += 1;
    }
    let mut confusions: Vec<_> = conf.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    confusions.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
    let with_section: Vec<_> = s.iter().filter(|x| x.row.section.is_some()).collect();
    let section_right = with_section
        .iter()
        .filter(|x| x.section == x.row.section)
        .count();
    let one_click = with_section
        .iter()
        // (a runner-up only comes with an answer's section)
        .filter(|x| x.section == x.row.section || x.runner_up == x.row.section)
        .count();
    let unanswerable: Vec<_> = s
        .iter()
        .filter(|x| x.row.topic == Topic::Other && x.row.section.is_none())
        .collect();
    let no_section_right = unanswerable.iter().filter(|x| x.section.is_none()).count() as f64
        / unanswerable.len().max(1) as f64;
    // expected calibration error over 10 equal-width bins
    let mut bins = [(0usize, 0.0f64, 0usize); 10];
    for x in s {
        let b = ((x.confidence as f64 * 10.0) as usize).min(9);
        bins[b].0 += 1;
        bins[b].1 += x.confidence as f64;
        bins[b].2 += usize::from(x.topic == x.row.topic);
    }
    let ece = bins
        .iter()
        .filter(|b| b.0 > 0)
        .map(|&(c, conf, ok)| {
            (c as f64 / n as f64) * (conf / c as f64 - ok as f64 / c as f64).abs()
        })
        .sum();
    Report {
        n,
        accuracy: right as f64 / n.max(1) as f64,
        macro_f1: f1s.iter().sum::<f64>() / f1s.len().max(1) as f64,
        per_topic,
        confusions,
        section_right: section_right as f64 / with_section.len().max(1) as f64,
        section_one_click: one_click as f64 / with_section.len().max(1) as f64,
        section_n: with_section.len(),
        no_section_right,
        ece,
    }
}

/// The commonest wrong sections among lines whose topic was right:
/// (want, got, count), commonest first ("-" is no section).
pub fn section_confusions(s: &[&Scored]) -> Vec<(&'static str, &'static str, usize)> {
    let title = |x: Option<usize>| x.and_then(|i| SECTIONS.get(i)).map_or("-", |s| s.title);
    let mut conf: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    for x in s
        .iter()
        .filter(|x| x.row.section.is_some() && x.topic == x.row.topic && x.section != x.row.section)
    {
        *conf
            .entry((title(x.row.section), title(x.section)))
            .or_default() += 1;
    }
    let mut v: Vec<_> = conf.into_iter().map(|((a, b), c)| (a, b, c)).collect();
    v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)).then(a.1.cmp(b.1)));
    v
}

pub fn print(name: &str, r: &Report) {
    println!(
        "{name}: {} lines, topic accuracy {:.3}, macro-F1 {:.3}, right section {:.3} (of {}; within one click {:.3}), ECE {:.3}, off-topic given no section {:.3}",
        r.n, r.accuracy, r.macro_f1, r.section_right, r.section_n, r.section_one_click, r.ece, r.no_section_right
    );
    for (t, (p, rc, f1, n)) in &r.per_topic {
        println!("  {t:<16} P {p:.2}  R {rc:.2}  F1 {f1:.2}  ({n})");
    }
    println!("  commonest confusions (want <- got):");
    for (a, b, c) in r.confusions.iter().take(5) {
        println!("    {a} <- {b}: {c}");
    }
}
