//! Server-or-fallback policy (pure, clock passed in): which origin may be
//! contacted ([`ApiBase`]), when to try the server ([`Bridge::plan`]), the
//! circuit breaker ([`breaker`]), how an HTTP answer is judged ([`validate`]),
//! the observable status, and the escalation outbox ([`escalation`]). The
//! network I/O is `web/js/http.js`; the wiring is `web::client`.

pub mod breaker;
pub mod client;
pub mod escalation;
pub mod validate;

mod body;
mod config;
mod endpoint;
mod policy;

pub use body::{mark_fallback, outcome_of, outgoing_body};
pub use config::{ApiBase, Config, ConfigError, ConfigErrorCode};
pub use endpoint::{Endpoint, FallbackReason, Outcome, Status};
pub use policy::{Bridge, Plan, Settled, Ticket, Transport};
