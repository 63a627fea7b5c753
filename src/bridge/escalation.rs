//! Escalations ("talk to a human"): the request payload, the idempotency key,
//! and the outbox in `localStorage` that keeps an escalation the server could
//! not be reached for until it can be sent, exactly once as far as the client
//! can tell (the server dedupes on the key).

use super::validate::{escalation_ticket, refusal};
use crate::input;
use crate::json::{Json, Map};
use crate::json_write::{Obj, ToJson};
use crate::platform::{KeyValueStore, Random, StorageError};

/// The `localStorage` key of the outbox.
pub const STORAGE_KEY: &str = "levqor:escalations";
/// Most escalations kept waiting; the oldest beyond are dropped.
pub const MAX_QUEUED: usize = 20;
/// Waiting escalations older than this (ms) are dropped: a week-old "talk to
/// a human" is better re-asked than delivered out of the blue.
pub const MAX_AGE_MS: f64 = 7.0 * 24.0 * 3_600_000.0;
/// Most transcript lines sent, and most characters per line.
pub const MAX_MESSAGES: usize = 20;
/// See [`MAX_MESSAGES`].
pub const MAX_MESSAGE_CHARS: usize = 2_000;

/// Whether the escalation reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum EscalationStatus {
    /// The server accepted it.
    Sent,
    /// Saved on this device; sent when the server is reachable again.
    Queued,
    /// Refused (bad request, or nowhere to send it).
    Error,
}

/// What `escalate()` resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct EscalationResult {
    /// `sent`, `queued` or `error`.
    pub status: EscalationStatus,
    /// The key the server dedupes on (absent for input errors).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub idempotency_key: Option<String>,
    /// The server's ticket id, when sent and given.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub ticket_id: Option<String>,
    /// For `error`: a sentence.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub error: Option<String>,
    /// For `error`: a machine code (`invalid_request`, `not_configured`,
    /// `storage_unavailable`, or the server's code).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub code: Option<String>,
}

impl EscalationResult {
    /// A `sent` result.
    pub fn sent(key: &str, ticket: String) -> Self {
        Self {
            status: EscalationStatus::Sent,
            idempotency_key: Some(key.to_owned()),
            ticket_id: (!ticket.is_empty()).then_some(ticket),
            error: None,
            code: None,
        }
    }
    /// A `queued` result.
    pub fn queued(key: &str) -> Self {
        Self {
            status: EscalationStatus::Queued,
            idempotency_key: Some(key.to_owned()),
            ticket_id: None,
            error: None,
            code: None,
        }
    }
    /// An `error` result.
    pub fn error(key: Option<&str>, code: &str, error: &str) -> Self {
        Self {
            status: EscalationStatus::Error,
            idempotency_key: key.map(str::to_owned),
            ticket_id: None,
            error: Some(error.to_owned()),
            code: Some(code.to_owned()),
        }
    }
}

// Written by hand, byte for byte what the derives write (the tests check
// it): serde's serialiser stays out of the core's wasm.

impl ToJson for EscalationResult {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        o.str(
            "status",
            match self.status {
                EscalationStatus::Sent => "sent",
                EscalationStatus::Queued => "queued",
                EscalationStatus::Error => "error",
            },
        );
        for (k, v) in [
            ("idempotencyKey", &self.idempotency_key),
            ("ticketId", &self.ticket_id),
            ("error", &self.error),
            ("code", &self.code),
        ] {
            if let Some(v) = v {
                o.str(k, v);
            }
        }
        o.end();
    }
}

impl ToJson for Queued {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("key", &self.key)
            .field("body", &self.body)
            .float("at", self.at)
            .uint("attempts", u64::from(self.attempts))
            .end();
    }
}

/// Builds the payload from what the caller passed: `conversationId`,
/// `topic`, `page` (short strings), `messages` (the last [`MAX_MESSAGES`]
/// strings, each cut to [`MAX_MESSAGE_CHARS`]), `message` and `email`
/// (optional). Needs at least one non-empty message.
pub fn payload(request: &Json) -> Result<Json, EscalationResult> {
    if !request.is_object() {
        return Err(EscalationResult::error(
            None,
            "invalid_request",
            "escalate() takes an object such as { messages: [\"…\"] }.",
        ));
    }
    let cut = |s: &str| s.chars().take(MAX_MESSAGE_CHARS).collect::<String>();
    let mut out = Map::new();
    for (key, max) in [
        ("conversationId", 200),
        ("topic", 64),
        ("page", 512),
        ("email", 254),
    ] {
        if let Some(s) = input::opt_str(request, key).filter(|s| s.len() <= max && !s.is_empty()) {
            out.insert(key.into(), s.into());
        }
    }
    // Plain loops here and below: adapter chains instantiated their own
    // iterator types.
    let mut messages: Vec<Json> = Vec::new();
    if let input::Field::Value(items) = input::string_list(request, "messages") {
        for s in items {
            if !s.trim().is_empty() {
                messages.push(cut(s).into());
            }
        }
    }
    if let Some(m) = input::opt_str(request, "message").filter(|s| !s.trim().is_empty()) {
        messages.push(cut(m).into());
    }
    if messages.is_empty() {
        return Err(EscalationResult::error(
            None,
            "invalid_request",
            "Say what you need help with: `messages` needs at least one line of text.",
        ));
    }
    let skip = messages.len().saturating_sub(MAX_MESSAGES);
    messages.drain(..skip);
    out.insert("messages".into(), Json::Array(messages));
    Ok(Json::Object(out))
}

/// A fresh idempotency key: 32 hex digits.
pub fn new_key(rng: &impl Random) -> String {
    crate::digits::hex_id(rng.next_u64(), rng.next_u64())
}

/// One waiting escalation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Queued {
    /// Idempotency key (also sent as the `Idempotency-Key` header and the
    /// `idempotencyKey` field).
    pub key: String,
    /// The payload.
    pub body: Json,
    /// When it was queued (ms, coarse: used only for expiry).
    pub at: f64,
    /// Send attempts so far.
    pub attempts: u32,
}

impl Queued {
    /// Reads one stored entry (as written by `Serialize`), or `None`.
    fn from_json(v: &Json) -> Option<Queued> {
        Some(Queued {
            key: v
                .get("key")?
                .as_str()
                .filter(|k| !k.is_empty() && k.len() <= 64)?
                .to_owned(),
            body: v.get("body").filter(|b| b.is_object())?.clone(),
            at: v.get("at")?.as_f64()?,
            attempts: v
                .get("attempts")
                .and_then(Json::as_u64)
                .unwrap_or(0)
                .min(u64::from(u32::MAX)) as u32,
        })
    }

    /// The JSON body sent to the server.
    pub fn wire_body(&self) -> String {
        let mut b = self.body.clone();
        if let Some(o) = b.as_object_mut() {
            o.insert("idempotencyKey".into(), self.key.clone().into());
        }
        b.to_json()
    }
}

/// How one send attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum SendVerdict {
    /// Accepted (ticket id, possibly empty): remove from the outbox.
    Sent(String),
    /// Refused with a valid error body (4xx): remove, tell the caller.
    Refused {
        /// The server's code.
        code: String,
        /// The server's sentence.
        error: String,
    },
    /// No usable answer (timeout, network, 5xx, 429, junk): keep and retry
    /// later with the same key.
    Retry,
}

/// Judges the HTTP answer to an escalation.
pub fn judge_send(status: u16, content_type: &str, body: &str) -> SendVerdict {
    let html = crate::substr::contains(&content_type.to_ascii_lowercase(), "html")
        || body.trim_start().starts_with('<');
    let json = if html { None } else { crate::json::parse(body) };
    match (status, json) {
        (200..=299, Some(v)) => match escalation_ticket(&v) {
            Some(t) => SendVerdict::Sent(t),
            None => SendVerdict::Retry,
        },
        // A duplicate the server already has is delivered.
        (409, _) => SendVerdict::Sent(String::new()),
        (400..=499, Some(v)) if status != 408 && status != 429 => match refusal(&v) {
            Some(r) => SendVerdict::Refused {
                code: r
                    .get("code")
                    .and_then(Json::as_str)
                    .unwrap_or("invalid_request")
                    .to_owned(),
                error: r
                    .get("error")
                    .and_then(Json::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            },
            None => SendVerdict::Retry,
        },
        _ => SendVerdict::Retry,
    }
}

/// The outbox in a [`KeyValueStore`].
#[derive(Debug)]
pub struct Outbox<S: KeyValueStore> {
    store: S,
}

impl<S: KeyValueStore> Outbox<S> {
    /// The outbox kept in `store` under [`STORAGE_KEY`].
    pub fn new(store: S) -> Self {
        Self { store }
    }

    /// Every waiting escalation younger than [`MAX_AGE_MS`] at `now`, oldest
    /// first. Unreadable storage reads as empty.
    pub fn load(&self, now: f64) -> Vec<Queued> {
        let Some(Json::Array(items)) = self
            .store
            .get(STORAGE_KEY)
            .and_then(|s| crate::json::parse(&s))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for q in items.iter().filter_map(Queued::from_json) {
            if now - q.at <= MAX_AGE_MS {
                out.push(q);
            }
        }
        out
    }

    fn save(&self, items: &[Queued]) -> Result<(), StorageError> {
        if items.is_empty() {
            return self.store.remove(STORAGE_KEY);
        }
        self.store.set(STORAGE_KEY, &items.to_json())
    }

    /// Adds (or replaces, by key) an escalation. Keeps the newest
    /// [`MAX_QUEUED`].
    pub fn put(&self, item: Queued, now: f64) -> Result<(), StorageError> {
        let mut items = self.load(now);
        items.retain(|q| q.key != item.key);
        items.push(item);
        let skip = items.len().saturating_sub(MAX_QUEUED);
        self.save(&items[skip..])
    }

    /// Removes the escalation with `key`.
    pub fn remove(&self, key: &str, now: f64) -> Result<(), StorageError> {
        let mut items = self.load(now);
        let before = items.len();
        items.retain(|q| q.key != key);
        if items.len() == before {
            return Ok(());
        }
        self.save(&items)
    }

    /// Counts an attempt for `key`.
    pub fn bump(&self, key: &str, now: f64) -> Result<(), StorageError> {
        let mut items = self.load(now);
        for q in &mut items {
            if q.key == key {
                q.attempts = q.attempts.saturating_add(1);
            }
        }
        self.save(&items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;
    use crate::platform::{MemoryStore, SeqRandom};

    #[test]
    fn payload_keeps_known_fields_and_needs_text() {
        let p = payload(
            &json!({"messages": ["hi there", 3, "  "], "topic": "billing", "secret": "x",
            "page": "/pricing"}),
        )
        .unwrap();
        assert_eq!(
            p,
            json!({"messages": ["hi there"], "topic": "billing", "page": "/pricing"})
        );
        for bad in [
            json!(null),
            json!("help"),
            json!({}),
            json!({"messages": ["  "]}),
        ] {
            let e = payload(&bad).unwrap_err();
            assert_eq!(e.status, EscalationStatus::Error);
            assert_eq!(e.code.as_deref(), Some("invalid_request"));
        }
        let many: Vec<String> = (0..30).map(|i| format!("line {i}")).collect();
        let p = payload(&json!({ "messages": many, "message": "x".repeat(5000) })).unwrap();
        let m = p["messages"].as_array().unwrap();
        assert_eq!(m.len(), MAX_MESSAGES);
        assert_eq!(
            m[MAX_MESSAGES - 1].as_str().unwrap().len(),
            MAX_MESSAGE_CHARS
        );
    }

    #[test]
    fn results_and_stored_entries_are_written_as_the_derives_write_them() {
        for r in [
            EscalationResult::sent("k1", "T-1".into()),
            EscalationResult::sent("k1", String::new()),
            EscalationResult::queued("k2"),
            EscalationResult::error(None, "invalid_request", "Bad \"input\"."),
            EscalationResult::error(Some("k3"), "x", "y"),
        ] {
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap());
        }
        let items = vec![
            Queued {
                key: "k".into(),
                body: json!({"messages": ["m\n", "é"], "topic": "billing", "n": 1.5}),
                at: 1_733_000_123_456.789,
                attempts: 2,
            },
            Queued {
                key: "j".into(),
                body: json!({}),
                at: 0.0,
                attempts: 0,
            },
        ];
        assert_eq!(items.to_json(), serde_json::to_string(&items).unwrap());
        assert_eq!(items[0].wire_body(), {
            let mut b = items[0].body.clone();
            b["idempotencyKey"] = json!("k");
            serde_json::to_string(&b).unwrap()
        });
    }

    #[test]
    fn keys_are_distinct_hex() {
        let r = SeqRandom::new(7);
        let (a, b) = (new_key(&r), new_key(&r));
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
    }

    #[test]
    fn outbox_survives_reload_bounds_and_expires() {
        let store = MemoryStore::new();
        let o = Outbox::new(&store);
        for i in 0..(MAX_QUEUED + 3) {
            let q = Queued {
                key: format!("k{i}"),
                body: json!({"messages": ["m"]}),
                at: 0.0,
                attempts: 0,
            };
            o.put(q, 0.0).unwrap();
        }
        let again = Outbox::new(&store); // a reload
        let items = again.load(1.0);
        assert_eq!(items.len(), MAX_QUEUED);
        assert_eq!(items[0].key, "k3", "oldest dropped");
        again.bump("k3", 1.0).unwrap();
        assert_eq!(again.load(1.0)[0].attempts, 1);
        again.remove("k3", 1.0).unwrap();
        assert_eq!(again.load(1.0).len(), MAX_QUEUED - 1);
        assert!(again.load(MAX_AGE_MS + 1.0).is_empty());
        store.set(STORAGE_KEY, "not json").unwrap();
        assert!(again.load(0.0).is_empty());
    }

    #[test]
    fn send_verdicts() {
        assert_eq!(
            judge_send(
                201,
                "application/json",
                r#"{"success":true,"ticketId":"T-1"}"#
            ),
            SendVerdict::Sent("T-1".into())
        );
        assert_eq!(judge_send(409, "", ""), SendVerdict::Sent(String::new()));
        assert_eq!(
            judge_send(
                422,
                "",
                r#"{"success":false,"error":"No text.","code":"invalid_request"}"#
            ),
            SendVerdict::Refused {
                code: "invalid_request".into(),
                error: "No text.".into()
            }
        );
        for (s, ct, b) in [
            (500, "", "{}"),
            (503, "text/html", "<html>"),
            (200, "text/html", "<html>"),
            (200, "", "{\"success\":"),
            (
                429,
                "",
                r#"{"success":false,"error":"Slow down.","code":"rate_limited"}"#,
            ),
            (0, "", ""),
        ] {
            assert_eq!(judge_send(s, ct, b), SendVerdict::Retry, "{s} {b}");
        }
    }

    #[test]
    fn wire_body_carries_the_key() {
        let q = Queued {
            key: "abc".into(),
            body: json!({"messages": ["m"]}),
            at: 0.0,
            attempts: 0,
        };
        let v = crate::json::parse(&q.wire_body()).unwrap();
        assert_eq!(v["idempotencyKey"], "abc");
    }
}
