//! The workflow builder on real requests and template titles
//! (`tests/corpus/workflow_real.jsonl`, each line our rewording of a public
//! source). The grammar is rules, not learned, so "split by source" means:
//! rules were tuned on the training groups only, and the floors guard the
//! held-out groups. A group is `github.com/OWNER/REPO` for GitHub sources,
//! else the host; a group is held out when the FNV-1a hash of its name is
//! divisible by 3 (`support/workflow_eval.rs`). Run with `-- --nocapture`
//! for the report; misses are listed for the training groups only.

#[path = "support/workflow_eval.rs"]
mod eval;

use eval::{held_out, parse, report, Case};

/// Floors for the held-out groups, a little under the measured figures (README).
/// Measured: trigger 79.0%, action P 81.5% R 80.7% F1 81.1%, schedule exact
/// 95.0% (238 lines; 5 of them want a generic trigger, "Webhook" for "an API",
/// that they name only as a thing).
const HELD_TRIGGER: f64 = 0.78;
const HELD_ACTION_F1: f64 = 0.80;
const HELD_SCHEDULE: f64 = 0.94;
/// Floors for the training groups (measured 91.7%, 93.0%, 99.4%; 517 lines).
const TRAIN_TRIGGER: f64 = 0.90;
const TRAIN_ACTION_F1: f64 = 0.92;
const TRAIN_SCHEDULE: f64 = 0.98;

fn cases() -> Vec<Case> {
    include_str!("corpus/workflow_real.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(parse)
        .collect()
}

#[test]
fn real_corpus_by_source_group() {
    let all = cases();
    let train: Vec<&Case> = all
        .iter()
        .filter(|c| c.english && !held_out(&c.group))
        .collect();
    let held: Vec<&Case> = all
        .iter()
        .filter(|c| c.english && held_out(&c.group))
        .collect();
    let other: Vec<&Case> = all.iter().filter(|c| !c.english).collect();
    let groups = |cs: &[&Case]| {
        let mut g: Vec<&str> = cs.iter().map(|c| c.group.as_str()).collect();
        g.sort_unstable();
        g.dedup();
        g.len()
    };
    println!(
        "real corpus: {} lines from {} source groups ({} not in English); English lines: training {} lines / {} groups, held out {} lines / {} groups",
        all.len(),
        groups(&all.iter().collect::<Vec<_>>()),
        other.len(),
        train.len(),
        groups(&train),
        held.len(),
        groups(&held)
    );
    let show = std::env::var_os("WORKFLOW_MISSES").is_some();
    let t = report(&train, show);
    t.print("TRAINING groups");
    let h = report(&held, false);
    h.print("HELD-OUT groups");
    // lines in other languages (Spanish, Portuguese, Japanese, ...): reported, not floored
    println!("{}", report(&other, false).all.line("OTHER LANGUAGES"));
    assert!(held.len() >= 100, "held-out slice has {} lines", held.len());
    for (name, got, floor) in [
        ("held-out trigger accuracy", h.all.trigger(), HELD_TRIGGER),
        ("held-out action F1", h.all.f1(), HELD_ACTION_F1),
        ("held-out schedule exact", h.all.schedule(), HELD_SCHEDULE),
        ("training trigger accuracy", t.all.trigger(), TRAIN_TRIGGER),
        ("training action F1", t.all.f1(), TRAIN_ACTION_F1),
        ("training schedule exact", t.all.schedule(), TRAIN_SCHEDULE),
    ] {
        assert!(got >= floor, "{name} {got:.3} < floor {floor}");
    }
}
