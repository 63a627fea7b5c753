//! `mark_converted` answers the reason the offer was shown for, so
//! `exit_intent_converted` goes out with it (and with none when it never fired).
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::exit_intent::{Event, ExitIntent, Options, Reason};
use levqor_wasm::platform::MemoryStore;

#[test]
fn converting_answers_the_reason_it_was_shown_for() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, true); // touch: inactivity
    assert_eq!(ei.shown_for(), None, "never shown: no reason");
    let mut fired = None;
    let mut t = 0.0;
    while fired.is_none() && t < 120_000.0 {
        t = ei.deadline().unwrap_or(t + 1_000.0);
        fired = ei.handle(Event::Timer, t);
    }
    assert_eq!(fired, Some(Reason::Inactivity));
    assert_eq!(ei.shown_for(), Some(Reason::Inactivity));
    assert_eq!(ei.mark_converted(t + 5.0), Some(Reason::Inactivity));
}

#[test]
fn converting_before_it_fired_answers_no_reason() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, false);
    assert_eq!(ei.mark_converted(10.0), None);
}
