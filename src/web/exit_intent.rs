//! The JS `ExitIntent` class: wires document/window events and one
//! gloo-timers timeout to [`crate::exit_intent::ExitIntent`], persists in
//! sessionStorage/localStorage, calls the JS callback with the reason, and
//! removes every listener and timer on `destroy()`.

use super::convert::{as_function, from_js};
use super::platform::{Area, BrowserClock, WebStorage};
use crate::exit_intent::{Event as Ev, ExitIntent as Core, Options, Origin};
use crate::platform::Clock;
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_EXIT_INTENT: &str = r#"
/** Options of {@link ExitIntent}. Out-of-range numbers are clamped; wrong types keep the default. */
export interface ExitIntentOptions {
  /** Height of the top band the pointer must leave through, px. Default 20, range 0–200. */
  sensitivity?: number;
  /** Wait after the pointer leaves; coming back within it cancels. Default 200 ms, range 0–5000. */
  delayMs?: number;
  /** Nothing fires before this time on page. Default 3000 ms, range 0–600000. */
  minTimeOnPageMs?: number;
  /** Touch devices: no touch, scroll or key for this long fires. Default 30000 ms, range 1000–3600000. */
  inactivityMs?: number;
  /** `true`: touch detector; `false`: pointer detector; default: from `(pointer: coarse)`. */
  touch?: boolean | "auto";
  /** A fast scroll back to the top fires. Default: on for touch, off for pointer. */
  scrollUp?: boolean;
  /** Speed of that scroll, px/ms. Default 1.5, range 0.1–50. */
  scrollUpSpeed?: number;
  /** At most once per browser session (sessionStorage). Default true. */
  oncePerSession?: boolean;
  /** Days to stay quiet after `markDismissed()`/`markConverted()` (localStorage). Default 0, range 0–365. */
  suppressDays?: number;
  /** Ignore once-per-session and suppression. Default false. */
  aggressive?: boolean;
  /** Ctrl/⌘+L (address bar) counts as leaving. Default true. */
  keyboard?: boolean;
  /** Storage key prefix. Default "levqor:exit-intent". */
  storageKey?: string;
}
"#;

type Core2 = Core<WebStorage, WebStorage>;
type Listener = Closure<dyn FnMut(web_sys::Event)>;

struct Inner {
    machine: RefCell<Core2>,
    callback: Option<js_sys::Function>,
    listeners: RefCell<Vec<(web_sys::EventTarget, &'static str, Listener)>>,
    timer: RefCell<Option<(f64, Timeout)>>,
    destroyed: Cell<bool>,
}

/// Detects when a visitor is about to leave and calls `callback(reason)`:
/// desktop — the pointer leaves through the top edge while moving up (not
/// the sides or bottom, not from a `<select>` or autofill popup, not into an
/// iframe, not before the minimum time on page, not if it comes back within
/// the delay) or Ctrl/⌘+L; touch — inactivity, or a fast scroll back to the
/// top. At most once per session by default. Never throws.
///
/// @example
/// ```ts
/// const exit = new ExitIntent({ suppressDays: 7 }, (reason) => {
///   openModal();                      // reason: ExitIntentReason, e.g. "pointer_exit"
///   telemetry.track("exit_intent_shown", { reason });
/// });
/// // "Maybe later": exit.markDismissed();
/// // "Start free trial": telemetry.track("exit_intent_converted", { reason: exit.markConverted(), action: "start_trial" });
/// // on unmount: exit.destroy();
/// ```
#[wasm_bindgen(js_name = ExitIntent)]
pub struct ExitIntent {
    inner: Rc<Inner>,
}

fn device_is_touch(w: &web_sys::Window) -> bool {
    let coarse = w
        .match_media("(pointer: coarse)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    let hover = w
        .match_media("(hover: hover)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches());
    coarse && !hover
}

fn origin_of(target: Option<web_sys::EventTarget>) -> Origin {
    let tag = target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|e| e.tag_name());
    match tag.as_deref() {
        Some("SELECT" | "OPTION" | "INPUT" | "TEXTAREA" | "DATALIST") => Origin::FormField,
        _ => Origin::Page,
    }
}

/// Turns a DOM event into the core's event (`None`: not relevant).
fn translate(kind: &str, e: &web_sys::Event) -> Option<Ev> {
    let window = web_sys::window()?;
    match kind {
        "mousemove" => {
            let m = e.dyn_ref::<web_sys::MouseEvent>()?;
            Some(Ev::PointerMove {
                x: m.client_x() as f64,
                y: m.client_y() as f64,
            })
        }
        "mouseout" => {
            let m = e.dyn_ref::<web_sys::MouseEvent>()?;
            if m.related_target().is_some() {
                return None; // moved between elements of the page
            }
            let size = |v: Result<JsValue, JsValue>| v.ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
            Some(Ev::PointerLeave {
                x: m.client_x() as f64,
                y: m.client_y() as f64,
                width: size(window.inner_width()),
                height: size(window.inner_height()),
                origin: origin_of(e.target()),
            })
        }
        "mouseover" => {
            let m = e.dyn_ref::<web_sys::MouseEvent>()?;
            m.related_target().is_none().then_some(Ev::PointerEnter)
        }
        "keydown" => {
            let k = e.dyn_ref::<web_sys::KeyboardEvent>()?;
            let address_bar = (k.ctrl_key() || k.meta_key()) && k.key().eq_ignore_ascii_case("l");
            Some(Ev::Key { address_bar })
        }
        "touchstart" | "pointerdown" => Some(Ev::Activity),
        "scroll" => Some(Ev::Scroll {
            y: window.scroll_y().unwrap_or(0.0),
        }),
        "visibilitychange" => Some(Ev::Visibility {
            hidden: window.document().is_some_and(|d| d.hidden()),
        }),
        _ => None,
    }
}

fn dispatch(inner: &Rc<Inner>, event: Ev) {
    if inner.destroyed.get() {
        return;
    }
    let now = BrowserClock.now_ms();
    let fired = inner.machine.borrow_mut().handle(event, now);
    sync_timer(inner, now);
    if let (Some(reason), Some(cb)) = (fired, inner.callback.as_ref()) {
        // a throwing callback is the page's problem, not ours: swallow it
        let _ = cb.call1(&JsValue::NULL, &JsValue::from_str(reason.as_str()));
    }
}

/// Keeps the single timer at the machine's deadline (re-armed only when the
/// deadline changes, so a mousemove costs no timer work).
fn sync_timer(inner: &Rc<Inner>, now: f64) {
    let wanted = inner.machine.borrow().deadline();
    let current = inner.timer.borrow().as_ref().map(|(d, _)| *d);
    if wanted == current {
        return;
    }
    let old = inner.timer.borrow_mut().take();
    if let Some((_, t)) = old {
        t.cancel();
    }
    if let Some(deadline) = wanted {
        let weak: Weak<Inner> = Rc::downgrade(inner);
        let ms = (deadline - now).clamp(0.0, 2_147_483_647.0) as u32;
        let t = Timeout::new(ms, move || {
            if let Some(inner) = weak.upgrade() {
                inner.timer.borrow_mut().take();
                dispatch(&inner, Ev::Timer);
            }
        });
        *inner.timer.borrow_mut() = Some((deadline, t));
    }
}

#[wasm_bindgen(js_class = ExitIntent)]
impl ExitIntent {
    /// Starts watching the page. `options` may be omitted; a `callback` that
    /// is not a function is ignored (nothing is called).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "ExitIntentOptions")] options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "(reason: ExitIntentReason) => void")]
        callback: JsValue,
    ) -> ExitIntent {
        let opts = Options::from_json(&from_js(&options));
        let window = web_sys::window();
        let touch = window.as_ref().is_some_and(device_is_touch);
        let machine = Core::new(
            opts,
            WebStorage::open(Area::Session),
            WebStorage::open(Area::Local),
            BrowserClock.now_ms(),
            touch,
        );
        let inner = Rc::new(Inner {
            machine: RefCell::new(machine),
            callback: as_function(&callback),
            listeners: RefCell::new(Vec::new()),
            timer: RefCell::new(None),
            destroyed: Cell::new(false),
        });
        if let Some(w) = window {
            let doc: Option<web_sys::EventTarget> = w.document().map(Into::into);
            let win: web_sys::EventTarget = w.into();
            let mut targets: Vec<(web_sys::EventTarget, &'static str)> = vec![
                (win.clone(), "touchstart"),
                (win.clone(), "pointerdown"),
                (win, "scroll"),
            ];
            if let Some(d) = doc {
                for kind in [
                    "mousemove",
                    "mouseout",
                    "mouseover",
                    "keydown",
                    "visibilitychange",
                ] {
                    targets.push((d.clone(), kind));
                }
            }
            for (target, kind) in targets {
                let weak = Rc::downgrade(&inner);
                let cb: Listener = Closure::new(move |e: web_sys::Event| {
                    if let (Some(inner), Some(ev)) = (weak.upgrade(), translate(kind, &e)) {
                        dispatch(&inner, ev);
                    }
                });
                let opts = web_sys::AddEventListenerOptions::new();
                opts.set_passive(true);
                let _ = target.add_event_listener_with_callback_and_add_event_listener_options(
                    kind,
                    cb.as_ref().unchecked_ref(),
                    &opts,
                );
                inner.listeners.borrow_mut().push((target, kind, cb));
            }
        }
        sync_timer(&inner, BrowserClock.now_ms());
        ExitIntent { inner }
    }

    /// The visitor closed the UI ("Maybe later", Escape): starts the
    /// `suppressDays` quiet period.
    #[wasm_bindgen(js_name = markDismissed)]
    pub fn mark_dismissed(&self) {
        self.inner
            .machine
            .borrow_mut()
            .mark_dismissed(BrowserClock.now_ms());
        sync_timer(&self.inner, BrowserClock.now_ms());
    }

    /// The visitor took the offer: starts the `suppressDays` quiet period.
    /// Answers the reason the offer was shown for (`undefined` if it never
    /// fired), for `exit_intent_converted` telemetry.
    ///
    /// @example
    /// ```ts
    /// const reason = exit.markConverted(); // "pointer_exit"
    /// telemetry.track("exit_intent_converted", { reason, action: "start_trial" });
    /// ```
    #[wasm_bindgen(js_name = markConverted, unchecked_return_type = "ExitIntentReason | undefined")]
    pub fn mark_converted(&self) -> JsValue {
        let reason = self
            .inner
            .machine
            .borrow_mut()
            .mark_converted(BrowserClock.now_ms());
        sync_timer(&self.inner, BrowserClock.now_ms());
        reason.map_or(JsValue::UNDEFINED, |r| JsValue::from_str(r.as_str()))
    }

    /// Whether it may still fire (not shown this session, not suppressed,
    /// not destroyed).
    #[wasm_bindgen(js_name = isArmed)]
    pub fn is_armed(&self) -> bool {
        !self.inner.destroyed.get() && self.inner.machine.borrow().is_armed(BrowserClock.now_ms())
    }

    /// Whether the touch detector (inactivity, scroll) is running.
    #[wasm_bindgen(getter, js_name = isTouch)]
    pub fn is_touch(&self) -> bool {
        self.inner.machine.borrow().is_touch()
    }

    /// Removes every listener and the timer. Safe to call twice.
    pub fn destroy(&self) {
        if self.inner.destroyed.replace(true) {
            return;
        }
        for (target, kind, cb) in self.inner.listeners.borrow_mut().drain(..) {
            let _ = target.remove_event_listener_with_callback(kind, cb.as_ref().unchecked_ref());
        }
        if let Some((_, t)) = self.inner.timer.borrow_mut().take() {
            t.cancel();
        }
    }
}

/// Test-only accessors (feature `testing`): not on the JS API.
#[cfg(feature = "testing")]
impl ExitIntent {
    /// Listeners currently attached (0 after `destroy()`).
    pub fn listener_count(&self) -> u32 {
        self.inner.listeners.borrow().len() as u32
    }
}
