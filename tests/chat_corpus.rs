//! Accuracy of the chat topic classifier on `tests/corpus/chat.jsonl`: 291
//! questions written the way customers write (short, long, typos, emoji,
//! several sentences, off-topic), each with its expected topic and a
//! `split` (train/test) that the browser benchmark uses to train the peers.
//! Prints per-topic accuracy and fails under the floors below.

use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;
use serde_json::Value;
use std::collections::BTreeMap;

/// Overall floor, all rows.
const FLOOR_OVERALL: f64 = 0.85;
/// Floor on the held-back (`test`) half alone.
const FLOOR_TEST_HALF: f64 = 0.80;
/// Floor for every topic.
const FLOOR_TOPIC: f64 = 0.70;

fn rows() -> Vec<Value> {
    include_str!("corpus/chat.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("corpus line is JSON"))
        .collect()
}

#[test]
fn corpus_is_big_and_covers_every_topic() {
    let rows = rows();
    assert!(rows.len() >= 250, "{} rows", rows.len());
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per.entry(r["topic"].as_str().unwrap()).or_default() += 1;
    }
    assert_eq!(per.len(), 11, "{per:?}");
}

#[test]
fn topic_accuracy_meets_the_floors() {
    let rows = rows();
    let mut a = Assistant::default();
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut ok, mut test_ok, mut test_n) = (0, 0, 0);
    let mut misses = Vec::new();
    for r in &rows {
        let want = r["topic"].as_str().unwrap();
        let got = a
            .chat(&json!({ "query": r["query"] }))
            .map(|x| x.meta.topic.as_str())
            .unwrap_or("error");
        let hit = got == want;
        let e = per.entry(want.to_owned()).or_default();
        e.1 += 1;
        if hit {
            e.0 += 1;
            ok += 1;
        } else {
            misses.push(format!("  {want:>15} <- {got:<15} {}", r["query"]));
        }
        if r["split"] == "test" {
            test_n += 1;
            test_ok += usize::from(hit);
        }
    }
    let overall = ok as f64 / rows.len() as f64;
    let test_half = test_ok as f64 / test_n as f64;
    println!("chat accuracy: {:.1}% overall ({ok}/{}), {:.1}% on the held-back half ({test_ok}/{test_n})", overall * 100.0, rows.len(), test_half * 100.0);
    for (t, (k, n)) in &per {
        println!("  {t:<16} {:5.1}% ({k}/{n})", *k as f64 * 100.0 / *n as f64);
    }
    println!("misses:\n{}", misses.join("\n"));
    assert!(
        overall >= FLOOR_OVERALL,
        "overall {overall:.3} < {FLOOR_OVERALL}"
    );
    assert!(
        test_half >= FLOOR_TEST_HALF,
        "held-back half {test_half:.3} < {FLOOR_TEST_HALF}"
    );
    for (t, (k, n)) in per {
        let acc = k as f64 / n as f64;
        assert!(acc >= FLOOR_TOPIC, "{t}: {acc:.3} < {FLOOR_TOPIC}");
    }
}

#[test]
fn escalation_follows_the_rules_on_the_corpus() {
    let mut a = Assistant::default();
    for q in [
        "can I talk to a human",
        "get me a human",
        "YOU CHARGED ME TWICE",
        "this is a scam, I'm disputing the charge with my bank",
    ] {
        let r = a.chat(&json!({ "query": q })).unwrap();
        assert!(r.escalation_suggested, "{q}");
    }
    for q in [
        "how much is levqor",
        "how do i reset my password",
        "is there a free trial",
    ] {
        let r = a.chat(&json!({ "query": q })).unwrap();
        assert!(
            !r.escalation_suggested,
            "{q}: confidence {}",
            r.meta.confidence
        );
    }
}
