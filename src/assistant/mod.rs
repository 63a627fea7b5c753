//! The offline assistant: the four endpoints that mirror the server's
//! `/api/ai/*` (chat, workflow, debug, onboarding), sharing one validation
//! step ([`validate`]) and one matching engine ([`crate::text`]).

pub mod validate;

pub use validate::{validate_query, AssistantError, ErrorCode, MAX_CHARS, MIN_CHARS};
