//! When a call goes to the server and how its ending is judged: the
//! [`Bridge`] (configuration, breaker, browser online flag), its [`Plan`]s,
//! [`Ticket`]s and [`Settled`] verdicts.

use super::breaker::{Admit, Breaker, State};
use super::validate::{self, Verdict};
use super::{Config, Endpoint, FallbackReason, Outcome, Status};
use crate::json::Json;

/// Permission to call the server, handed back to [`Bridge::settle`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ticket {
    /// Which endpoint.
    pub endpoint: Endpoint,
    admit: Admit,
    /// When the call started (ms).
    pub started: f64,
}

impl Ticket {
    /// Whether this call is the half-open probe.
    pub fn is_probe(&self) -> bool {
        self.admit == Admit::Probe
    }
}

/// What to do for a call.
#[derive(Debug, Clone, PartialEq)]
pub enum Plan {
    /// Call `url` with this timeout.
    Server {
        /// Hand back to [`Bridge::settle`].
        ticket: Ticket,
        /// Full URL on the API origin.
        url: String,
        /// Abort after this long, ms.
        timeout_ms: f64,
    },
    /// Answer from the wasm at once.
    Fallback(FallbackReason),
}

/// How the network I/O ended (what `http.js` reports).
#[derive(Debug, Clone, PartialEq)]
pub enum Transport {
    /// An HTTP answer, body read in full (under the cap).
    Reply {
        /// HTTP status.
        status: u16,
        /// `Content-Type`, or empty.
        content_type: String,
        /// The body as text.
        body: String,
    },
    /// The timeout fired and the request was aborted.
    Timeout,
    /// No HTTP answer (DNS, refused, reset, CORS, redirect).
    Network,
    /// `Content-Length` or the bytes read went over the cap.
    TooLarge,
    /// Cancelled by `destroy()`.
    Aborted,
}

/// The end of a call.
#[derive(Debug, Clone, PartialEq)]
pub struct Settled {
    /// The answer, if the server gave a usable one.
    pub response: Result<Json, FallbackReason>,
    /// For telemetry.
    pub outcome: Outcome,
    /// Time since the call started, ms.
    pub latency_ms: f64,
}

/// The policy: configuration, breaker and browser online flag.
#[derive(Debug, Clone)]
pub struct Bridge {
    cfg: Config,
    breaker: Breaker,
    online: bool,
}

impl Bridge {
    /// A bridge with a closed breaker, believing the browser online.
    pub fn new(cfg: Config) -> Self {
        Self {
            breaker: Breaker::new(cfg.breaker),
            cfg,
            online: true,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// The breaker (for inspection).
    pub fn breaker(&self) -> &Breaker {
        &self.breaker
    }

    /// Tells the bridge what `navigator.onLine` says. Coming back online
    /// closes the breaker: the next call tries the server.
    pub fn set_online(&mut self, online: bool) {
        if online && !self.online {
            self.breaker.reset();
        }
        self.online = online;
    }

    /// The badge.
    pub fn status(&self) -> Status {
        if self.cfg.api_base.is_none() || !self.online {
            return Status::Offline;
        }
        match self.breaker.state() {
            State::Closed { failures: 0 } => Status::Online,
            State::Closed { .. } | State::HalfOpen { .. } => Status::Degraded,
            State::Open { .. } => Status::Offline,
        }
    }

    /// Decides, at `now`, whether `endpoint` goes to the server.
    pub fn plan(&mut self, endpoint: Endpoint, now: f64) -> Plan {
        let Some(base) = &self.cfg.api_base else {
            return Plan::Fallback(FallbackReason::NotConfigured);
        };
        if !self.online {
            return Plan::Fallback(FallbackReason::Offline);
        }
        match self.breaker.admit(now) {
            Admit::Skip => Plan::Fallback(FallbackReason::BreakerOpen),
            admit => Plan::Server {
                ticket: Ticket {
                    endpoint,
                    admit,
                    started: now,
                },
                url: base.url(endpoint),
                timeout_ms: self.cfg.timeout_ms,
            },
        }
    }

    /// Judges how a call ended and updates the breaker.
    pub fn settle(&mut self, ticket: Ticket, transport: Transport, now: f64) -> Settled {
        let latency_ms = (now - ticket.started).max(0.0);
        let (response, outcome) = match transport {
            Transport::Aborted => {
                // destroy(): no verdict on the server; a lost probe is
                // replaced after the probe timeout.
                return Settled {
                    response: Err(FallbackReason::Network),
                    outcome: Outcome::Aborted,
                    latency_ms,
                };
            }
            Transport::Timeout => (Err(FallbackReason::Timeout), Outcome::Timeout),
            Transport::Network => (Err(FallbackReason::Network), Outcome::Network),
            Transport::TooLarge => (Err(FallbackReason::TooLarge), Outcome::TooLarge),
            Transport::Reply {
                status,
                content_type,
                body,
            } => match validate::judge(
                ticket.endpoint,
                status,
                &content_type,
                &body,
                self.cfg.max_response_bytes,
            ) {
                Verdict::Answer(v) | Verdict::Refusal(v) => (Ok(v), Outcome::Ok),
                Verdict::ServerError => (Err(FallbackReason::Http5xx), Outcome::Http5xx),
                Verdict::TooLarge => (Err(FallbackReason::TooLarge), Outcome::TooLarge),
                Verdict::Invalid { http_4xx } => (
                    Err(FallbackReason::InvalidResponse),
                    if http_4xx {
                        Outcome::Http4xx
                    } else {
                        Outcome::Invalid
                    },
                ),
            },
        };
        self.breaker.record(ticket.admit, response.is_ok(), now);
        Settled {
            response,
            outcome,
            latency_ms,
        }
    }

    /// Records the outcome of a call whose body the caller judged itself
    /// (escalations): `reachable` when the server gave a usable answer.
    pub fn settle_raw(&mut self, ticket: Ticket, reachable: bool, now: f64) {
        self.breaker.record(ticket.admit, reachable, now);
    }
}
