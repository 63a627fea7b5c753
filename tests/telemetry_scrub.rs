//! Scrubbing corpus tests: every sample in `tests/corpus/pii.txt` is refused
//! with its expected reason (as a value and inside a page path), and every
//! sample in `tests/corpus/safe_values.txt` is left alone.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::json;
use levqor_wasm::platform::{ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::scrub::{coarsen_path, detect_pii, Reason};
use levqor_wasm::telemetry::{Options, Telemetry};

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
}

const PII: &str = include_str!("corpus/pii.txt");
const SAFE: &str = include_str!("corpus/safe_values.txt");

fn core() -> Telemetry<ManualClock, MemoryStore, SeqRandom> {
    Telemetry::new(
        Options::default(),
        ManualClock::new(1_763_800_000_000.0),
        MemoryStore::new(),
        SeqRandom::new(7),
    )
}

#[test]
fn corpora_are_big_enough() {
    assert!(lines(PII).count() >= 100);
    assert!(lines(SAFE).count() >= 100);
}

#[test]
fn every_pii_sample_is_detected_with_its_reason() {
    let mut wrong = Vec::new();
    for line in lines(PII) {
        let (reason, sample) = line.split_once('\t').expect("reason<TAB>sample");
        let expected = Reason::parse(reason).expect("known reason");
        let got = detect_pii(sample);
        if got != Some(expected) {
            wrong.push(format!("{sample:?}: expected {reason}, got {got:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} misdetected:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn pii_is_refused_by_track_in_values_and_paths() {
    let mut t = core();
    for line in lines(PII) {
        let (reason, sample) = line.split_once('\t').expect("reason<TAB>sample");
        let r = t.track(&json!("feedback"), &json!({ "topic": sample }));
        assert!(!r.accepted, "{sample:?} accepted as a value");
        assert_eq!(
            r.reason.map(Reason::as_str),
            Some(reason),
            "{sample:?} as a value"
        );
        // Inside a page path: either refused, or reduced to ids and slugs that
        // keep nothing of the sample.
        let path = format!("/account/{}", sample.replace(' ', "%20"));
        match coarsen_path(&path) {
            Err(_) => {}
            Ok(p) => {
                for seg in p.split('/').filter(|s| !s.is_empty()) {
                    assert!(
                        seg == "account" || seg == ":id" || !sample.contains(seg) || seg.len() < 4,
                        "{sample:?} leaked as {p:?}"
                    );
                }
            }
        }
    }
    assert_eq!(t.pending(), 0, "nothing was counted");
    let stats = t.stats();
    let total: u64 = stats.refused.values().sum();
    assert_eq!(total, lines(PII).count() as u64);
}

#[test]
fn safe_values_are_not_taken_for_pii() {
    let mut wrong = Vec::new();
    for v in lines(SAFE) {
        // Paths are judged after coarsening (ids become `:id`); other values as they are.
        if v.starts_with('/') || v.starts_with("https://") {
            if let Err(r) = coarsen_path(v) {
                wrong.push(format!("path {v:?}: {r:?}"));
            }
        } else if let Some(r) = detect_pii(v) {
            wrong.push(format!("{v:?}: {r:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} false positives:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn paths_are_coarsened() {
    for (raw, want) in [
        (
            "/workflows/8f3a9c1e7b2d4f60/edit?x=1",
            "/workflows/:id/edit",
        ),
        ("/runs/550e8400-e29b-41d4-a716-446655440000", "/runs/:id"),
        ("/orders/12345", "/orders/:id"),
        (
            "/blog/2024/10/automation-tips",
            "/blog/:id/:id/automation-tips",
        ),
        ("https://levqor.ai/Help?q=cancel#top", "/help"),
        ("/a/b/c/d/e/f/g/h/i/j", "/a/b/c/d/e/f/g/h"),
        ("/invoices/inv_20931", "/invoices/:id"),
        ("/workflows/:id/edit", "/workflows/:id/edit"),
    ] {
        assert_eq!(coarsen_path(raw).as_deref(), Ok(want), "{raw}");
    }
}

proptest::proptest! {
    /// Whatever the input, a coarsened path is a short, lower-case slug path
    /// with no long digit runs, no `@`, no query: nothing that can carry an id.
    #[test]
    fn coarsened_paths_are_always_safe(raw in "(/[A-Za-z0-9@%._~:+ -]{0,24}){0,12}(\\?[a-z=&0-9]{0,10})?") {
        if let Ok(p) = coarsen_path(&raw) {
            proptest::prop_assert!(p.starts_with('/'));
            proptest::prop_assert!(p.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"/._~:-".contains(&c)), "{}", p);
            proptest::prop_assert!(p.split('/').count() <= 9);
            for seg in p.split('/') {
                proptest::prop_assert!(seg.len() <= 40);
                let run = seg.split(|c: char| !c.is_ascii_digit()).map(str::len).max().unwrap_or(0);
                proptest::prop_assert!(run < 4 || seg == ":id", "digit run in {}", p);
            }
        }
    }
}
