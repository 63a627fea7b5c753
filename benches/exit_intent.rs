//! Cost of the exit-intent state machine per `mousemove` (the hot path):
//! median ns per event over 21 runs of 1,000,000 events.
use levqor_wasm::exit_intent::{Event, ExitIntent, Options};
use levqor_wasm::platform::MemoryStore;
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, false);
    const N: usize = 1_000_000;
    let mut runs = Vec::new();
    for run in 0..21 {
        let start = Instant::now();
        for i in 0..N {
            let y = ((i + run) % 800) as f64;
            let e = Event::PointerMove {
                x: 640.0,
                y: black_box(y),
            };
            black_box(ei.handle(black_box(e), 5000.0 + i as f64));
            black_box(ei.deadline());
        }
        runs.push(start.elapsed().as_nanos() as f64 / N as f64);
    }
    runs.sort_by(|a, b| a.total_cmp(b));
    println!(
        "exit_intent mousemove: median {:.2} ns/event (min {:.2}, max {:.2}) over 21 x {N}",
        runs[10], runs[0], runs[20]
    );
}
