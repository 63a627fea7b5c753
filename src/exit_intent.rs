//! The exit-intent state machine: decides when a visitor is about to leave.
//! Pure and clock-injected — the web layer (`web::exit_intent`) feeds it DOM
//! events with their times and arms one timer at [`ExitIntent::deadline`].
//!
//! Why not `mouseleave` alone (ouibounce): it fires only after the pointer
//! has left, so a sensitivity band cannot work; Firefox fires it when a
//! `<select>` popup opens, Chrome when an autofill menu opens, and iframes
//! fire it on the way in. Here a desktop exit needs the pointer to have been
//! *moving up* through the top band (tracked from `mousemove`, a few float
//! comparisons and no allocation per event), to leave with no related target
//! at or above the band, not from a form field, not before the minimum time on
//! page, and not to come back within the delay. Touch devices use inactivity
//! and, optionally, a fast scroll back to the top.

use crate::input::{self, Field};
use crate::platform::KeyValueStore;
use serde_json::Value;

/// Why the callback fired, generated from `[exit_reason]` of
/// `src/vocab/vocab.txt`.
pub use crate::vocab::ExitReason as Reason;

/// Which detector runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TouchMode {
    /// Decide from the device (`(pointer: coarse)` and no hover).
    Auto,
    /// Always the touch detector.
    Touch,
    /// Always the pointer detector.
    Pointer,
}

/// Options, with the defaults and ranges of the README (out-of-range
/// numbers are clamped; wrong types keep the default).
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Height of the top band in px. Default 20, range 0–200.
    pub sensitivity_px: f64,
    /// Wait after the pointer leaves before firing; coming back cancels.
    /// Default 200 ms, range 0–5000.
    pub delay_ms: f64,
    /// Nothing fires before this time on page. Default 3000 ms, 0–600000.
    pub min_time_on_page_ms: f64,
    /// Touch inactivity before firing. Default 30000 ms, 1000–3600000.
    pub inactivity_ms: f64,
    /// Which detector (`touch: true | false | "auto"`). Default auto.
    pub touch: TouchMode,
    /// Fast scroll back to the top counts (default: on for touch only).
    pub scroll_up: Option<bool>,
    /// Speed that counts as a fast scroll up, px/ms. Default 1.5, 0.1–50.
    pub scroll_up_speed: f64,
    /// At most once per session (sessionStorage). Default true.
    pub once_per_session: bool,
    /// Days to stay quiet after a dismissal or conversion (localStorage).
    /// Default 0 (off), range 0–365.
    pub suppress_days: f64,
    /// Ignore once-per-session and suppression (demos, tests). Default false.
    pub aggressive: bool,
    /// The address-bar shortcut counts (desktop). Default true.
    pub keyboard: bool,
    /// Storage key prefix. Default `levqor:exit-intent`.
    pub storage_key: String,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            sensitivity_px: 20.0,
            delay_ms: 200.0,
            min_time_on_page_ms: 3000.0,
            inactivity_ms: 30_000.0,
            touch: TouchMode::Auto,
            scroll_up: None,
            scroll_up_speed: 1.5,
            once_per_session: true,
            suppress_days: 0.0,
            aggressive: false,
            keyboard: true,
            storage_key: "levqor:exit-intent".into(),
        }
    }
}

fn num(v: &Value, key: &str, default: f64, lo: f64, hi: f64) -> f64 {
    match input::number(v, key) {
        Field::Value(x) => x.clamp(lo, hi),
        _ => default,
    }
}

fn flag(v: &Value, key: &str, default: bool) -> bool {
    input::get(v, key)
        .and_then(Value::as_bool)
        .unwrap_or(default)
}

impl Options {
    /// Reads options from a JS-style object; anything else gives the defaults.
    pub fn from_json(v: &Value) -> Self {
        let d = Self::default();
        let touch = match input::get(v, "touch") {
            Some(Value::Bool(true)) => TouchMode::Touch,
            Some(Value::Bool(false)) => TouchMode::Pointer,
            _ => TouchMode::Auto,
        };
        let storage_key = match input::opt_str(v, "storageKey") {
            Some(k) if !k.is_empty() && k.len() <= 100 => k.to_owned(),
            _ => d.storage_key.clone(),
        };
        Self {
            sensitivity_px: num(v, "sensitivity", d.sensitivity_px, 0.0, 200.0),
            delay_ms: num(v, "delayMs", d.delay_ms, 0.0, 5000.0),
            min_time_on_page_ms: num(v, "minTimeOnPageMs", d.min_time_on_page_ms, 0.0, 600_000.0),
            inactivity_ms: num(v, "inactivityMs", d.inactivity_ms, 1000.0, 3_600_000.0),
            touch,
            scroll_up: input::get(v, "scrollUp").and_then(Value::as_bool),
            scroll_up_speed: num(v, "scrollUpSpeed", d.scroll_up_speed, 0.1, 50.0),
            once_per_session: flag(v, "oncePerSession", d.once_per_session),
            suppress_days: num(v, "suppressDays", d.suppress_days, 0.0, 365.0),
            aggressive: flag(v, "aggressive", d.aggressive),
            keyboard: flag(v, "keyboard", d.keyboard),
            storage_key,
        }
    }
}

/// Where a `mouseout` came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Any ordinary element (including a fixed header).
    Page,
    /// A `<select>`/`<option>`, `<input>`, `<textarea>` or `<datalist>`:
    /// their popups (select lists, autofill menus) fire spurious leaves.
    FormField,
}

/// What the web layer reports.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// `mousemove`: client coordinates.
    PointerMove {
        /// clientX
        x: f64,
        /// clientY
        y: f64,
    },
    /// `mouseout` on the document with `relatedTarget == null` (the pointer
    /// left the document, or went into an iframe or a browser popup).
    PointerLeave {
        /// clientX
        x: f64,
        /// clientY
        y: f64,
        /// Viewport width (`innerWidth`).
        width: f64,
        /// Viewport height (`innerHeight`).
        height: f64,
        /// The element it left from.
        origin: Origin,
    },
    /// The pointer came back into the document.
    PointerEnter,
    /// `keydown`: the address-bar shortcut is `l` with Ctrl or ⌘.
    Key {
        /// Ctrl/⌘ + L.
        address_bar: bool,
    },
    /// Touch, scroll or key activity (resets the inactivity timer).
    Activity,
    /// `scroll`: the vertical scroll offset.
    Scroll {
        /// scrollY
        y: f64,
    },
    /// `visibilitychange`.
    Visibility {
        /// `document.hidden`
        hidden: bool,
    },
    /// The timer armed at [`ExitIntent::deadline`] fired.
    Timer,
}

const DAY_MS: f64 = 86_400_000.0;

/// The state machine. `S` is sessionStorage, `L` localStorage.
#[derive(Debug)]
pub struct ExitIntent<S, L> {
    opts: Options,
    touch: bool,
    session: S,
    local: L,
    started: f64,
    // pointer tracking: last position and vertical direction
    last_x: f64,
    last_y: f64,
    moving_up: bool,
    seen_move: bool,
    // timers
    pending_exit: Option<(f64, Reason)>,
    inactivity_at: Option<f64>,
    // scroll tracking
    scroll_y: f64,
    scroll_t: f64,
    max_scroll: f64,
    hidden: bool,
    fired: bool,
    /// Why it last fired (what the UI was shown for).
    shown_for: Option<Reason>,
}

impl<S: KeyValueStore, L: KeyValueStore> ExitIntent<S, L> {
    /// Starts watching at `now` (ms). `device_is_touch` is what the browser
    /// says (used when the option is `auto`).
    pub fn new(opts: Options, session: S, local: L, now: f64, device_is_touch: bool) -> Self {
        let touch = match opts.touch {
            TouchMode::Auto => device_is_touch,
            TouchMode::Touch => true,
            TouchMode::Pointer => false,
        };
        let mut s = Self {
            inactivity_at: None,
            opts,
            touch,
            session,
            local,
            started: now,
            last_x: 0.0,
            last_y: f64::INFINITY,
            moving_up: false,
            seen_move: false,
            pending_exit: None,
            scroll_y: 0.0,
            scroll_t: now,
            max_scroll: 0.0,
            hidden: false,
            fired: false,
            shown_for: None,
        };
        if s.touch {
            s.inactivity_at = Some(now + s.opts.inactivity_ms);
        }
        s
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// Whether the touch detector is running.
    pub fn is_touch(&self) -> bool {
        self.touch
    }

    fn key(&self, what: &str) -> String {
        [self.opts.storage_key.as_str(), ":", what].concat()
    }

    /// Whether it may still fire (not shown this session, not suppressed).
    pub fn is_armed(&self, now: f64) -> bool {
        if self.opts.aggressive {
            return true;
        }
        if self.fired && self.opts.once_per_session {
            return false;
        }
        if self.opts.once_per_session && self.session.get(&self.key("shown")).is_some() {
            return false;
        }
        match self
            .local
            .get(&self.key("suppressed-until"))
            // written as whole milliseconds; parsing integers keeps float
            // parsing (~5 KB of wasm) out of the binary
            .and_then(|v| crate::digits::parse_i64(v.trim()))
            .map(|ms| ms as f64)
        {
            Some(until) => now >= until,
            None => true,
        }
    }

    /// When the web layer's single timer should fire next, if at all.
    pub fn deadline(&self) -> Option<f64> {
        match (self.pending_exit.map(|p| p.0), self.inactivity_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn fire(&mut self, reason: Reason, now: f64) -> Option<Reason> {
        self.pending_exit = None;
        self.inactivity_at = None;
        if !self.is_armed(now) {
            return None;
        }
        self.fired = true;
        self.shown_for = Some(reason);
        if self.opts.once_per_session && !self.opts.aggressive {
            // a storage fault only loses persistence across reloads
            let _ = self.session.set(&self.key("shown"), "1");
        }
        Some(reason)
    }

    fn too_early(&self, now: f64) -> bool {
        now - self.started < self.opts.min_time_on_page_ms
    }

    /// Feeds one event at time `now`; returns the reason when the visitor
    /// should see the exit-intent UI now.
    pub fn handle(&mut self, event: Event, now: f64) -> Option<Reason> {
        match event {
            Event::PointerMove { x, y } => {
                if self.seen_move {
                    let (dx, dy) = (x - self.last_x, y - self.last_y);
                    if dx != 0.0 || dy != 0.0 {
                        // mostly upward: sideways drift along the top is not an exit
                        self.moving_up = dy < 0.0 && -dy >= dx.abs() * 0.5;
                    }
                }
                self.last_x = x;
                self.last_y = y;
                self.seen_move = true;
                // the pointer is back inside: a pending exit is cancelled
                if matches!(self.pending_exit, Some((_, Reason::PointerExit))) {
                    self.pending_exit = None;
                }
                None
            }
            Event::PointerEnter => {
                if matches!(self.pending_exit, Some((_, Reason::PointerExit))) {
                    self.pending_exit = None;
                }
                None
            }
            Event::PointerLeave {
                x,
                y,
                width,
                height,
                origin,
            } => {
                if self.touch || self.hidden || origin == Origin::FormField || self.too_early(now) {
                    return None;
                }
                let band = self.opts.sensitivity_px;
                // Inside the viewport (not at an edge) the pointer went into
                // an iframe or a browser popup, not out of the window.
                let inside = x > 0.0 && x < width - 1.0 && y > band && y < height - 1.0;
                let through_top = y <= band && (self.moving_up || y < self.last_y);
                // Sideways through a top corner: the x edge is closer than the top.
                let sideways = (x <= 0.0 || x >= width - 1.0) && !self.moving_up;
                if inside || !through_top || sideways || !self.is_armed(now) {
                    return None;
                }
                if self.opts.delay_ms <= 0.0 {
                    return self.fire(Reason::PointerExit, now);
                }
                self.pending_exit = Some((now + self.opts.delay_ms, Reason::PointerExit));
                None
            }
            Event::Key { address_bar } => {
                if self.touch {
                    self.bump_inactivity(now);
                    return None;
                }
                if address_bar && self.opts.keyboard && !self.hidden && !self.too_early(now) {
                    return self.fire(Reason::KeyboardExit, now);
                }
                None
            }
            Event::Activity => {
                self.bump_inactivity(now);
                None
            }
            Event::Scroll { y } => {
                self.bump_inactivity(now);
                let dt = (now - self.scroll_t).max(1.0);
                let speed = (self.scroll_y - y) / dt;
                self.scroll_y = y;
                self.scroll_t = now;
                if y > self.max_scroll {
                    self.max_scroll = y;
                }
                let enabled = self.opts.scroll_up.unwrap_or(self.touch);
                if enabled
                    && y <= 50.0
                    && speed >= self.opts.scroll_up_speed
                    && self.max_scroll >= 400.0
                    && !self.too_early(now)
                    && !self.hidden
                {
                    self.max_scroll = y;
                    return self.fire(Reason::ScrollUp, now);
                }
                None
            }
            Event::Visibility { hidden } => {
                self.hidden = hidden;
                if hidden {
                    // switching tabs is not leaving through the top
                    self.pending_exit = None;
                } else {
                    self.bump_inactivity(now);
                }
                None
            }
            Event::Timer => {
                if let Some((at, reason)) = self.pending_exit {
                    if now >= at {
                        return self.fire(reason, now);
                    }
                }
                if let Some(at) = self.inactivity_at {
                    if now >= at && !self.hidden && !self.too_early(now) {
                        return self.fire(Reason::Inactivity, now);
                    }
                }
                None
            }
        }
    }

    fn bump_inactivity(&mut self, now: f64) {
        if self.touch && !self.fired {
            self.inactivity_at = Some(now + self.opts.inactivity_ms);
        }
    }

    fn suppress(&mut self, now: f64) {
        self.pending_exit = None;
        self.inactivity_at = None;
        if self.opts.suppress_days > 0.0 {
            let until = now + self.opts.suppress_days * DAY_MS;
            let mut text = String::new();
            crate::digits::push_i64(&mut text, until as i64);
            let _ = self.local.set(&self.key("suppressed-until"), &text);
        }
    }

    /// The visitor closed the UI ("Maybe later", Escape).
    pub fn mark_dismissed(&mut self, now: f64) {
        self.suppress(now);
    }

    /// The visitor took the offer. Answers why the offer was shown (for
    /// `exit_intent_converted` telemetry), if it fired in this instance.
    pub fn mark_converted(&mut self, now: f64) -> Option<Reason> {
        self.suppress(now);
        self.shown_for
    }

    /// Why it last fired, if it did.
    pub fn shown_for(&self) -> Option<Reason> {
        self.shown_for
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::MemoryStore;
    use serde_json::json;

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
}
