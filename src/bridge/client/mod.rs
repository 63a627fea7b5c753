//! The client's orchestration, as plain Rust over small side-effect traits:
//! when a call goes to the server, what it answers when the server cannot,
//! what telemetry each call records, when the health probe runs, how the
//! escalation outbox drains and which escalation result a caller gets.
//! `web::client` only implements the traits for the browser (fetch, the
//! assistant module, `Telemetry`, listeners, timers) and converts.

use super::escalation::{self, Outbox, SendVerdict};
use super::{
    mark_fallback, outgoing_body, Bridge, Config, Endpoint, FallbackReason, Outcome, Plan, Status,
    Transport,
};

mod listeners;
mod outbox;
mod record;

use crate::input;
use crate::json::Json;
use crate::platform::{Clock, KeyValueStore, Random};
pub use listeners::Listeners;
pub use record::fallback_reason_name;
use record::CallFacts;
use std::cell::{Cell, RefCell};
use std::future::Future;

/// One HTTP request the client wants sent.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// Full URL on the configured API origin.
    pub url: String,
    /// `GET` or `POST`.
    pub method: &'static str,
    /// JSON text, for `POST`.
    pub body: Option<String>,
    /// Sent as the `Idempotency-Key` header (escalations).
    pub idempotency_key: Option<String>,
    /// Abort after this long.
    pub timeout_ms: f64,
    /// Largest body read.
    pub max_bytes: usize,
}

/// The network. Never fails: every ending is a [`Transport`].
pub trait Http {
    /// Sends one request.
    fn send(&self, request: HttpRequest) -> impl Future<Output = Transport>;
    /// What `navigator.onLine` says.
    fn online(&self) -> bool;
    /// Cancels every request in flight (they end as [`Transport::Aborted`]).
    fn abort_all(&self);
}

/// The offline assistant, which may have to be fetched first.
pub trait OfflineAssistant {
    /// The assistant's answer to `request` (an answer or its typed error
    /// object), or `None` when the assistant cannot be loaded.
    fn answer(&self, endpoint: Endpoint, request: &Json) -> impl Future<Output = Option<Json>>;
    /// Loads it now; whether it is ready.
    fn preload(&self) -> impl Future<Output = bool>;
}

/// Where telemetry goes (the page's `Telemetry`, which validates and
/// aggregates: the client sends only closed-set values and numbers).
pub trait TelemetrySink {
    /// Records one event with its props (a JSON object).
    fn track(&self, event: &str, props: Json);
}

/// No telemetry.
impl TelemetrySink for () {
    fn track(&self, _event: &str, _props: Json) {}
}

/// The side effects a client needs, each a small trait.
pub struct Parts<H, A, S, T, M, W, R> {
    /// The network.
    pub http: H,
    /// The offline answers.
    pub assistant: A,
    /// Where queued escalations are kept (`localStorage`).
    pub store: S,
    /// Telemetry, if the page has some.
    pub telemetry: Option<T>,
    /// A monotonic clock (breaker, latency).
    pub clock: M,
    /// Wall-clock time (the outbox's ages).
    pub wall: W,
    /// Escalation keys.
    pub random: R,
}

/// What a call answers, and whether the outbox should be drained now (the
/// server just answered).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The answer object (server's, the assistant's, or a typed error).
    pub value: Json,
    /// The server was reachable: drain queued escalations in the background.
    pub flush: bool,
}

/// Called with the new status each time it changes.
pub type StatusListener = Box<dyn Fn(Status)>;

/// The client. Single-threaded (the browser's), shared by `&self` across
/// awaits: no borrow is held over an `.await`.
pub struct Client<H, A, S: KeyValueStore, T, M, W, R> {
    http: H,
    assistant: A,
    telemetry: Option<T>,
    clock: M,
    wall: W,
    random: R,
    outbox: Outbox<S>,
    bridge: RefCell<Bridge>,
    /// Escalation keys being sent right now (a flush skips them).
    sending: RefCell<Vec<String>>,
    flushing: Cell<bool>,
    destroyed: Cell<bool>,
    last_status: Cell<Status>,
    on_status: RefCell<Option<StatusListener>>,
}

/// The `api_call` outcome of an HTTP ending whose body the client judges
/// by status alone (the health probe). `None`: aborted, no verdict.
pub fn outcome_of_status(t: &Transport) -> Option<Outcome> {
    Some(match t {
        Transport::Reply { status, .. } => match status {
            200..=299 => Outcome::Ok,
            400..=499 => Outcome::Http4xx,
            500..=599 => Outcome::Http5xx,
            _ => Outcome::Invalid,
        },
        Transport::Timeout => Outcome::Timeout,
        Transport::TooLarge => Outcome::TooLarge,
        Transport::Aborted => return None,
        Transport::Network => Outcome::Network,
    })
}

/// The verdict and `api_call` outcome of an escalation send.
pub fn judge_escalation(t: &Transport) -> (SendVerdict, Outcome) {
    match t {
        Transport::Reply {
            status,
            content_type,
            body,
        } => {
            let v = escalation::judge_send(*status, content_type, body);
            let o = match (&v, outcome_of_status(t)) {
                (SendVerdict::Sent(_), _) => Outcome::Ok,
                (SendVerdict::Refused { .. }, _) => Outcome::Http4xx,
                (SendVerdict::Retry, Some(Outcome::Http5xx)) => Outcome::Http5xx,
                (SendVerdict::Retry, _) => Outcome::Invalid,
            };
            (v, o)
        }
        other => (
            SendVerdict::Retry,
            outcome_of_status(other).unwrap_or(Outcome::Aborted),
        ),
    }
}

impl<H, A, S, T, M, W, R> Client<H, A, S, T, M, W, R>
where
    H: Http,
    A: OfflineAssistant,
    S: KeyValueStore,
    T: TelemetrySink,
    M: Clock,
    W: Clock,
    R: Random,
{
    /// A client with `cfg`, believing what `parts.http.online()` says.
    pub fn new(cfg: Config, parts: Parts<H, A, S, T, M, W, R>) -> Self {
        let mut bridge = Bridge::new(cfg);
        bridge.set_online(parts.http.online());
        let status = bridge.status();
        Client {
            http: parts.http,
            assistant: parts.assistant,
            telemetry: parts.telemetry,
            clock: parts.clock,
            wall: parts.wall,
            random: parts.random,
            outbox: Outbox::new(parts.store),
            bridge: RefCell::new(bridge),
            sending: RefCell::new(Vec::new()),
            flushing: Cell::new(false),
            destroyed: Cell::new(false),
            last_status: Cell::new(status),
            on_status: RefCell::new(None),
        }
    }

    /// Called with the new status each time it changes.
    pub fn on_status_change(&self, f: StatusListener) {
        *self.on_status.borrow_mut() = Some(f);
    }

    /// The badge.
    pub fn status(&self) -> Status {
        self.bridge.borrow().status()
    }

    /// Whether a server is configured (the client is not wasm-only).
    pub fn has_server(&self) -> bool {
        self.bridge.borrow().config().api_base.is_some()
    }

    /// Whether [`Client::destroy`] ran.
    pub fn is_destroyed(&self) -> bool {
        self.destroyed.get()
    }

    fn notify(&self) {
        let now = self.status();
        if now == self.last_status.replace(now) {
            return;
        }
        if let Ok(f) = self.on_status.try_borrow() {
            if let Some(f) = f.as_ref() {
                f(now);
            }
        }
    }

    /// The browser's `online`/`offline` event. Returns whether queued
    /// escalations should be sent now (it came back online).
    pub fn set_online(&self, online: bool) -> bool {
        if self.destroyed.get() {
            return false;
        }
        self.bridge.borrow_mut().set_online(online);
        self.notify();
        online && self.has_server()
    }

    async fn answer_offline(&self, endpoint: Endpoint, req: &Json, reason: FallbackReason) -> Json {
        let Some(mut v) = self.assistant.answer(endpoint, req).await else {
            return crate::assistant::AssistantError::new(
                crate::assistant::ErrorCode::AssistantUnavailable,
                "The server cannot be reached and the offline assistant could not be downloaded. Please try again when you are back online.",
            )
            .to_value();
        };
        mark_fallback(&mut v, reason);
        v
    }

    /// One assistant call: validated here, then the server when it is
    /// believed reachable (with the timeout), else or on failure the
    /// offline assistant. Never fails.
    pub async fn call(&self, endpoint: Endpoint, req: Json) -> Reply {
        let facts = CallFacts::of(endpoint, &req);
        let start = self.clock.now_ms();
        if let Some(field) = endpoint.text_field() {
            if let Err(e) = crate::assistant::validate_query(input::string(&req, field), field) {
                let v = e.to_value();
                self.record_answer(&facts, &v, 0.0);
                return Reply {
                    value: v,
                    flush: false,
                };
            }
        }
        self.bridge.borrow_mut().set_online(self.http.online());
        let plan = if self.destroyed.get() {
            Plan::Fallback(FallbackReason::Offline)
        } else {
            self.bridge.borrow_mut().plan(endpoint, start)
        };
        self.notify();
        let (ticket, url) = match plan {
            Plan::Fallback(reason) => {
                let v = self.answer_offline(endpoint, &req, reason).await;
                let took = self.clock.now_ms() - start;
                self.record_call(endpoint, "fallback", super::outcome_of(reason), took);
                self.record_answer(&facts, &v, took);
                return Reply {
                    value: v,
                    flush: false,
                };
            }
            Plan::Server { ticket, url, .. } => (ticket, url),
        };
        // The crate's writer, not serde's serialiser.
        let body = crate::json_write::ToJson::to_json(&outgoing_body(endpoint, &req));
        let transport = self.send(url, "POST", Some(body), None).await;
        let settled = self
            .bridge
            .borrow_mut()
            .settle(ticket, transport, self.clock.now_ms());
        self.notify();
        match settled.response {
            Ok(v) => {
                self.record_call(endpoint, "server", settled.outcome, settled.latency_ms);
                self.record_answer(&facts, &v, settled.latency_ms);
                Reply {
                    value: v,
                    flush: !self.destroyed.get(),
                }
            }
            Err(reason) => {
                let v = self.answer_offline(endpoint, &req, reason).await;
                let took = self.clock.now_ms() - start;
                self.record_call(endpoint, "fallback", settled.outcome, took);
                self.record_answer(&facts, &v, took);
                Reply {
                    value: v,
                    flush: false,
                }
            }
        }
    }

    async fn send(
        &self,
        url: String,
        method: &'static str,
        body: Option<String>,
        key: Option<String>,
    ) -> Transport {
        let (timeout_ms, max_bytes) = {
            let b = self.bridge.borrow();
            (b.config().timeout_ms, b.config().max_response_bytes)
        };
        self.http
            .send(HttpRequest {
                url,
                method,
                body,
                idempotency_key: key,
                timeout_ms,
                max_bytes,
            })
            .await
    }

    /// When the health probe should run, ms from now: the breaker is open,
    /// probing is on and the client is alive. At least a second, so a zero
    /// cool-down cannot spin.
    pub fn probe_delay(&self) -> Option<u32> {
        let b = self.bridge.borrow();
        if self.destroyed.get() || !b.config().health_probe {
            return None;
        }
        let super::breaker::State::Open { until } = b.breaker().state() else {
            return None;
        };
        Some(
            (until - self.clock.now_ms())
                .clamp(1_000.0, 3_600_000.0)
                .ceil() as u32,
        )
    }

    /// `GET /health` once the cool-down is over (unless a real call probes
    /// first). On success the outbox is drained. Returns whether the server
    /// answered.
    pub async fn probe_health(&self) -> bool {
        if self.destroyed.get() {
            return false;
        }
        let start = self.clock.now_ms();
        self.bridge.borrow_mut().set_online(self.http.online());
        let plan = self.bridge.borrow_mut().plan(Endpoint::Health, start);
        let Plan::Server { ticket, url, .. } = plan else {
            return false; // offline, or a real call is probing
        };
        self.notify();
        let t = self.send(url, "GET", None, None).await;
        let Some(outcome) = outcome_of_status(&t) else {
            return false;
        };
        let ok = outcome == Outcome::Ok;
        self.bridge
            .borrow_mut()
            .settle_raw(ticket, ok, self.clock.now_ms());
        self.notify();
        let source = if ok { "server" } else { "fallback" };
        self.record_call(
            Endpoint::Health,
            source,
            outcome,
            self.clock.now_ms() - start,
        );
        if ok {
            self.flush().await;
        }
        ok
    }

    /// Fetches the offline assistant now; whether it is ready.
    pub async fn preload_assistant(&self) -> bool {
        self.assistant.preload().await
    }

    /// Aborts requests in flight (their calls answer offline) and stops
    /// contacting the server. Idempotent.
    pub fn destroy(&self) {
        if self.destroyed.replace(true) {
            return;
        }
        self.http.abort_all();
        self.on_status.borrow_mut().take();
    }
}
