//! Unit tests of the exit-intent state machine (`crate::exit_intent`).

use super::*;
use crate::json;
use crate::platform::MemoryStore;

type Ei<'a> = ExitIntent<&'a MemoryStore, &'a MemoryStore>;

const W: f64 = 1280.0;
const H: f64 = 800.0;

fn leave(x: f64, y: f64) -> Event {
    Event::PointerLeave {
        x,
        y,
        width: W,
        height: H,
        origin: Origin::Page,
    }
}

fn mv(x: f64, y: f64) -> Event {
    Event::PointerMove { x, y }
}

/// Replays `(t, event)` pairs, firing the timer whenever a deadline
/// passes between events; returns each firing with its time.
fn replay(ei: &mut Ei, events: &[(f64, Event)]) -> Vec<(f64, Reason)> {
    let mut out = Vec::new();
    for &(t, e) in events {
        while let Some(d) = ei.deadline() {
            if d > t {
                break;
            }
            match ei.handle(Event::Timer, d) {
                Some(r) => out.push((d, r)),
                None if ei.deadline() == Some(d) => break,
                None => {}
            }
        }
        if let Some(r) = ei.handle(e, t) {
            out.push((t, r));
        }
    }
    out
}

fn desktop<'a>(s: &'a MemoryStore, l: &'a MemoryStore) -> Ei<'a> {
    ExitIntent::new(Options::default(), s, l, 0.0, false)
}

/// Upward movement from the middle of the page to the top edge.
fn up_to_top(t0: f64) -> Vec<(f64, Event)> {
    (0..8)
        .map(|i| (t0 + i as f64 * 16.0, mv(640.0, 400.0 - i as f64 * 55.0)))
        .collect()
}

#[test]
fn slow_exit_through_the_top_fires_after_the_delay() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(5000.0);
    ev.push((5200.0, mv(640.0, 3.0)));
    ev.push((5210.0, leave(640.0, 0.0)));
    ev.push((6000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), [(5410.0, Reason::PointerExit)]);
}

#[test]
fn fast_exit_between_mousemove_samples_still_counts() {
    // the last mousemove was at y=180; the leave reports y=-4
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let ev = [
        (5000.0, mv(600.0, 500.0)),
        (5016.0, mv(600.0, 180.0)),
        (5020.0, leave(600.0, -4.0)),
        (5500.0, Event::Activity),
    ];
    assert_eq!(replay(&mut ei, &ev), [(5220.0, Reason::PointerExit)]);
}

#[test]
fn sensitivity_band_means_something() {
    // ouibounce's sensitivity has no effect: mouseleave only fires once
    // the pointer is out. Here a leave reported below the band while
    // moving up does not count…
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let ev = [
        (5000.0, mv(10.0, 300.0)),
        (5016.0, mv(10.0, 60.0)),
        (5020.0, leave(0.0, 40.0)),
    ];
    assert_eq!(replay(&mut ei, &ev), []);
    // …and a wider band makes it count.
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let opts = Options::from_json(&json!({ "sensitivity": 50, "delayMs": 0 }));
    let mut ei = ExitIntent::new(opts, &s, &l, 0.0, false);
    let ev = [
        (5000.0, mv(300.0, 300.0)),
        (5016.0, mv(300.0, 60.0)),
        (5020.0, leave(300.0, 40.0)),
    ];
    assert_eq!(replay(&mut ei, &ev), [(5020.0, Reason::PointerExit)]);
}

#[test]
fn leaving_through_the_sides_or_bottom_does_not_fire() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let ev = [
        // right edge, mid-height
        (5000.0, mv(1200.0, 400.0)),
        (5016.0, mv(1275.0, 400.0)),
        (5020.0, leave(1280.0, 400.0)),
        // bottom edge
        (6000.0, mv(600.0, 700.0)),
        (6016.0, mv(600.0, 795.0)),
        (6020.0, leave(600.0, 800.0)),
        // left edge near the top, moving sideways (not up)
        (7000.0, mv(40.0, 10.0)),
        (7016.0, mv(2.0, 10.0)),
        (7020.0, leave(0.0, 10.0)),
        (9000.0, Event::Activity),
    ];
    assert_eq!(replay(&mut ei, &ev), []);
}

#[test]
fn coming_back_within_the_delay_cancels() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(5000.0);
    ev.push((5200.0, leave(640.0, 0.0)));
    ev.push((5300.0, Event::PointerEnter));
    ev.push((5301.0, mv(640.0, 5.0)));
    ev.push((9000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), []);
    // a later real exit still fires
    let mut ev = up_to_top(10_000.0);
    ev.push((10_200.0, leave(640.0, 0.0)));
    ev.push((11_000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), [(10_400.0, Reason::PointerExit)]);
}

#[test]
fn nothing_before_the_minimum_time_on_page() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(1000.0);
    ev.push((1200.0, leave(640.0, 0.0)));
    ev.push((4000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), []);
}

#[test]
fn select_popups_and_autofill_menus_do_not_fire() {
    // Firefox fires mouseout (relatedTarget null) when a <select> list
    // opens; Chrome does for autofill menus — even for a field at the top.
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let from_field = |y| Event::PointerLeave {
        x: 500.0,
        y,
        width: W,
        height: H,
        origin: Origin::FormField,
    };
    let ev = [
        (5000.0, mv(500.0, 60.0)),
        (5016.0, mv(500.0, 12.0)),
        (5020.0, from_field(8.0)),
        (6000.0, mv(500.0, 330.0)),
        (6016.0, mv(500.0, 320.0)),
        (6020.0, from_field(340.0)),
        (8000.0, Event::Activity),
    ];
    assert_eq!(replay(&mut ei, &ev), []);
}

#[test]
fn iframes_and_popups_inside_the_viewport_do_not_fire() {
    // relatedTarget is null when the pointer enters an iframe, but the
    // pointer is still well inside the window.
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let ev = [
        (5000.0, mv(300.0, 400.0)),
        (5016.0, mv(300.0, 350.0)),
        (5020.0, leave(300.0, 340.0)),
        (8000.0, Event::Activity),
    ];
    assert_eq!(replay(&mut ei, &ev), []);
}

#[test]
fn a_fixed_header_at_the_top_still_fires() {
    // the leave comes from the header element (bubbling to document),
    // not from the document itself; position decides, not the target.
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(5000.0);
    ev.push((5150.0, mv(640.0, 30.0))); // over the 60 px header
    ev.push((5160.0, mv(640.0, 10.0)));
    ev.push((5170.0, leave(640.0, 2.0)));
    ev.push((6000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), [(5370.0, Reason::PointerExit)]);
}

#[test]
fn address_bar_shortcut_fires_without_the_pointer_leaving() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    assert_eq!(ei.handle(Event::Key { address_bar: false }, 5000.0), None);
    assert_eq!(
        ei.handle(Event::Key { address_bar: true }, 5001.0),
        Some(Reason::KeyboardExit)
    );
    // …and can be turned off
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(
        Options::from_json(&json!({ "keyboard": false })),
        &s,
        &l,
        0.0,
        false,
    );
    assert_eq!(ei.handle(Event::Key { address_bar: true }, 5001.0), None);
}

#[test]
fn a_hidden_tab_cancels_and_blocks() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(5000.0);
    ev.push((5200.0, leave(640.0, 0.0)));
    ev.push((5250.0, Event::Visibility { hidden: true }));
    ev.push((9000.0, Event::Key { address_bar: true }));
    ev.push((9500.0, Event::Visibility { hidden: false }));
    assert_eq!(replay(&mut ei, &ev), []);
}

#[test]
fn touch_inactivity_fires_and_activity_postpones_it() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, true);
    assert!(ei.is_touch());
    let ev = [
        (20_000.0, Event::Activity),
        (45_000.0, Event::Scroll { y: 300.0 }),
        (80_000.0, Event::Activity),
    ];
    assert_eq!(replay(&mut ei, &ev), [(75_000.0, Reason::Inactivity)]);
    // pointer events are ignored on touch devices
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(
        Options::from_json(&json!({ "touch": true })),
        &s,
        &l,
        0.0,
        false,
    );
    assert_eq!(ei.handle(leave(640.0, 0.0), 5000.0), None);
}

#[test]
fn fast_scroll_back_to_the_top_fires_on_touch() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = ExitIntent::new(Options::default(), &s, &l, 0.0, true);
    let ev = [
        (4000.0, Event::Scroll { y: 600.0 }),
        (5000.0, Event::Scroll { y: 1200.0 }),
        // slow scroll up: no
        (9000.0, Event::Scroll { y: 700.0 }),
        // fast flick to the top: yes
        (9200.0, Event::Scroll { y: 0.0 }),
    ];
    assert_eq!(replay(&mut ei, &ev), [(9200.0, Reason::ScrollUp)]);
}

#[test]
fn once_per_session_survives_a_reload() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let mut ei = desktop(&s, &l);
    assert_eq!(
        ei.handle(Event::Key { address_bar: true }, 5000.0),
        Some(Reason::KeyboardExit)
    );
    assert_eq!(ei.handle(Event::Key { address_bar: true }, 6000.0), None);
    // reload: a new machine over the same session storage
    let mut ei = desktop(&s, &l);
    let mut ev = up_to_top(5000.0);
    ev.push((5200.0, leave(640.0, 0.0)));
    ev.push((6000.0, Event::Activity));
    assert_eq!(replay(&mut ei, &ev), []);
    // a new session (empty sessionStorage) fires again
    let s2 = MemoryStore::new();
    let mut ei = ExitIntent::new(Options::default(), &s2, &l, 0.0, false);
    assert_eq!(
        ei.handle(Event::Key { address_bar: true }, 5000.0),
        Some(Reason::KeyboardExit)
    );
}

#[test]
fn suppression_for_n_days_after_dismissal_or_conversion() {
    let day = DAY_MS;
    for convert in [false, true] {
        let l = MemoryStore::new();
        let opts = Options::from_json(&json!({ "suppressDays": 7 }));
        let s = MemoryStore::new();
        let mut ei = ExitIntent::new(opts.clone(), &s, &l, 0.0, false);
        assert!(ei
            .handle(Event::Key { address_bar: true }, 5000.0)
            .is_some());
        if convert {
            ei.mark_converted(6000.0);
        } else {
            ei.mark_dismissed(6000.0);
        }
        // new sessions within 7 days: quiet
        let s = MemoryStore::new();
        let mut ei = ExitIntent::new(opts.clone(), &s, &l, 3.0 * day, false);
        assert_eq!(
            ei.handle(Event::Key { address_bar: true }, 3.0 * day + 5000.0),
            None
        );
        // after 7 days: fires again
        let s = MemoryStore::new();
        let mut ei = ExitIntent::new(opts.clone(), &s, &l, 8.0 * day, false);
        assert!(ei
            .handle(Event::Key { address_bar: true }, 8.0 * day + 5000.0)
            .is_some());
    }
}

#[test]
fn aggressive_mode_ignores_session_and_suppression() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    let opts = Options::from_json(&json!({ "aggressive": true, "suppressDays": 30 }));
    let mut ei = ExitIntent::new(opts, &s, &l, 0.0, false);
    assert!(ei
        .handle(Event::Key { address_bar: true }, 5000.0)
        .is_some());
    ei.mark_dismissed(5100.0);
    assert!(ei
        .handle(Event::Key { address_bar: true }, 6000.0)
        .is_some());
}

#[test]
fn storage_faults_do_not_break_detection() {
    let (s, l) = (MemoryStore::new(), MemoryStore::new());
    s.set_disabled(true);
    l.set_disabled(true);
    let mut ei = desktop(&s, &l);
    assert!(ei
        .handle(Event::Key { address_bar: true }, 5000.0)
        .is_some());
    assert_eq!(
        ei.handle(Event::Key { address_bar: true }, 6000.0),
        None,
        "still once in memory"
    );
}

#[test]
fn options_are_clamped_and_typed() {
    let o = Options::from_json(&json!({
        "sensitivity": 10_000, "delayMs": -5, "minTimeOnPageMs": "soon",
        "inactivityMs": input::non_finite("NaN"), "touch": "auto", "suppressDays": 9999,
        "storageKey": ""
    }));
    assert_eq!(o.sensitivity_px, 200.0);
    assert_eq!(o.delay_ms, 0.0);
    assert_eq!(o.min_time_on_page_ms, 3000.0);
    assert_eq!(o.inactivity_ms, 30_000.0);
    assert_eq!(o.touch, TouchMode::Auto);
    assert_eq!(o.suppress_days, 365.0);
    assert_eq!(o.storage_key, "levqor:exit-intent");
    for v in [json!(null), json!(3), json!("x"), json!([1])] {
        assert_eq!(Options::from_json(&v), Options::default());
    }
}
