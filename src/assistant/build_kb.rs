//! Build-time generator for the assistant: reads `src/assistant/lexicon.txt`,
//! the knowledge base (`src/assistant/kb/*.md`) and the onboarding path
//! (`src/assistant/onboarding.md`), normalises the knowledge base with the
//! same code that reads queries (`src/text/normalize.rs`), and writes static
//! tables — lexicon, sections, a BM25 inverted index, onboarding steps — to
//! `OUT_DIR/assistant_kb.rs`. Start-up does no parsing or indexing.

#[path = "../text/mod.rs"]
#[allow(dead_code, unused_imports)]
pub mod text;
use text::normalize;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

pub struct Section {
    pub topic: String,
    pub title: String,
    pub keywords: Vec<String>,
    pub suggestions: Vec<String>,
    pub answer: String,
    pub steps: Vec<String>,
}

struct Step {
    id: String,
    title: String,
    minutes: u32,
    description: String,
    tips: Vec<String>,
}

/// The chat's topics, from their one home (`[topic]` of `src/vocab/vocab.txt`).
pub static TOPICS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crate::vocab::values("topic").unwrap_or_else(|| panic!("src/vocab/vocab.txt: no [topic]"))
});

fn parse_lexicon(text: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_owned();
            continue;
        }
        let entry = out.entry(section.clone()).or_default();
        if section == "stopwords" {
            entry.extend(
                line.split_whitespace()
                    .map(|w| (w.to_owned(), String::new())),
            );
        } else if let Some((k, v)) = line.split_once('=') {
            entry.push((k.trim().to_lowercase(), v.trim().to_lowercase()));
        } else {
            panic!("lexicon.txt: `{line}` is not `from = to`");
        }
    }
    out
}

fn parse_kb_file(path: &Path, out: &mut Vec<Section>) {
    let text = fs::read_to_string(path).expect("readable kb file");
    let mut file_topic = String::new();
    let mut current: Option<Section> = None;
    let mut para = String::new();
    let flush_para = |s: &mut Option<Section>, para: &mut String| {
        if let Some(sec) = s.as_mut() {
            let p = para.trim();
            if !p.is_empty() {
                if !sec.answer.is_empty() {
                    sec.answer.push_str("\n\n");
                }
                sec.answer.push_str(p);
            }
        }
        para.clear();
    };
    for raw in text.lines() {
        let line = raw.trim_end();
        if let Some(title) = line.strip_prefix("## ") {
            flush_para(&mut current, &mut para);
            if let Some(s) = current.take() {
                out.push(s);
            }
            current = Some(Section {
                topic: file_topic.clone(),
                title: title.trim().to_owned(),
                keywords: Vec::new(),
                suggestions: Vec::new(),
                answer: String::new(),
                steps: Vec::new(),
            });
            continue;
        }
        if line.starts_with("# ") {
            continue;
        }
        let meta = |key: &str| line.strip_prefix(key).map(str::trim);
        match current.as_mut() {
            None => {
                if let Some(t) = meta("topic:") {
                    file_topic = t.to_owned();
                }
            }
            Some(sec) => {
                if let Some(t) = meta("topic:") {
                    sec.topic = t.to_owned();
                } else if let Some(k) = meta("keywords:") {
                    sec.keywords.extend(
                        k.split(',')
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                } else if let Some(k) = meta("suggest:") {
                    sec.suggestions.extend(
                        k.split('|')
                            .map(|s| s.trim().to_owned())
                            .filter(|s| !s.is_empty()),
                    );
                } else if let Some(step) = line.strip_prefix("- ").or_else(|| {
                    line.split_once(". ")
                        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty())
                        .map(|(_, r)| r)
                }) {
                    flush_para(&mut current, &mut para);
                    if let Some(sec) = current.as_mut() {
                        sec.steps.push(step.trim().to_owned());
                    }
                } else if line.trim().is_empty() {
                    flush_para(&mut current, &mut para);
                } else {
                    if !para.is_empty() {
                        para.push(' ');
                    }
                    para.push_str(line.trim());
                }
            }
        }
    }
    flush_para(&mut current, &mut para);
    if let Some(s) = current.take() {
        out.push(s);
    }
}

fn parse_onboarding(text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut cur: Option<Step> = None;
    for line in text.lines().map(str::trim) {
        if let Some(h) = line.strip_prefix("## ") {
            if let Some(s) = cur.take() {
                steps.push(s);
            }
            let (id, title) = h
                .split_once(':')
                .expect("onboarding heading is `## id: Title`");
            cur = Some(Step {
                id: id.trim().to_owned(),
                title: title.trim().to_owned(),
                minutes: 0,
                description: String::new(),
                tips: Vec::new(),
            });
        } else if let Some(s) = cur.as_mut() {
            if let Some(m) = line.strip_prefix("minutes:") {
                s.minutes = m.trim().parse().expect("minutes is a number");
            } else if let Some(t) = line.strip_prefix("- ") {
                s.tips.push(t.trim().to_owned());
            } else if !line.is_empty() && !line.starts_with('#') {
                if !s.description.is_empty() {
                    s.description.push(' ');
                }
                s.description.push_str(line);
            }
        }
    }
    if let Some(s) = cur.take() {
        steps.push(s);
    }
    steps
}

fn lit(s: &str) -> String {
    format!("{s:?}")
}

fn list(items: &[String]) -> String {
    format!(
        "&[{}]",
        items.iter().map(|s| lit(s)).collect::<Vec<_>>().join(", ")
    )
}

/// The lexicon's tables, sorted as [`normalize::Lexicon`] wants them.
pub struct LexiconTables {
    pub phrases: Vec<(String, String)>,
    pub spelling: Vec<(String, String)>,
    pub synonyms: Vec<(String, String)>,
    pub stopwords: Vec<String>,
}

/// Reads `src/assistant/lexicon.txt`.
pub fn lexicon_tables() -> LexiconTables {
    let dir = Path::new("src/assistant");
    let lex = parse_lexicon(&fs::read_to_string(dir.join("lexicon.txt")).expect("lexicon.txt"));
    let get = |k: &str| lex.get(k).cloned().unwrap_or_default();
    let mut phrases = get("phrases");
    phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    let mut spelling = get("spelling");
    spelling.sort();
    spelling.dedup_by(|a, b| a.0 == b.0);
    let mut synonyms = get("synonyms");
    synonyms.sort();
    synonyms.dedup_by(|a, b| a.0 == b.0);
    let mut stopwords: Vec<String> = get("stopwords").into_iter().map(|(w, _)| w).collect();
    stopwords.sort();
    stopwords.dedup();
    LexiconTables {
        phrases,
        spelling,
        synonyms,
        stopwords,
    }
}

/// The knowledge base's sections, in file order (files sorted by name),
/// checked: known topic, an answer, no title twice.
pub fn sections() -> Vec<Section> {
    let dir = Path::new("src/assistant");
    let mut files: Vec<_> = fs::read_dir(dir.join("kb"))
        .expect("src/assistant/kb")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    let mut sections = Vec::new();
    for f in &files {
        parse_kb_file(f, &mut sections);
    }
    for (i, s) in sections.iter().enumerate() {
        assert!(
            TOPICS.contains(&s.topic.as_str()),
            "kb section `{}` has unknown topic `{}`",
            s.title,
            s.topic
        );
        assert!(
            !s.answer.is_empty(),
            "kb section `{}` has no answer text",
            s.title
        );
        assert!(
            sections[..i].iter().all(|o| o.title != s.title),
            "kb section `{}` appears twice",
            s.title
        );
    }
    sections
}

/// Term -> (section, term frequency), terms sorted.
pub type Postings = BTreeMap<String, Vec<(usize, u32)>>;

/// The BM25 index over `sections`: its postings, the length of each section
/// and the average length. Title and keywords weigh three times, answer and
/// steps once.
pub fn bm25_postings(
    sections: &[Section],
    lexicon: &normalize::Lexicon,
) -> (Postings, Vec<usize>, f64) {
    let mut postings: BTreeMap<String, Vec<(usize, u32)>> = BTreeMap::new();
    let mut doc_len = Vec::new();
    for (i, s) in sections.iter().enumerate() {
        let mut terms = Vec::new();
        let mut strong = Vec::new();
        normalize::analyze(&s.title, lexicon, &mut strong);
        for k in &s.keywords {
            normalize::analyze(k, lexicon, &mut strong);
        }
        for _ in 0..3 {
            terms.extend(strong.iter().cloned());
        }
        normalize::analyze(&s.answer, lexicon, &mut terms);
        for st in &s.steps {
            normalize::analyze(st, lexicon, &mut terms);
        }
        doc_len.push(terms.len());
        let mut tf: BTreeMap<String, u32> = BTreeMap::new();
        for t in terms {
            *tf.entry(t).or_default() += 1;
        }
        for (t, n) in tf {
            postings.entry(t).or_default().push((i, n));
        }
    }
    let avgdl = doc_len.iter().sum::<usize>() as f64 / doc_len.len().max(1) as f64;
    (postings, doc_len, avgdl)
}

pub fn generate() {
    let dir = Path::new("src/assistant");
    println!("cargo:rerun-if-changed=src/assistant/lexicon.txt");
    println!("cargo:rerun-if-changed=src/assistant/kb");
    println!("cargo:rerun-if-changed=src/assistant/onboarding.md");
    // the whole text engine is compiled into build.rs (`../text/mod.rs`):
    // any of its files can change the index or the trained models
    println!("cargo:rerun-if-changed=src/text");
    let LexiconTables {
        phrases,
        spelling,
        synonyms,
        stopwords,
    } = lexicon_tables();

    fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
        v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
    }
    let (p, sp, sy) = (pairs(&phrases), pairs(&spelling), pairs(&synonyms));
    let sw: Vec<&str> = stopwords.iter().map(String::as_str).collect();
    let lexicon = normalize::Lexicon {
        phrases: &p,
        spelling: &sp,
        synonyms: &sy,
        stopwords: &sw,
        known: None,
    };

    let sections = sections();

    let (postings, doc_len, avgdl) = bm25_postings(&sections, &lexicon);

    let steps =
        parse_onboarding(&fs::read_to_string(dir.join("onboarding.md")).expect("onboarding.md"));

    let mut o = String::new();
    o.push_str("// @generated by src/assistant/build_kb.rs — edit the data files, not this.\n");
    // Word lists as packed `List`s (one text, `u16` ends): `kb.rs` expands
    // them once, on first use, into the slices the text engine reads.
    let packed = |name: &str, v: &[&str], o: &mut String| {
        let _ = writeln!(
            o,
            "static {name}: List = {};",
            crate::build_packed::list(name, v)
        );
    };
    let pair_table = |name: &str, v: &[(String, String)], o: &mut String| {
        let from: Vec<&str> = v.iter().map(|(a, _)| a.as_str()).collect();
        let to: Vec<&str> = v.iter().map(|(_, b)| b.as_str()).collect();
        packed(&format!("{name}_FROM"), &from, o);
        packed(&format!("{name}_TO"), &to, o);
    };
    pair_table("PHRASES", &phrases, &mut o);
    pair_table("SPELLING", &spelling, &mut o);
    pair_table("SYNONYMS", &synonyms, &mut o);
    packed("STOPWORDS", &sw, &mut o);
    // Sections as packed columns (`kb.rs` expands them on first use):
    // titles, then the suggestions that are no title, as one list of
    // prompts; suggestions as indices into it; steps in one list.
    let mut prompts: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
    let (mut suggest, mut suggest_ends, mut step_text, mut step_ends) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for s in &sections {
        for q in &s.suggestions {
            let k = prompts.iter().position(|p| p == q).unwrap_or_else(|| {
                prompts.push(q);
                prompts.len() - 1
            });
            suggest.push(
                u8::try_from(k)
                    .unwrap_or_else(|_| panic!("src/assistant/kb: over 255 section prompts")),
            );
        }
        suggest_ends.push(suggest.len());
        step_text.extend(s.steps.iter().map(String::as_str));
        step_ends.push(step_text.len());
    }
    let topics: Vec<String> = sections
        .iter()
        .map(|s| format!("Topic::{}", camel(&s.topic)))
        .collect();
    let answers: Vec<&str> = sections.iter().map(|s| s.answer.as_str()).collect();
    let _ = writeln!(
        o,
        "/// How many sections there are.\npub const SECTION_COUNT: usize = {};",
        sections.len()
    );
    let _ = writeln!(
        o,
        "static SECTION_TOPICS: [Topic; {}] = [{}];",
        topics.len(),
        topics.join(", ")
    );
    packed("PROMPTS", &prompts, &mut o);
    packed("ANSWERS", &answers, &mut o);
    packed("STEPS", &step_text, &mut o);
    let _ = writeln!(o, "static SUGGEST: &[u8] = &{suggest:?};");
    let _ = writeln!(
        o,
        "static SUGGEST_ENDS: Ends = {};",
        crate::build_packed::ends(&suggest_ends)
    );
    let _ = writeln!(
        o,
        "static STEP_ENDS: Ends = {};",
        crate::build_packed::ends(&step_ends)
    );
    let vocab: Vec<&str> = postings.keys().map(String::as_str).collect();
    packed("VOCAB", &vocab, &mut o);
    let (ends, docs, tfs) = text::bm25::flatten(postings.values().map(Vec::as_slice))
        .unwrap_or_else(|e| panic!("src/assistant/kb: the BM25 index: {e}"));
    let _ = writeln!(o, "pub static POSTING_ENDS: &[u16] = &{ends:?};");
    let _ = writeln!(o, "pub static POSTING_DOCS: &[u8] = &{docs:?};");
    let _ = writeln!(o, "pub static POSTING_TFS: &[u8] = &{tfs:?};");
    let _ = writeln!(o, "pub static DOC_LEN: &[u16] = &{doc_len:?};");
    let _ = writeln!(o, "pub const AVGDL: f32 = {avgdl:.4};");
    o.push_str("pub static ONBOARDING: &[OnboardingStepData] = &[\n");
    for s in &steps {
        let _ = writeln!(
            o,
            "    OnboardingStepData {{ id: {}, title: {}, description: {}, tips: {}, minutes: {} }},",
            lit(&s.id),
            lit(&s.title),
            lit(&s.description),
            list(&s.tips),
            s.minutes
        );
    }
    o.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("assistant_kb.rs");
    fs::write(out, o).expect("write assistant_kb.rs");
}

fn camel(topic: &str) -> String {
    topic
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}
