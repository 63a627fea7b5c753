//! The telemetry core's batching and delivery policy ([`Telemetry`]): counts
//! events into the current aggregate, seals it into one batch per flush
//! interval (earlier only when it reaches the body limit), decides what to
//! send and what a send's outcome means. Storage reconciliation (persisting,
//! other tabs, the storage bound) is `persist.rs`.

use super::aggregate::{self, Aggregate, Prop};
use super::delivery::{self, Verdict};
use super::{Options, Outgoing, Reason, Sealed, SendMode, Stats, TrackResult, KEEPALIVE_LIMIT};
use crate::json::Json;
use crate::platform::{Clock, KeyValueStore, Random};

/// Fewest rows at which the size of the counted batch is first measured.
const FIRST_SIZE_CHECK: usize = 64;

/// Counts persisted under an id but not sealed yet (see `persist.rs`).
#[derive(Debug, Clone)]
pub(super) struct Open {
    /// The id the counts are stored, and will be sent, under.
    pub id: String,
    /// What storage holds under `id`.
    pub saved: Aggregate,
    /// Whether a write holding `id` succeeded (else storage cannot show it).
    pub written: bool,
}

/// The telemetry core: validates, aggregates, batches, persists and decides
/// when to send and retry. The caller does the I/O with [`Outgoing`] and
/// reports back with [`Telemetry::on_result`].
///
/// Requests are bounded by time, not by events: the counts are sealed into a
/// batch once per flush interval (plus page hide, an explicit flush, or a
/// batch reaching `max_body_bytes`), and while sends fail, batches never sent
/// wait and merge into one instead of each being tried.
pub struct Telemetry<C: Clock, S: KeyValueStore, R: Random> {
    pub(super) opts: Options,
    pub(super) clock: C,
    pub(super) store: S,
    pub(super) rng: R,
    /// Counted and not yet written to storage.
    pub(super) current: Aggregate,
    /// Written to storage and not yet sealed.
    pub(super) open: Option<Open>,
    pub(super) outbox: Vec<Sealed>,
    online: bool,
    /// The last send got no answer or a retryable one, and none succeeded
    /// since: only batches already tried are sent (probes); new ones wait.
    failing: bool,
    since_flush: u64,
    next_flush_at: f64,
    /// `current` holds counts storage lacks.
    pub(super) dirty: bool,
    pub(super) next_persist_at: f64,
    /// Rows (plus histograms) at which to measure the counted batch's size.
    next_size_check: usize,
    /// The counted batch reached `max_body_bytes`.
    full: bool,
    pub(super) stats: Stats,
    /// Ids delivered, rejected or merged away, newest last (bounded).
    pub(super) done: Vec<String>,
}

impl<C: Clock, S: KeyValueStore, R: Random> Telemetry<C, S, R> {
    /// A core reading (and thereafter owning) the state stored under
    /// `opts.storage_key`. Unreadable state is counted as corrupt and dropped.
    /// Open batches found there (counts another page persisted and did not
    /// seal, e.g. before it crashed) are adopted under their ids.
    pub fn new(opts: Options, clock: C, store: S, rng: R) -> Self {
        let now = clock.now_ms();
        let mut t = Self {
            next_flush_at: now + opts.flush_interval_ms,
            next_persist_at: now,
            opts,
            clock,
            store,
            rng,
            current: Aggregate::default(),
            open: None,
            outbox: Vec::new(),
            online: true,
            failing: false,
            since_flush: 0,
            dirty: false,
            next_size_check: FIRST_SIZE_CHECK,
            full: false,
            stats: Stats::default(),
            done: Vec::new(),
        };
        let loaded = super::store::load(t.store.get(&t.opts.storage_key).as_deref(), now);
        let adopted = !loaded.open.is_empty();
        t.current = loaded.current;
        t.outbox = loaded.outbox;
        t.done = loaded.done;
        t.failing = t.outbox.iter().any(|b| b.tried && b.attempts > 0);
        for (id, agg) in loaded.open {
            t.outbox.push(Sealed {
                id,
                agg,
                attempts: 0,
                next_at: now,
                in_flight: false,
                tried: false,
            });
        }
        if adopted || !t.current.is_empty() {
            t.dirty = true;
            t.persist(); // takes the adopted batches out of the open list
        }
        t
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The current minute (minutes since the epoch).
    pub(super) fn minute(&self) -> u32 {
        let ms = self.clock.now_ms();
        if ms.is_finite() && ms > 0.0 {
            (ms / 60_000.0).min(f64::from(u32::MAX)) as u32
        } else {
            0
        }
    }

    fn record(&mut self, r: Result<aggregate::Validated, Reason>) -> TrackResult {
        self.dirty = true;
        match r {
            Ok(v) => {
                let m = self.minute();
                self.current.add(v, m, 1);
                self.stats.accepted += 1;
                self.since_flush += 1;
                self.check_size();
                TrackResult {
                    accepted: true,
                    reason: None,
                }
            }
            Err(reason) => {
                self.current.refuse(reason);
                *self.stats.refused.entry_or_default(reason.as_str()) += 1;
                TrackResult {
                    accepted: false,
                    reason: Some(reason),
                }
            }
        }
    }

    /// Measures the counted batch once its row count reaches the next check
    /// point; sets `full` when it reaches `max_body_bytes`. Rows are created
    /// rarely (counts aggregate), so the measurements are few.
    fn check_size(&mut self) {
        let saved = self.open.as_ref().map_or(0, |o| o.saved.rows.len());
        let entries = self.current.rows.len() + self.current.latency.len() + saved;
        if entries < self.next_size_check {
            return;
        }
        let mut agg = Aggregate::default();
        if let Some(o) = &self.open {
            agg.merge(&o.saved);
        }
        agg.merge(&self.current);
        let len = agg.wire_json("", self.minute()).len();
        if len >= self.opts.max_body_bytes {
            self.full = true;
            return;
        }
        let per = (len / entries.max(1)).max(32);
        self.next_size_check = entries + ((self.opts.max_body_bytes - len) / (2 * per)).max(1);
    }

    /// Tracks an event given as JSON (what JS passes). Never fails: refusals
    /// are counted per reason and answered.
    pub fn track(&mut self, event: &Json, props: &Json) -> TrackResult {
        let r = aggregate::validate_json(event, props);
        self.record(r)
    }

    /// Tracks an event with typed props (for Rust callers such as the bridge).
    pub fn track_event<'a>(
        &mut self,
        event: &str,
        props: impl IntoIterator<Item = (&'a str, Prop<'a>)>,
    ) -> TrackResult {
        let r = aggregate::validate_props(event, props);
        self.record(r)
    }

    /// Records one `api_call` (endpoint, source, outcome, latency in ms).
    pub fn api_call(
        &mut self,
        endpoint: &str,
        source: &str,
        outcome: &str,
        latency_ms: Option<f64>,
    ) -> TrackResult {
        let mut props = vec![
            ("endpoint", Prop::Str(endpoint)),
            ("source", Prop::Str(source)),
            ("outcome", Prop::Str(outcome)),
        ];
        if let Some(ms) = latency_ms {
            props.push(("latency", Prop::Num(ms)));
        }
        self.track_event("api_call", props)
    }

    /// Whether the counted batch must be sealed before the flush interval
    /// ends: it reached `max_body_bytes`, or (only when `max_batch_events`
    /// is set) that many events arrived since the last seal.
    pub fn wants_flush(&self) -> bool {
        self.full
            || (self.opts.max_batch_events > 0 && self.since_flush >= self.opts.max_batch_events)
    }

    /// Whether counts are waiting to be written to storage (the next write
    /// is due at [`Telemetry::next_wakeup`]).
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// Tells the core whether the browser is online. Going online makes every
    /// waiting batch due now.
    pub fn set_online(&mut self, online: bool) {
        if online && !self.online {
            let now = self.clock.now_ms();
            for b in &mut self.outbox {
                b.next_at = b.next_at.min(now);
            }
        }
        self.online = online;
    }

    /// Whether the core believes the browser is online.
    pub fn is_online(&self) -> bool {
        self.online
    }

    /// Whether the last send failed and none succeeded since (new batches
    /// then wait; only batches already tried are retried).
    pub fn is_failing(&self) -> bool {
        self.failing
    }

    /// New batches wait only while a batch already tried is there to probe
    /// the server with (if compaction evicted it, nothing would be sent).
    fn gated(&self) -> bool {
        self.failing && self.outbox.iter().any(|b| b.tried)
    }

    pub(super) fn new_id(&self) -> String {
        crate::digits::hex_id(self.rng.next_u64(), self.rng.next_u64())
    }

    /// Whether `b` may be merged with other counts into a batch with a new
    /// id: it was never sent (the server cannot hold it) and is not a half
    /// of a 413 split (merging the halves back would be refused again).
    pub(super) fn mergeable(b: &Sealed) -> bool {
        !b.tried && !b.in_flight && b.attempts == 0
    }

    /// Seals the counts (persisted or not) into the outbox, merged with the
    /// batches never sent: one batch (split under `max_body_bytes` if need
    /// be) for the interval. Writes the result to storage.
    pub fn seal(&mut self) {
        let now = self.clock.now_ms();
        self.since_flush = 0;
        self.full = false;
        self.next_size_check = FIRST_SIZE_CHECK;
        self.next_flush_at = now + self.opts.flush_interval_ms;
        let nothing_new = self.current.is_empty() && self.open.is_none();
        let waiting = self.outbox.iter().filter(|b| Self::mergeable(b)).count();
        if nothing_new && waiting <= 1 {
            return;
        }
        let stored_open = self.sync();
        let mut agg = std::mem::take(&mut self.current);
        self.take_open(&stored_open, &mut agg);
        for b in std::mem::take(&mut self.outbox) {
            if Self::mergeable(&b) {
                self.mark_done(b.id);
                agg.merge(&b.agg);
            } else {
                self.outbox.push(b);
            }
        }
        if !agg.is_empty() {
            self.enqueue(agg, 0, now);
        }
        self.write(stored_open);
    }

    /// Appends `agg` to the outbox as batches under `max_body_bytes`.
    pub(super) fn enqueue(&mut self, agg: Aggregate, attempts: u32, next_at: f64) {
        let minute = self.minute();
        let mut stack = vec![agg];
        while let Some(a) = stack.pop() {
            let id = self.new_id();
            let len = a.wire_json(&id, minute).len();
            if len > self.opts.max_body_bytes && a.rows.len() > 1 {
                let (x, y) = a.split_half();
                stack.push(y);
                stack.push(x);
                continue;
            }
            self.outbox.push(Sealed {
                id,
                agg: a,
                attempts,
                next_at,
                in_flight: false,
                tried: false,
            });
        }
    }

    /// The requests to make now. Marks them in flight. While failing, only
    /// batches already tried are sent.
    pub fn take_sends(&mut self, mode: SendMode) -> Vec<Outgoing> {
        if !self.online {
            return Vec::new();
        }
        let now = self.clock.now_ms();
        let minute = self.minute();
        let gate = self.gated();
        let mut budget = KEEPALIVE_LIMIT;
        let mut out = Vec::new();
        for b in &mut self.outbox {
            if b.in_flight || (mode == SendMode::Due && b.next_at > now) || (gate && !b.tried) {
                continue;
            }
            let body = b.agg.wire_json(&b.id, minute);
            if mode == SendMode::PageHide {
                if body.len() > budget {
                    continue;
                }
                budget -= body.len();
            }
            b.in_flight = true;
            b.tried = true;
            out.push(Outgoing {
                batch_id: b.id.clone(),
                body,
                keepalive: mode == SendMode::PageHide,
            });
        }
        out
    }

    /// Reports the outcome of a send: `status` 0 for a network error or an
    /// unconfirmed beacon, `retry_after` the raw `Retry-After` header.
    pub fn on_result(&mut self, batch_id: &str, status: u16, retry_after: Option<&str>) {
        let Some(i) = self.outbox.iter().position(|b| b.id == batch_id) else {
            return;
        };
        let now = self.clock.now_ms();
        let verdict = delivery::verdict(status);
        if verdict != Verdict::Retry && self.failing {
            // The server answers again: what waited is due now.
            self.failing = false;
            for b in self.outbox.iter_mut().filter(|b| !b.tried) {
                b.next_at = b.next_at.min(now);
            }
        }
        match verdict {
            Verdict::Delivered => {
                let b = self.outbox.remove(i);
                self.mark_done(b.id);
                self.stats.delivered_batches += 1;
            }
            Verdict::Reject => {
                let b = self.outbox.remove(i);
                self.mark_done(b.id.clone());
                self.current.dropped.rejected += 1;
                self.current.dropped.events =
                    self.current.dropped.events.saturating_add(b.agg.events());
                self.stats.failed_attempts += 1;
            }
            Verdict::Split => {
                let b = self.outbox.remove(i);
                self.mark_done(b.id.clone());
                self.stats.failed_attempts += 1;
                if b.agg.rows.len() > 1 {
                    let (x, y) = b.agg.split_half();
                    self.enqueue(x, b.attempts + 1, now);
                    self.enqueue(y, b.attempts + 1, now);
                } else {
                    self.current.dropped.rejected += 1;
                    self.current.dropped.events =
                        self.current.dropped.events.saturating_add(b.agg.events());
                }
            }
            Verdict::Retry => {
                self.failing = true;
                self.stats.failed_attempts += 1;
                let unit = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
                let (base, max) = (self.opts.backoff_base_ms, self.opts.backoff_max_ms);
                if let Some(b) = self.outbox.get_mut(i) {
                    b.in_flight = false;
                    b.attempts = b.attempts.saturating_add(1);
                    let honour = matches!(status, 429 | 503);
                    let delay = match retry_after
                        .filter(|_| honour)
                        .and_then(|v| delivery::parse_retry_after(v, now))
                    {
                        Some(d) => d,
                        None => delivery::backoff_ms(b.attempts, base, max, unit),
                    };
                    b.next_at = now + delay;
                }
            }
        }
        self.persist();
    }

    /// The next time [`Telemetry::tick`] has work: the timer flush, the next
    /// write of changed counts, or the earliest retry.
    pub fn next_wakeup(&self) -> f64 {
        let mut at = self.next_flush_at;
        if self.dirty {
            at = at.min(self.next_persist_at);
        }
        if !self.online {
            return at; // retries wait for the `online` event
        }
        self.outbox
            .iter()
            .filter(|b| !b.in_flight && (b.tried || !self.gated()))
            .map(|b| b.next_at)
            .fold(at, f64::min)
    }

    /// Timer work: seals at the end of the flush interval (or when the batch
    /// is full), else writes changed counts when their write is due, and
    /// returns the sends that are due.
    pub fn tick(&mut self) -> Vec<Outgoing> {
        let now = self.clock.now_ms();
        if now >= self.next_flush_at || self.wants_flush() {
            self.seal();
        } else if self.dirty && now >= self.next_persist_at {
            self.persist();
        }
        self.take_sends(SendMode::Due)
    }

    /// An explicit flush: seals and sends everything not in flight (while
    /// failing, the batches already tried).
    pub fn flush(&mut self) -> Vec<Outgoing> {
        self.seal();
        let sends = self.take_sends(SendMode::Now);
        if !sends.is_empty() {
            self.persist(); // the `tried` marks
        }
        sends
    }

    /// The page is being hidden: seal, send with keepalive within the 64 KB
    /// budget, and persist (so a reload finds it). A batch stays stored
    /// until a 2xx confirms it, so a page that dies mid-send re-sends it on
    /// the next load (same id: the server dedupes).
    pub fn page_hide(&mut self) -> Vec<Outgoing> {
        self.seal();
        let sends = self.take_sends(SendMode::PageHide);
        self.persist();
        sends
    }

    /// Events not yet confirmed delivered.
    pub fn pending(&self) -> u64 {
        let open = self.open.as_ref().map_or(0, |o| o.saved.events());
        self.outbox.iter().map(|b| b.agg.events()).fold(
            self.current.events().saturating_add(open),
            u64::saturating_add,
        )
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        let mut s = self.stats.clone();
        s.queued_batches = self.outbox.len();
        s.pending = self.pending();
        let mut d = self.current.dropped;
        if let Some(o) = &self.open {
            d.add(&o.saved.dropped);
        }
        for b in &self.outbox {
            d.add(&b.agg.dropped);
        }
        s.dropped = d;
        s
    }

    /// The batches waiting for delivery (read-only).
    pub fn outbox(&self) -> &[Sealed] {
        &self.outbox
    }

    pub(super) fn mark_done(&mut self, id: String) {
        if !self.done.contains(&id) {
            self.done.push(id);
        }
        let excess = self.done.len().saturating_sub(super::store::MAX_DONE);
        self.done.drain(..excess);
    }
}
