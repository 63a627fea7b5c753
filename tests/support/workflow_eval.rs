//! Scoring of the workflow builder against a labelled corpus: trigger
//! accuracy, action-app precision/recall/F1, schedule exact match (words
//! and cron), per pattern and per kind, and the commonest errors. App names
//! in labels are resolved through the catalog's aliases ("Microsoft
//! Outlook" -> Outlook), others compared folded.
#![allow(dead_code)]

use levqor_wasm::assistant::catalog;
use levqor_wasm::assistant::workflow::{build, plan};
use serde_json::Value;
use std::collections::BTreeMap;

/// One labelled line.
pub struct Case {
    pub query: String,
    /// The trigger app (canonical), or `None` for a schedule / manual start.
    pub trigger: Option<String>,
    pub actions: Vec<String>,
    /// `Some(Some((words, cron)))` labelled with words and cron; `Some(None)`
    /// labelled "no schedule"; `None` when only presence is labelled.
    pub schedule: Option<Option<(String, String)>>,
    /// Whether a schedule is expected at all.
    pub has_schedule: bool,
    pub group: String,
    pub kind: String,
    /// Written in English (other languages are reported apart).
    pub english: bool,
    /// A written-corpus line marked `"holdout": true` (written after tuning).
    pub holdout: bool,
}

/// Function words of English and of the other languages seen in requests;
/// a line with CJK characters, or with more foreign than English function
/// words, is taken as written in another language.
const ENGLISH: &[&str] = &[
    "the", "to", "and", "when", "with", "from", "my", "of", "for", "every", "new", "is", "into",
    "on", "it", "if", "then", "each", "after", "an", "our", "me", "in", "by", "that", "i", "want",
    "whenever", "out",
];
const FOREIGN: &[&str] = &[
    "el", "la", "los", "las", "de", "del", "que", "en", "un", "una", "um", "uma", "no", "do", "da",
    "os", "as", "les", "le", "des", "dans", "est", "und", "der", "die", "das", "il", "di", "per",
    "con", "su", "al", "si", "como",
];

fn is_english(q: &str) -> bool {
    let cjk = q
        .chars()
        .any(|c| ('\u{3040}'..='\u{9fff}').contains(&c) || ('\u{ac00}'..='\u{d7af}').contains(&c));
    let folded = fold(q, " ");
    let count = |list: &[&str]| folded.split(' ').filter(|w| list.contains(w)).count();
    !cjk && count(ENGLISH) >= count(FOREIGN)
}

/// Catalog display name for `name`, else the name folded.
pub fn canon(name: &str) -> String {
    match catalog::lookup(name) {
        Some(a) => a.name.to_string(),
        None => fold(name, " "),
    }
}

/// Lower-case letters and digits, runs of anything else as `sep`.
pub fn fold(s: &str, sep: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// The deterministic split: a group is held out when the FNV-1a hash of its
/// name is divisible by 3 (about a third of the groups).
pub fn held_out(group: &str) -> bool {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in group.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h % 3 == 0
}

/// Parses a JSONL corpus line (real or written format).
pub fn parse(line: &str) -> Case {
    let v: Value = serde_json::from_str(line).expect("corpus line is JSON");
    let query = v["query"].as_str().expect("query").to_string();
    let trigger = match v["trigger"].as_str() {
        None | Some("schedule") | Some("manual") => None,
        Some(t) => Some(canon(t)),
    };
    let actions = v["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .filter_map(Value::as_str)
        .map(canon)
        .collect();
    let (schedule, has_schedule) = match &v["schedule"] {
        Value::Bool(b) => (None, *b),
        Value::Null => (Some(None), false),
        s => (
            Some(Some((
                s["words"].as_str().expect("words").to_string(),
                s["cron"].as_str().expect("cron").to_string(),
            ))),
            true,
        ),
    };
    let source = v["source"].as_str().unwrap_or("written");
    Case {
        english: is_english(&query),
        holdout: v["holdout"].as_bool() == Some(true),
        query,
        trigger,
        actions,
        schedule,
        has_schedule,
        group: levqor_wasm::text::classifier::source_group(source),
        kind: v["kind"].as_str().unwrap_or("request").to_string(),
    }
}

/// Counts for one slice of the corpus.
#[derive(Default, Clone)]
pub struct Score {
    pub n: usize,
    pub trig: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub sched_n: usize,
    pub sched_exact: usize,
    pub sched_cron: usize,
    pub sched_found: usize,
    /// Lines whose wanted trigger is named in the request (or is none).
    pub nameable: usize,
    /// Of those, trigger right.
    pub nameable_trig: usize,
}

impl Score {
    pub fn trigger(&self) -> f64 {
        self.trig as f64 / self.n.max(1) as f64
    }
    pub fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        2.0 * p * r / (p + r).max(f64::EPSILON)
    }
    /// Words and cron exact (lines labelled with both).
    pub fn schedule(&self) -> f64 {
        self.sched_exact as f64 / self.sched_n.max(1) as f64
    }
    pub fn cron(&self) -> f64 {
        self.sched_cron as f64 / self.sched_n.max(1) as f64
    }
    /// Trigger accuracy on the lines whose trigger the request names (or
    /// that want none): what the words can decide.
    pub fn nameable_trigger(&self) -> f64 {
        self.nameable_trig as f64 / self.nameable.max(1) as f64
    }
    /// Schedule present / absent as labelled.
    pub fn detection(&self) -> f64 {
        self.sched_found as f64 / self.n.max(1) as f64
    }
    fn add(&mut self, o: &Score) {
        self.n += o.n;
        self.trig += o.trig;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
        self.sched_n += o.sched_n;
        self.sched_exact += o.sched_exact;
        self.sched_cron += o.sched_cron;
        self.sched_found += o.sched_found;
        self.nameable += o.nameable;
        self.nameable_trig += o.nameable_trig;
    }
    pub fn line(&self, name: &str) -> String {
        let pct = |x: f64| format!("{:>5.1}%", x * 100.0);
        let (exact, cron) = if self.sched_n == 0 {
            ("  n/a ".to_string(), "  n/a ".to_string())
        } else {
            (pct(self.schedule()), pct(self.cron()))
        };
        format!(
            "{name:<22} n={:<4} trigger {}  actions P {} R {} F1 {}  schedule exact {exact} (cron {cron}, detected {})",
            self.n,
            pct(self.trigger()),
            pct(self.precision()),
            pct(self.recall()),
            pct(self.f1()),
            pct(self.detection())
        )
    }
}

/// Whether the request names `app` (canonical): a catalog mention of it,
/// or its folded name in the folded text. A trigger the request never
/// names ("deliver a welcome email to each new person that registers" ->
/// the product the issue was filed on) cannot be found from the words.
pub fn named_in(query: &str, app: &str) -> bool {
    catalog::find_in(query).iter().any(|a| a.name == app)
        || format!(" {} ", fold(query, " ")).contains(&format!(" {} ", fold(app, " ")))
}

/// Scores one case; also returns the error tags and the engine's pattern.
pub fn score(c: &Case) -> (Score, Vec<String>, &'static str, String) {
    let p = plan(&build(&c.query));
    let got_trigger = match p.trigger.as_str() {
        "schedule" | "manual" => None,
        t => Some(canon(t)),
    };
    let got_actions: Vec<String> = p.actions.iter().map(|a| canon(a)).collect();
    let mut s = Score {
        n: 1,
        ..Score::default()
    };
    let mut errors = Vec::new();
    let nameable = c.trigger.as_ref().map_or(true, |w| named_in(&c.query, w));
    s.nameable = usize::from(nameable);
    if got_trigger == c.trigger {
        s.trig = 1;
        s.nameable_trig = usize::from(nameable);
    } else {
        let show = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
        errors.push(match (&c.trigger, &got_trigger) {
            (None, Some(_)) => "trigger: app given, none wanted".to_string(),
            (Some(w), _) if !named_in(&c.query, w) => {
                "trigger: app wanted but not named in the request".to_string()
            }
            (Some(_), None) => "trigger: none given, app wanted".to_string(),
            _ => "trigger: wrong app".to_string(),
        });
        errors.push(format!(
            "  trigger {} (want {})",
            show(&got_trigger),
            show(&c.trigger)
        ));
    }
    for a in &got_actions {
        if c.actions.contains(a) {
            s.tp += 1;
        } else {
            s.fp += 1;
            errors.push(format!("action extra: {a}"));
        }
    }
    for a in &c.actions {
        if !got_actions.contains(a) {
            s.fn_ += 1;
            errors.push(format!("action missed: {a}"));
        }
    }
    let got_sched = p
        .schedule
        .as_ref()
        .map(|s| (s.text.clone(), s.cron.clone()));
    if got_sched.is_some() == c.has_schedule {
        s.sched_found = 1;
    } else {
        errors.push(if c.has_schedule {
            "schedule: missed".into()
        } else {
            "schedule: extra".into()
        });
    }
    if let Some(want) = &c.schedule {
        s.sched_n = 1;
        match (want, &got_sched) {
            (None, None) => {
                s.sched_exact = 1;
                s.sched_cron = 1;
            }
            (Some((ww, wc)), Some((gw, gc))) => {
                let cron_ok = wc == gc;
                s.sched_cron = usize::from(cron_ok);
                let words_ok = fold(ww, "") == fold(gw, "");
                s.sched_exact = usize::from(cron_ok && words_ok);
                if !cron_ok {
                    errors.push(format!("schedule: cron {gc} (want {wc})"));
                } else if !words_ok {
                    errors.push(format!("schedule: words {gw:?} (want {ww:?})"));
                }
            }
            _ => {}
        }
    }
    let detail = format!(
        "trigger {:?} actions {:?} schedule {:?}",
        got_trigger, got_actions, got_sched
    );
    (s, errors, p.pattern, detail)
}

/// A report over `cases`: totals, per pattern and kind, commonest errors.
pub struct Report {
    pub all: Score,
    pub by: BTreeMap<String, Score>,
    pub errors: BTreeMap<String, usize>,
}

/// Scores `cases`; prints each miss when `show_misses`.
pub fn report(cases: &[&Case], show_misses: bool) -> Report {
    let mut all = Score::default();
    let mut by: BTreeMap<String, Score> = BTreeMap::new();
    let mut errors: BTreeMap<String, usize> = BTreeMap::new();
    for c in cases {
        let (s, errs, pattern, detail) = score(c);
        all.add(&s);
        by.entry(format!("pattern {pattern}")).or_default().add(&s);
        by.entry(format!("kind {}", c.kind)).or_default().add(&s);
        for e in errs.iter().filter(|e| !e.starts_with("  ")) {
            let key = if e.starts_with("schedule: cron") || e.starts_with("schedule: words") {
                e.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
            } else {
                e.clone()
            };
            *errors.entry(key).or_default() += 1;
        }
        if show_misses && !errs.is_empty() {
            println!("MISS [{}] {:?}\n     got {detail}\n     want trigger {:?} actions {:?} schedule {:?}\n     {}", c.group, c.query, c.trigger, c.actions, c.schedule, errs.join("; "));
        }
    }
    Report { all, by, errors }
}

impl Report {
    pub fn print(&self, title: &str) {
        println!("{}", self.all.line(title));
        println!(
            "  trigger where the request names it (or wants none): {:.1}% of {} lines ({} lines want a trigger they never name)",
            self.all.nameable_trigger() * 100.0,
            self.all.nameable,
            self.all.n - self.all.nameable
        );
        for (k, s) in &self.by {
            println!("  {}", s.line(k));
        }
        let mut errs: Vec<(&String, &usize)> = self.errors.iter().collect();
        errs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        println!("  commonest errors:");
        for (e, n) in errs.iter().take(12) {
            println!("    {n:>3}  {e}");
        }
    }
}
