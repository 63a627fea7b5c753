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
use crate::json::Json;
use crate::platform::KeyValueStore;

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

fn num(v: &Json, key: &str, default: f64, lo: f64, hi: f64) -> f64 {
    match input::number(v, key) {
        Field::Value(x) => x.clamp(lo, hi),
        _ => default,
    }
}

fn flag(v: &Json, key: &str, default: bool) -> bool {
    input::get(v, key)
        .and_then(Json::as_bool)
        .unwrap_or(default)
}

impl Options {
    /// Reads options from a JS-style object; anything else gives the defaults.
    pub fn from_json(v: &Json) -> Self {
        let d = Self::default();
        let touch = match input::get(v, "touch") {
            Some(Json::Bool(true)) => TouchMode::Touch,
            Some(Json::Bool(false)) => TouchMode::Pointer,
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
            scroll_up: input::get(v, "scrollUp").and_then(Json::as_bool),
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
mod tests;
