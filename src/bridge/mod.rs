//! Server-or-fallback policy (pure, clock passed in): which origin may be
//! contacted ([`ApiBase`]), when to try the server ([`Bridge::plan`]), the
//! circuit breaker ([`breaker`]), how an HTTP answer is judged ([`validate`]),
//! the observable status, and the escalation outbox ([`escalation`]). The
//! network I/O is `web/js/http.js`; the wiring is `web::client`.

pub mod breaker;
pub mod escalation;
pub mod validate;

use crate::input::{self, Field};
use breaker::{Admit, Breaker, BreakerConfig, State};
use serde::Serialize;
use serde_json::Value;
use validate::Verdict;

/// The server endpoints the bridge calls. Paths are fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `POST /api/ai/chat`
    Chat,
    /// `POST /api/ai/workflow`
    Workflow,
    /// `POST /api/ai/debug`
    Debug,
    /// `POST /api/ai/onboarding/next-step`
    Onboarding,
    /// `POST /api/support/escalate`
    Escalate,
    /// `GET /health`
    Health,
}

impl Endpoint {
    /// The path on the API origin.
    pub fn path(self) -> &'static str {
        match self {
            Endpoint::Chat => "/api/ai/chat",
            Endpoint::Workflow => "/api/ai/workflow",
            Endpoint::Debug => "/api/ai/debug",
            Endpoint::Onboarding => "/api/ai/onboarding/next-step",
            Endpoint::Escalate => "/api/support/escalate",
            Endpoint::Health => "/health",
        }
    }
    /// The `endpoint` value of `api_call` telemetry.
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Chat => "chat",
            Endpoint::Workflow => "workflow",
            Endpoint::Debug => "debug",
            Endpoint::Onboarding => "onboarding",
            Endpoint::Escalate => "escalate",
            Endpoint::Health => "health",
        }
    }
    /// The request's text field (`debug` takes `error`), if it has one.
    pub fn text_field(self) -> Option<&'static str> {
        match self {
            Endpoint::Chat | Endpoint::Workflow => Some("query"),
            Endpoint::Debug => Some("error"),
            _ => None,
        }
    }
}

/// Why an answer came from the wasm instead of the server (`meta.fallbackReason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FallbackReason {
    /// The server did not answer within `timeoutMs`.
    Timeout,
    /// The request failed (DNS, refused, reset, CORS, redirect).
    Network,
    /// HTTP 5xx.
    Http5xx,
    /// HTML, not JSON, the wrong shape, or an unexpected status.
    InvalidResponse,
    /// Larger than `maxResponseBytes`.
    TooLarge,
    /// The circuit breaker is open (or another call is probing).
    BreakerOpen,
    /// `navigator.onLine` is false.
    Offline,
    /// No usable `apiBase` was configured.
    NotConfigured,
}

impl FallbackReason {
    /// The serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            FallbackReason::Timeout => "timeout",
            FallbackReason::Network => "network",
            FallbackReason::Http5xx => "http_5xx",
            FallbackReason::InvalidResponse => "invalid_response",
            FallbackReason::TooLarge => "too_large",
            FallbackReason::BreakerOpen => "breaker_open",
            FallbackReason::Offline => "offline",
            FallbackReason::NotConfigured => "not_configured",
        }
    }
}

/// What the UI shows as a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The server is believed reachable and the last call succeeded.
    Online,
    /// Recent calls failed (below the threshold), or a probe is out.
    Degraded,
    /// Answers come from the wasm: browser offline, breaker open, or no server.
    Offline,
}

impl Status {
    /// The serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Online => "online",
            Status::Degraded => "degraded",
            Status::Offline => "offline",
        }
    }
}

/// The `outcome` of `api_call` telemetry (the closed set in telemetry's `events.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A valid answer (or a valid refusal) from the server.
    Ok,
    /// See [`FallbackReason::Timeout`].
    Timeout,
    /// See [`FallbackReason::Network`].
    Network,
    /// A 4xx without a valid error body.
    Http4xx,
    /// HTTP 5xx.
    Http5xx,
    /// Not HTML-free JSON of the right shape.
    Invalid,
    /// Over the size cap.
    TooLarge,
    /// Browser offline, or no server configured.
    Offline,
    /// Skipped by the breaker.
    CircuitOpen,
    /// Cancelled by `destroy()`.
    Aborted,
}

impl Outcome {
    /// The telemetry value.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Timeout => "timeout",
            Outcome::Network => "network",
            Outcome::Http4xx => "http_4xx",
            Outcome::Http5xx => "http_5xx",
            Outcome::Invalid => "invalid",
            Outcome::TooLarge => "too_large",
            Outcome::Offline => "offline",
            Outcome::CircuitOpen => "circuit_open",
            Outcome::Aborted => "aborted",
        }
    }
    fn of(reason: FallbackReason) -> Outcome {
        match reason {
            FallbackReason::Timeout => Outcome::Timeout,
            FallbackReason::Network => Outcome::Network,
            FallbackReason::Http5xx => Outcome::Http5xx,
            FallbackReason::InvalidResponse => Outcome::Invalid,
            FallbackReason::TooLarge => Outcome::TooLarge,
            FallbackReason::BreakerOpen => Outcome::CircuitOpen,
            FallbackReason::Offline | FallbackReason::NotConfigured => Outcome::Offline,
        }
    }
}

/// A configuration error (`LevqorClient.configError`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    /// Always `false`.
    pub success: bool,
    /// A sentence a developer can read.
    pub error: String,
    /// `invalid_api_base`.
    pub code: &'static str,
}

impl ConfigError {
    fn api_base(why: &str) -> Self {
        Self {
            success: false,
            error: format!("apiBase {why}: use https://…, or http://localhost / http://127.0.0.1 for development."),
            code: "invalid_api_base",
        }
    }
}

/// The one origin (plus an optional path prefix) the bridge may contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    origin: String,
    prefix: String,
}

impl ApiBase {
    /// Parses `apiBase`: `https://host[:port][/prefix]`, or `http://` for
    /// `localhost`, `127.0.0.1` and `[::1]` only. No user info, query,
    /// fragment, backslash, `..` segment, whitespace or control character.
    pub fn parse(raw: &str) -> Result<ApiBase, ConfigError> {
        let s = raw.trim();
        if s.len() > 2048 {
            return Err(ConfigError::api_base("is too long"));
        }
        if s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '\\' | '?' | '#' | '@'))
        {
            return Err(ConfigError::api_base(
                "contains a character a base URL cannot have",
            ));
        }
        let lower = s.to_ascii_lowercase();
        let (secure, rest) = if let Some(r) = lower.strip_prefix("https://") {
            (true, r)
        } else if let Some(r) = lower.strip_prefix("http://") {
            (false, r)
        } else {
            return Err(ConfigError::api_base("must start with https://"));
        };
        let rest_orig = &s[s.len() - rest.len()..];
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest_orig[i..]),
            None => (rest, ""),
        };
        let (host, port) = if let Some(after) = authority.strip_prefix('[') {
            let end = after
                .find(']')
                .ok_or_else(|| ConfigError::api_base("has a malformed host"))?;
            (&authority[..end + 2], &after[end + 1..])
        } else {
            match authority.rfind(':') {
                Some(i) => (&authority[..i], &authority[i..]),
                None => (authority, ""),
            }
        };
        let host_ok = !host.is_empty()
            && (host.starts_with('[')
                || host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.'));
        if !host_ok {
            return Err(ConfigError::api_base("has a malformed host"));
        }
        if !port.is_empty() {
            let digits = &port[1..];
            let ok = port.starts_with(':')
                && !digits.is_empty()
                && digits.len() <= 5
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits
                    .parse::<u32>()
                    .is_ok_and(|p| (1..=65_535).contains(&p));
            if !ok {
                return Err(ConfigError::api_base("has a malformed port"));
            }
        }
        if !secure && !matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            return Err(ConfigError::api_base(
                "uses plain http:// for a host other than localhost",
            ));
        }
        let path = path.trim_end_matches('/');
        let path_ok = path.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~' | b'%')
        }) && !path.split('/').any(|seg| seg == "..");
        if !path_ok {
            return Err(ConfigError::api_base("has a path a base URL cannot have"));
        }
        Ok(ApiBase {
            origin: format!("{}://{}", if secure { "https" } else { "http" }, authority),
            prefix: path.to_owned(),
        })
    }

    /// `scheme://host[:port]`, lower-cased.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The full URL of `endpoint`.
    pub fn url(&self, endpoint: Endpoint) -> String {
        format!("{}{}{}", self.origin, self.prefix, endpoint.path())
    }
}

/// Client options, with defaults and ranges (values are clamped).
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Where the server is; `None` answers every call from the wasm.
    pub api_base: Option<ApiBase>,
    /// Per-request timeout, ms. Default 15 000, range 100–120 000.
    pub timeout_ms: f64,
    /// Largest response body accepted, bytes. Default 262 144, range 1 024–4 194 304.
    pub max_response_bytes: usize,
    /// Breaker settings (`failureThreshold` default 3 in 1–100; `cooldownMs`
    /// default 30 000 in 0–3 600 000).
    pub breaker: BreakerConfig,
    /// Probe `GET /health` when the cool-down ends (instead of waiting for
    /// the next real call). Default true.
    pub health_probe: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: None,
            timeout_ms: 15_000.0,
            max_response_bytes: 262_144,
            breaker: BreakerConfig::default(),
            health_probe: true,
        }
    }
}

impl Config {
    /// Reads options from whatever JS passed. Numbers of the wrong type fall
    /// back to their default and are clamped to their range; an unusable
    /// `apiBase` is reported (the client then runs on the wasm alone).
    pub fn from_json(v: &Value) -> (Config, Option<ConfigError>) {
        let d = Config::default();
        let num = |k: &str, def: f64, lo: f64, hi: f64| match input::number(v, k) {
            Field::Value(x) => x.clamp(lo, hi),
            _ => def,
        };
        let (api_base, error) = match input::string(v, "apiBase") {
            Field::Missing => (None, None),
            Field::Value(s) if s.trim().is_empty() => (None, None),
            Field::Value(s) => match ApiBase::parse(s) {
                Ok(b) => (Some(b), None),
                Err(e) => (None, Some(e)),
            },
            _ => (None, Some(ConfigError::api_base("must be a string"))),
        };
        let timeout_ms = num("timeoutMs", d.timeout_ms, 100.0, 120_000.0);
        let cfg = Config {
            api_base,
            timeout_ms,
            max_response_bytes: num(
                "maxResponseBytes",
                d.max_response_bytes as f64,
                1_024.0,
                4_194_304.0,
            ) as usize,
            breaker: BreakerConfig {
                failure_threshold: num("failureThreshold", 3.0, 1.0, 100.0) as u32,
                cooldown_ms: num("cooldownMs", 30_000.0, 0.0, 3_600_000.0),
                probe_timeout_ms: timeout_ms + 1_000.0,
            },
            health_probe: input::get(v, "healthProbe")
                .and_then(Value::as_bool)
                .unwrap_or(true),
        };
        (cfg, error)
    }
}

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
    pub response: Result<Value, FallbackReason>,
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

/// Outcome telemetry for a call that never reached the network.
pub fn outcome_of(reason: FallbackReason) -> Outcome {
    Outcome::of(reason)
}

/// Marks a wasm answer as a fallback: `meta.source = "fallback"` and
/// `meta.fallbackReason`. Error objects (no `meta`) are left as they are.
pub fn mark_fallback(answer: &mut Value, reason: FallbackReason) {
    if let Some(meta) = answer.get_mut("meta").and_then(Value::as_object_mut) {
        meta.insert("source".into(), "fallback".into());
        meta.insert("fallbackReason".into(), reason.as_str().into());
    }
}

/// The request body sent to the server: the endpoint's known fields only
/// (`query`/`error`, `completed`, `conversationId`, and `context.page`,
/// `tier`, `locale` as strings) — never the rest of what the caller passed.
pub fn outgoing_body(endpoint: Endpoint, request: &Value) -> Value {
    let mut out = serde_json::Map::new();
    if let Some(field) = endpoint.text_field() {
        if let Some(s) = input::opt_str(request, field) {
            out.insert(field.into(), s.into());
        }
    }
    if endpoint == Endpoint::Onboarding {
        if let Field::Value(items) = input::string_list(request, "completed") {
            let items: Vec<Value> = items
                .into_iter()
                .filter(|s| s.len() <= 64)
                .take(64)
                .map(Value::from)
                .collect();
            out.insert("completed".into(), Value::Array(items));
        }
    }
    if endpoint == Endpoint::Chat {
        if let Some(id) = input::opt_str(request, "conversationId").filter(|s| s.len() <= 200) {
            out.insert("conversationId".into(), id.into());
        }
    }
    let ctx = input::object(request, "context");
    let mut c = serde_json::Map::new();
    for key in ["page", "tier", "locale"] {
        if let Some(Value::String(s)) = ctx.get(key) {
            if s.len() <= 512 {
                c.insert(key.into(), s.clone().into());
            }
        }
    }
    if !c.is_empty() {
        out.insert("context".into(), Value::Object(c));
    }
    Value::Object(out)
}
