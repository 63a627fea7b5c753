//! Native latency of the workflow builder and the debug assistant over their
//! labelled corpora (p50/p99 per call, 51 passes), through the public
//! `Assistant::workflow` / `Assistant::debug` entry points. The workflow part
//! runs the written and the real corpus (budget: p99 ≤ 150 µs); the debug
//! part the written and the real corpus, errors cut to the 500 characters a
//! request may hold (budget: p99 ≤ 100 µs).
use levqor_wasm::assistant::Assistant;
use levqor_wasm::json;
use serde_json::Value;
use std::hint::black_box;
use std::time::Instant;

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len().saturating_sub(1)) as f64 * p).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn requests(corpus: &str, from: &str, to: &str) -> Vec<levqor_wasm::json::Json> {
    corpus
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            json!({ to: v[from] })
        })
        .collect()
}

fn main() {
    let a = Assistant::default();
    // the written corpus and the real one (template titles and requests)
    let mut wf = requests(
        include_str!("../tests/corpus/workflow.jsonl"),
        "query",
        "query",
    );
    wf.extend(requests(
        include_str!("../tests/corpus/workflow_real.jsonl"),
        "query",
        "query",
    ));
    let mut dbg = requests(
        include_str!("../tests/corpus/debug.jsonl"),
        "error",
        "error",
    );
    // the real corpus, each error cut to the 500 characters a request may hold
    dbg.extend(
        requests(
            include_str!("../tests/corpus/debug_real.jsonl"),
            "error",
            "error",
        )
        .into_iter()
        .map(|r| {
            let e: String = r["error"]
                .as_str()
                .unwrap_or("")
                .chars()
                .take(500)
                .collect();
            json!({ "error": e })
        }),
    );
    // first call builds the catalogs (OnceLock); time it separately
    let t = Instant::now();
    black_box(
        a.workflow(&json!({ "query": "save gmail attachments to drive" }))
            .ok(),
    );
    black_box(a.debug(&json!({ "error": "HTTP 401 Unauthorized" })).ok());
    println!(
        "first calls (catalog + rules parsed): {:.1} µs",
        t.elapsed().as_nanos() as f64 / 1000.0
    );
    for (name, reqs, is_wf) in [("workflow", &wf, true), ("debug", &dbg, false)] {
        let mut times = Vec::with_capacity(reqs.len() * 51);
        for _ in 0..51 {
            for r in reqs {
                let t = Instant::now();
                if is_wf {
                    black_box(a.workflow(black_box(r)).ok());
                } else {
                    black_box(a.debug(black_box(r)).ok());
                }
                times.push(t.elapsed().as_nanos() as f64 / 1000.0);
            }
        }
        let (p50, p99) = (pct(&mut times, 0.5), pct(&mut times, 0.99));
        println!(
            "{name}: p50 {p50:.1} µs, p99 {p99:.1} µs per call ({} requests x 51)",
            reqs.len()
        );
    }
}
