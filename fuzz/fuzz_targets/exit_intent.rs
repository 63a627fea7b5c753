//! Arbitrary event sequences (with arbitrary times and coordinates) through
//! the exit-intent state machine: never a panic, fires at most once per
//! session unless aggressive, deadlines are finite.
#![no_main]
use levqor_wasm::exit_intent::{Event, ExitIntent, Options, Origin};
use levqor_wasm::platform::MemoryStore;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let touch = data.first().is_some_and(|b| b & 1 == 1);
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, touch);
    let mut fired = 0;
    let mut now = 0.0f64;
    for chunk in data.chunks(6).skip(1) {
        let b = |i: usize| *chunk.get(i).unwrap_or(&0) as f64;
        now += b(1) * 40.0;
        let (x, y) = (b(2) * 6.0 - 100.0, b(3) * 4.0 - 100.0);
        let event = match chunk[0] % 9 {
            0 => Event::PointerMove { x, y },
            1 => Event::PointerLeave { x, y, width: 1280.0, height: 800.0, origin: if b(4) > 128.0 { Origin::FormField } else { Origin::Page } },
            2 => Event::PointerEnter,
            3 => Event::Key { address_bar: b(4) > 128.0 },
            4 => Event::Activity,
            5 => Event::Scroll { y: b(4) * 20.0 },
            6 => Event::Visibility { hidden: b(4) > 128.0 },
            7 => Event::Timer,
            _ => {
                ei.mark_dismissed(now);
                continue;
            }
        };
        if ei.handle(event, now).is_some() {
            fired += 1;
        }
        if let Some(d) = ei.deadline() {
            assert!(d.is_finite());
        }
    }
    assert!(fired <= 1, "fired {fired} times in one session");
});
