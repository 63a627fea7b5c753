//! Bridge benchmark (`cargo bench --bench bridge`): median cost of the
//! policy work around one call — plan + settle of a typical server answer
//! (validation and rebuild), a 200 KB answer near the cap, and the skip path
//! with the breaker open (what a fallback pays before the wasm answers).

use levqor_wasm::bridge::{Bridge, Config, Endpoint, Plan, Transport};
use levqor_wasm::json;
use std::hint::black_box;
use std::time::Instant;

fn median_ns(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_nanos() as f64
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bridge() -> Bridge {
    Bridge::new(
        Config::from_json(
            &json!({"apiBase": "https://api.levqor.ai", "failureThreshold": 1, "cooldownMs": 1e9}),
        )
        .0,
    )
}

fn main() {
    let chat = json!({"success": true, "answer": "Plans start at £9 a month with a 7-day free trial. ".repeat(8),
        "steps": ["Open Billing", "Pick a plan", "Confirm"], "suggestions": ["Can I pay yearly?", "What does the trial include?"],
        "escalationSuggested": false, "conversationId": "c-1",
        "meta": {"source": "server", "topic": "pricing", "confidence": 0.93, "engine": "levqor-api/1"}})
    .to_string();
    let big = json!({"success": true, "answer": "x".repeat(18_000),
        "steps": vec!["a step of the plan ".repeat(50); 10], "suggestions": [],
        "meta": {"topic": "workflow", "confidence": 0.5}})
    .to_string();
    let reply = |body: &str| Transport::Reply {
        status: 200,
        content_type: "application/json".into(),
        body: body.to_owned(),
    };
    for (name, body) in [("chat answer", &chat), ("large answer", &big)] {
        let mut b = bridge();
        let ns = median_ns(2_000, || {
            let Plan::Server { ticket, .. } = b.plan(Endpoint::Chat, 0.0) else {
                unreachable!()
            };
            black_box(b.settle(ticket, reply(body), 1.0));
        });
        println!(
            "plan+settle, {name} ({} bytes): median {:.1} µs",
            body.len(),
            ns / 1_000.0
        );
    }
    let mut b = bridge();
    if let Plan::Server { ticket, .. } = b.plan(Endpoint::Chat, 0.0) {
        b.settle(ticket, Transport::Timeout, 0.0);
    }
    let ns = median_ns(10_000, || {
        black_box(b.plan(Endpoint::Chat, 1.0));
    });
    println!("plan with the breaker open (skip): median {ns:.0} ns");
}
