//! Property tests for the exit-intent state machine fed arbitrary event
//! sequences: at most one firing per session (also across reloads), never
//! before the minimum time on page, never while hidden, never from a side or
//! bottom exit or a form-field popup, only the detector's own reasons, and
//! suppression after a dismissal holds for exactly its days.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::exit_intent::{Event, ExitIntent, Options, Origin, Reason};
use levqor_wasm::json;
use levqor_wasm::platform::MemoryStore;
use proptest::prelude::*;

const W: f64 = 1280.0;
const H: f64 = 800.0;

fn event() -> impl Strategy<Value = Event> {
    let coord = -50.0..1400.0f64;
    prop_oneof![
        4 => (coord.clone(), -50.0..900.0f64).prop_map(|(x, y)| Event::PointerMove { x, y }),
        2 => (coord, -50.0..900.0f64, any::<bool>()).prop_map(|(x, y, form)| Event::PointerLeave {
            x, y, width: W, height: H,
            origin: if form { Origin::FormField } else { Origin::Page },
        }),
        1 => Just(Event::PointerEnter),
        1 => any::<bool>().prop_map(|address_bar| Event::Key { address_bar }),
        1 => Just(Event::Activity),
        2 => (0.0..3000.0f64).prop_map(|y| Event::Scroll { y }),
        1 => any::<bool>().prop_map(|hidden| Event::Visibility { hidden }),
        2 => Just(Event::Timer),
    ]
}

/// Events with the milliseconds elapsed before each.
fn timeline() -> impl Strategy<Value = Vec<(f64, Event)>> {
    proptest::collection::vec((0.0..2500.0f64, event()), 0..120)
}

type Ei<'a> = ExitIntent<&'a MemoryStore, &'a MemoryStore>;

/// Runs the timeline from `start`; returns (time, reason) of each firing.
fn run(ei: &mut Ei, start: f64, events: &[(f64, Event)]) -> Vec<(f64, Reason)> {
    let mut now = start;
    let mut fired = Vec::new();
    for (dt, e) in events {
        now += dt;
        if let Some(r) = ei.handle(*e, now) {
            fired.push((now, r));
        }
        if let Some(d) = ei.deadline() {
            assert!(d.is_finite(), "deadline {d}");
        }
    }
    fired
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn fires_at_most_once_never_early_and_only_for_its_detector(events in timeline(), touch in any::<bool>()) {
        let (s, l) = (MemoryStore::new(), MemoryStore::new());
        let opts = Options::default();
        let min = opts.min_time_on_page_ms;
        let mut ei = ExitIntent::new(opts, &s, &l, 0.0, touch);
        let fired = run(&mut ei, 0.0, &events);
        prop_assert!(fired.len() <= 1, "fired {:?}", fired);
        for (t, r) in &fired {
            prop_assert!(*t >= min, "fired at {} ms, before {} ms", t, min);
            let allowed: &[Reason] = if touch {
                &[Reason::Inactivity, Reason::ScrollUp]
            } else {
                &[Reason::PointerExit, Reason::KeyboardExit]
            };
            prop_assert!(allowed.contains(r), "{:?} on a {} device", r, if touch { "touch" } else { "pointer" });
        }
        prop_assert_eq!(ei.is_armed(1e15), fired.is_empty());
    }

    #[test]
    fn once_per_session_survives_a_reload(first in timeline(), second in timeline(), touch in any::<bool>()) {
        let (s, l) = (MemoryStore::new(), MemoryStore::new());
        let mut a = ExitIntent::new(Options::default(), &s, &l, 0.0, touch);
        let fired_first = run(&mut a, 0.0, &first);
        // the same tab reloads: sessionStorage is kept
        let start = 1e7;
        let mut b = ExitIntent::new(Options::default(), &s, &l, start, touch);
        let fired_second = run(&mut b, start, &second);
        if !fired_first.is_empty() {
            prop_assert!(fired_second.is_empty(), "fired again after reload: {:?}", fired_second);
        }
        prop_assert!(fired_first.len() + fired_second.len() <= 1);
    }

    #[test]
    fn side_bottom_and_form_field_exits_never_fire(events in timeline()) {
        // Pointer detector, keyboard off: only a PointerExit could fire, and
        // every leave here is below the top band or from a form field.
        let band = Options::default().sensitivity_px;
        let events: Vec<(f64, Event)> = events
            .into_iter()
            .map(|(dt, e)| match e {
                Event::PointerLeave { x, y, width, height, origin } if origin == Origin::Page && y <= band => {
                    (dt, Event::PointerLeave { x, y: band + 1.0 + y.abs(), width, height, origin })
                }
                e => (dt, e),
            })
            .collect();
        let (s, l) = (MemoryStore::new(), MemoryStore::new());
        let opts = Options::from_json(&json!({ "keyboard": false, "touch": false }));
        let mut ei = ExitIntent::new(opts, &s, &l, 0.0, false);
        prop_assert_eq!(run(&mut ei, 0.0, &events), vec![]);
    }

    #[test]
    fn nothing_fires_while_the_page_is_hidden(events in timeline(), touch in any::<bool>()) {
        let events: Vec<(f64, Event)> = std::iter::once((0.0, Event::Visibility { hidden: true }))
            .chain(events.into_iter().filter(|(_, e)| !matches!(e, Event::Visibility { .. })))
            .collect();
        let (s, l) = (MemoryStore::new(), MemoryStore::new());
        let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, touch);
        prop_assert_eq!(run(&mut ei, 0.0, &events), vec![]);
    }

    #[test]
    fn a_dismissal_suppresses_for_exactly_its_days(days in 1u32..365, at in 0.0..1e12f64, probe in 0.0..1.0f64) {
        let l = MemoryStore::new();
        let opts = Options::from_json(&json!({ "suppressDays": days }));
        {
            let s = MemoryStore::new();
            let mut ei = ExitIntent::new(opts.clone(), &s, &l, at, false);
            ei.mark_dismissed(at);
        }
        // a later visit: new session, same localStorage
        let s = MemoryStore::new();
        let until = at + f64::from(days) * 86_400_000.0;
        let before = at + probe * (until - at - 1.0);
        let ei = ExitIntent::new(opts, &s, &l, before, false);
        prop_assert!(!ei.is_armed(before), "armed {} ms into a {}-day suppression", before - at, days);
        prop_assert!(ei.is_armed(until + 1.0));
    }
}
