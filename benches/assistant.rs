//! Native chat latency over the written and real corpora (p50/p99 per
//! query, 51 passes; target p99 <= 100 µs), start-up (constructing an
//! Assistant and answering a first question, median of 1001 fresh
//! instances) and the source-grouped 5-fold topic accuracy of
//! `tests/chat_real.rs` (the browser bench sets nlp.js beside it, trained
//! and scored on the same folds).
#[path = "../tests/support/chat_eval.rs"]
mod chat_eval;

use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;
use serde_json::Value;
use std::hint::black_box;
use std::time::Instant;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let reqs: Vec<levqor_wasm::json::Json> = include_str!("../tests/corpus/chat.jsonl")
        .lines()
        .chain(include_str!("../tests/corpus/chat_real.jsonl").lines())
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            json!({ "query": v["query"] })
        })
        .collect();
    let mut a = Assistant::default();
    let mut times = Vec::with_capacity(reqs.len() * 51);
    for _ in 0..51 {
        for r in &reqs {
            let t = Instant::now();
            black_box(a.chat(black_box(r)).ok());
            times.push(t.elapsed().as_nanos() as f64 / 1000.0);
        }
    }
    // The slowest questions (median of their 51 runs): where the p99 comes from.
    let n = reqs.len();
    let mut per_query: Vec<(f64, usize)> = (0..n)
        .map(|q| {
            let mut t: Vec<f64> = (0..51).map(|pass| times[pass * n + q]).collect();
            (pct(&mut t, 0.5), q)
        })
        .collect();
    per_query.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (p50, p99) = (pct(&mut times, 0.5), pct(&mut times, 0.99));
    println!(
        "chat: p50 {p50:.1} µs, p99 {p99:.1} µs per query ({} queries x 51)",
        reqs.len()
    );
    for (t, q) in per_query.iter().take(3) {
        let text: String = reqs[*q]["query"]
            .as_str()
            .unwrap_or("")
            .chars()
            .take(60)
            .collect();
        println!(
            "  slowest: {t:.1} µs median, {} chars: {text:?}",
            reqs[*q]["query"].as_str().map_or(0, |s| s.chars().count())
        );
    }
    let mut starts = Vec::new();
    for _ in 0..1001 {
        let t = Instant::now();
        let mut a = Assistant::new(7);
        black_box(a.chat(&json!({ "query": "how much is it?" })).ok());
        starts.push(t.elapsed().as_nanos() as f64 / 1000.0);
    }
    println!(
        "start-up + first answer: median {:.1} µs",
        pct(&mut starts, 0.5)
    );
    let rows = chat_eval::rows();
    let scored = chat_eval::cross_validate_shipped(&rows);
    let real: Vec<_> = scored.iter().filter(|s| !s.row.written).collect();
    let written: Vec<_> = scored.iter().filter(|s| s.row.written).collect();
    println!(
        "chat topic accuracy, source-grouped {}-fold: real {:.3} ({} lines), written {:.3} ({} lines)",
        chat_eval::K,
        chat_eval::report(&real).accuracy,
        real.len(),
        chat_eval::report(&written).accuracy,
        written.len()
    );
}
