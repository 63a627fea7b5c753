//! Workflow builder accuracy on the written corpus
//! (`tests/corpus/workflow.jsonl`, `origin: "written"`: requests we wrote
//! ourselves, reported apart from the real corpus of `workflow_real.rs`):
//! trigger accuracy (app, or none for a schedule / manual start), action-app
//! F1 and schedule detection; fails under the floors below. Run with
//! `-- --nocapture` for the report, `WORKFLOW_MISSES=1` to list the misses.

#[path = "support/workflow_eval.rs"]
mod eval;

use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;

/// Floors, set a little under the measured figures (see README).
const TRIGGER_FLOOR: f64 = 0.95;
const ACTION_F1_FLOOR: f64 = 0.95;
const SCHEDULE_FLOOR: f64 = 0.97;

#[test]
fn workflow_corpus_accuracy() {
    let cases: Vec<eval::Case> = include_str!("corpus/workflow.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(eval::parse)
        .collect();
    let all: Vec<&eval::Case> = cases.iter().collect();
    let r = eval::report(&all, std::env::var_os("WORKFLOW_MISSES").is_some());
    r.print("WRITTEN corpus");
    let held: Vec<&eval::Case> = cases.iter().filter(|c| c.holdout).collect();
    println!(
        "{}",
        eval::report(&held, false).all.line("WRITTEN held-out 30")
    );
    let n = r.all.n;
    let (trig, f1, sched) = (r.all.trigger(), r.all.f1(), r.all.detection());
    assert!(n >= 200, "corpus has {n} requests");
    assert!(
        trig >= TRIGGER_FLOOR,
        "trigger accuracy {trig:.3} < {TRIGGER_FLOOR}"
    );
    assert!(
        f1 >= ACTION_F1_FLOOR,
        "action F1 {f1:.3} < {ACTION_F1_FLOOR}"
    );
    assert!(
        sched >= SCHEDULE_FLOOR,
        "schedule detection {sched:.3} < {SCHEDULE_FLOOR}"
    );
}

#[test]
fn endpoint_shape_and_validation() {
    let a = Assistant::default();
    let r = a
        .workflow(&json!({"query": "every night back up Dropbox to S3", "context": 5}))
        .expect("valid request");
    let v = serde_json::to_value(&r).expect("serialises");
    assert_eq!(v["success"], true);
    assert_eq!(v["meta"]["source"], "fallback");
    assert_eq!(v["meta"]["pattern"], "backup");
    assert_eq!(v["steps"][0]["type"], "trigger");
    assert_eq!(v["steps"][0]["schedule"]["cron"], "0 2 * * *");
    assert!(v["steps"][1].get("schedule").is_none());
    for bad in [
        json!(null),
        json!({"query": 5}),
        json!({"query": "  a "}),
        json!({}),
    ] {
        let e = a.workflow(&bad).expect_err("rejected");
        assert!(!e.success);
    }
}
