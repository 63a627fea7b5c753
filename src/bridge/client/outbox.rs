//! The escalation outbox as the client drains it: stored first, sent once
//! with its idempotency key, `queued` when the server cannot be reached,
//! drained oldest first when it can.

use super::{judge_escalation, Client, Http, OfflineAssistant, TelemetrySink};
use crate::bridge::escalation::{self, EscalationResult, Queued, SendVerdict};
use crate::bridge::{Endpoint, Outcome, Plan};
use crate::json::Json;
use crate::platform::{Clock, KeyValueStore, Random};

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
    /// Sends one queued escalation (already stored). `None`: not attempted.
    async fn send_escalation(&self, item: &Queued) -> Option<SendVerdict> {
        if self.destroyed.get() || self.sending.borrow().contains(&item.key) {
            return None;
        }
        self.sending.borrow_mut().push(item.key.clone());
        let start = self.clock.now_ms();
        self.bridge.borrow_mut().set_online(self.http.online());
        let plan = self.bridge.borrow_mut().plan(Endpoint::Escalate, start);
        self.notify();
        let verdict = match plan {
            Plan::Fallback(_) => None,
            Plan::Server { ticket, url, .. } => {
                let _ = self.outbox.bump(&item.key, self.wall.now_ms());
                let t = self
                    .send(url, "POST", Some(item.wire_body()), Some(item.key.clone()))
                    .await;
                let (verdict, outcome) = judge_escalation(&t);
                if outcome != Outcome::Aborted {
                    let reachable = verdict != SendVerdict::Retry;
                    self.bridge
                        .borrow_mut()
                        .settle_raw(ticket, reachable, self.clock.now_ms());
                }
                self.notify();
                let source = if verdict == SendVerdict::Retry {
                    "fallback"
                } else {
                    "server"
                };
                self.record_call(
                    Endpoint::Escalate,
                    source,
                    outcome,
                    self.clock.now_ms() - start,
                );
                if verdict != SendVerdict::Retry {
                    let _ = self.outbox.remove(&item.key, self.wall.now_ms());
                }
                Some(verdict)
            }
        };
        self.sending.borrow_mut().retain(|k| *k != item.key);
        verdict
    }

    /// Sends waiting escalations, oldest first, stopping at the first that
    /// cannot be delivered. Returns how many were delivered.
    pub async fn flush(&self) -> u32 {
        if self.flushing.get() || !self.has_server() {
            return 0;
        }
        let items = self.outbox.load(self.wall.now_ms());
        if items.is_empty() {
            return 0;
        }
        self.flushing.set(true);
        let mut delivered = 0u32;
        for item in items {
            match self.send_escalation(&item).await {
                Some(SendVerdict::Retry) | None => {
                    if self.sending.borrow().contains(&item.key) {
                        continue; // an escalate() call is sending it right now
                    }
                    break;
                }
                Some(_) => delivered += 1,
            }
        }
        self.flushing.set(false);
        delivered
    }

    /// "Talk to a human": stored first (a closed tab cannot lose it), sent
    /// once with an idempotency key; `queued` when the server cannot be
    /// reached and it is saved, `error` when it cannot even be saved.
    pub async fn escalate(&self, req: &Json) -> EscalationResult {
        let body = match escalation::payload(req) {
            Ok(b) => b,
            Err(e) => return e,
        };
        if !self.has_server() {
            return EscalationResult::error(
                None,
                "not_configured",
                "There is no server to send this to (no apiBase is configured).",
            );
        }
        let key = escalation::new_key(&self.random);
        let item = Queued {
            key: key.clone(),
            body,
            at: self.wall.now_ms(),
            attempts: 0,
        };
        let stored = self.outbox.put(item.clone(), item.at).is_ok();
        match self.send_escalation(&item).await {
            Some(SendVerdict::Sent(ticket)) => EscalationResult::sent(&key, ticket),
            Some(SendVerdict::Refused { code, error }) => {
                EscalationResult::error(Some(&key), &code, &error)
            }
            _ if stored => EscalationResult::queued(&key),
            _ => EscalationResult::error(
                Some(&key),
                "storage_unavailable",
                "The server could not be reached and this browser cannot save the request; please try again later.",
            ),
        }
    }

    /// How many escalations are waiting.
    pub fn pending_escalations(&self) -> u32 {
        self.outbox.load(self.wall.now_ms()).len() as u32
    }
}
