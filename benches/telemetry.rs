//! Telemetry benchmark (`cargo bench --bench telemetry`): median cost of
//! `track` (JSON props, as JS calls it, and typed props, as the bridge calls
//! it), and the stored size after one million events while offline.

use levqor_wasm::json;
use levqor_wasm::json::Json;
use levqor_wasm::platform::{KeyValueStore, ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::{Options, Prop, Telemetry};
use std::hint::black_box;
use std::time::Instant;

const T0: f64 = 1_763_800_000_000.0;
const PAGES: [&str; 8] = [
    "/pricing",
    "/help",
    "/workflows/8f3a9c1e7b2d4f60/edit?x=1",
    "/workflows/new",
    "/debug",
    "/onboarding",
    "/",
    "/integrations/slack",
];
const ENDPOINTS: [&str; 4] = ["chat", "workflow", "debug", "onboarding"];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn event(i: u64) -> (Json, Json) {
    let e = ENDPOINTS[(i % 4) as usize];
    let src = if i % 3 == 0 { "fallback" } else { "server" };
    match i % 5 {
        0 | 1 => (
            json!("ai_request"),
            json!({"endpoint": e, "source": src, "query_length": (i * 7) % 400, "page": PAGES[(i % 8) as usize]}),
        ),
        2 => (
            json!("api_call"),
            json!({"endpoint": e, "source": src, "outcome": if i % 17 == 0 { "timeout" } else { "ok" }, "latency": (i * 37) % 4000}),
        ),
        3 => (
            json!("exit_intent_shown"),
            json!({"reason": "pointer_exit", "page": "/pricing"}),
        ),
        _ => (
            json!("feedback"),
            json!({"rating": if i % 2 == 0 { "up" } else { "down" }, "endpoint": e}),
        ),
    }
}

fn main() {
    let clock = ManualClock::new(T0);
    let store = MemoryStore::new();
    let mut t = Telemetry::new(Options::default(), &clock, &store, SeqRandom::new(1));
    t.set_online(false);

    // 1. track with JSON props (the JS path, minus the JS->JSON conversion).
    let inputs: Vec<(Json, Json)> = (0..1000).map(event).collect();
    let mut json_ns = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        for (e, p) in &inputs {
            black_box(t.track(e, p));
        }
        json_ns.push(start.elapsed().as_nanos() as f64 / inputs.len() as f64);
        clock.advance(1_000.0);
    }

    // 2. typed track_event (the bridge's api_call path).
    let mut typed_ns = Vec::new();
    for r in 0..200u32 {
        let start = Instant::now();
        for i in 0..1000u32 {
            black_box(t.api_call(
                ENDPOINTS[(i % 4) as usize],
                "server",
                "ok",
                Some(f64::from((i * 37 + r) % 4000)),
            ));
        }
        typed_ns.push(start.elapsed().as_nanos() as f64 / 1000.0);
    }
    let _ = t.track_event("feedback", [("rating", Prop::Str("up"))]);

    // 3. A path with an id to scrub (worst common case).
    let (pe, pp) = (
        json!("ai_request"),
        json!({"page": "/workflows/550e8400-e29b-41d4-a716-446655440000/runs/123?tab=log", "endpoint": "chat"}),
    );
    let mut path_ns = Vec::new();
    for _ in 0..200 {
        let start = Instant::now();
        for _ in 0..1000 {
            black_box(t.track(&pe, &pp));
        }
        path_ns.push(start.elapsed().as_nanos() as f64 / 1000.0);
    }

    println!(
        "track (JSON props, mixed events): median {:.0} ns/call",
        median(json_ns)
    );
    println!(
        "api_call (typed, histogram):      median {:.0} ns/call",
        median(typed_ns)
    );
    println!(
        "track (page path with ids):       median {:.0} ns/call",
        median(path_ns)
    );

    // 4. One million events over ~28 hours (one per 100 ms), offline, with a
    // timer tick (seal + persist) every 30 s as the browser would run it.
    for (label, bound) in [
        ("default bound 131072", 131_072usize),
        ("bound 2000000", 2_000_000),
    ] {
        let clock = ManualClock::new(T0);
        let store = MemoryStore::new();
        let opts = Options {
            max_stored_bytes: bound,
            ..Options::default()
        };
        let mut t = Telemetry::new(opts, &clock, &store, SeqRandom::new(2));
        t.set_online(false);
        let start = Instant::now();
        for i in 0..1_000_000u64 {
            let (e, p) = event(i.wrapping_mul(2_654_435_761) % 1_000_003);
            t.track(&e, &p);
            clock.advance(100.0);
            if i % 300 == 299 {
                t.tick();
            }
        }
        t.persist();
        let bytes = store.get("levqor:telemetry").map_or(0, |s| s.len());
        let st = t.stats();
        println!(
            "1,000,000 events offline ({label}): stored {bytes} bytes, {} batches queued, pending {} events, dropped {} events in {} rows, {:.1} s total",
            st.queued_batches,
            st.pending,
            st.dropped.events,
            st.dropped.rows,
            start.elapsed().as_secs_f64()
        );
    }
}
