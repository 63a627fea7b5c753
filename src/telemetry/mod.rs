//! Privacy-safe telemetry: a closed event schema ([`schema`], data in
//! `events.json`), scrubbing ([`scrub`]), aggregation into per-minute counts
//! and latency histograms ([`aggregate`], [`histogram`]), the versioned wire
//! format ([`wire`]) and the batching/delivery policy ([`Telemetry`]). Pure
//! core: clock, storage and randomness are injected; the browser wiring is
//! `web::telemetry` and the I/O is `web/js/transport.js`.

pub mod aggregate;
pub mod delivery;
pub mod histogram;
pub mod otlp;
pub mod schema;
pub mod scrub;
pub mod store;
pub mod wire;

pub use aggregate::{Aggregate, Prop};
pub use scrub::Reason;

use crate::input;
use crate::platform::{Clock, KeyValueStore, Random};
use delivery::Verdict;
use serde::Serialize;
use serde_json::Value;

/// The keepalive in-flight limit browsers enforce (bytes of request bodies).
pub const KEEPALIVE_LIMIT: usize = 65_536;

/// Options, with defaults and the ranges values are clamped to.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// URL batches are POSTed to. Default `/api/telemetry/events`.
    pub endpoint: String,
    /// Timer flush period, ms. Default 30 000, range 1 000–3 600 000.
    pub flush_interval_ms: f64,
    /// Events since the last flush that trigger a flush. Default 500, 1–100 000.
    pub max_batch_events: u64,
    /// localStorage key. Default `levqor:telemetry`, 1–128 chars.
    pub storage_key: String,
    /// Largest request body, bytes. Default 60 000, 2 048–65 536.
    pub max_body_bytes: usize,
    /// Bound on the stored JSON, bytes. Default 131 072, 8 192–2 000 000.
    pub max_stored_bytes: usize,
    /// First retry delay, ms. Default 2 000, 100–600 000.
    pub backoff_base_ms: f64,
    /// Longest retry delay, ms. Default 300 000, 1 000–86 400 000.
    pub backoff_max_ms: f64,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            endpoint: "/api/telemetry/events".to_owned(),
            flush_interval_ms: 30_000.0,
            max_batch_events: 500,
            storage_key: "levqor:telemetry".to_owned(),
            max_body_bytes: 60_000,
            max_stored_bytes: 131_072,
            backoff_base_ms: 2_000.0,
            backoff_max_ms: 300_000.0,
        }
    }
}

impl Options {
    /// Reads options from whatever JS passed: unknown keys are ignored, wrong
    /// types fall back to the default, numbers are clamped to their range.
    pub fn from_json(v: &Value) -> Options {
        let d = Options::default();
        let num = |k: &str, def: f64, lo: f64, hi: f64| match input::number(v, k) {
            input::Field::Value(x) => x.clamp(lo, hi),
            _ => def,
        };
        let text = |k: &str, def: &str, max: usize| match input::opt_str(v, k) {
            Some(s) if !s.trim().is_empty() && s.len() <= max && !s.contains(char::is_control) => {
                s.to_owned()
            }
            _ => def.to_owned(),
        };
        let base = num("backoffBaseMs", d.backoff_base_ms, 100.0, 600_000.0);
        Options {
            endpoint: text("endpoint", &d.endpoint, 2048),
            flush_interval_ms: num("flushIntervalMs", d.flush_interval_ms, 1_000.0, 3_600_000.0),
            max_batch_events: num("maxBatchEvents", d.max_batch_events as f64, 1.0, 100_000.0)
                as u64,
            storage_key: text("storageKey", &d.storage_key, 128),
            max_body_bytes: num("maxBodyBytes", d.max_body_bytes as f64, 2_048.0, 65_536.0)
                as usize,
            max_stored_bytes: num(
                "maxStoredBytes",
                d.max_stored_bytes as f64,
                8_192.0,
                2_000_000.0,
            ) as usize,
            backoff_base_ms: base,
            backoff_max_ms: num("backoffMaxMs", d.backoff_max_ms, 1_000.0, 86_400_000.0).max(base),
        }
    }
}

/// The answer to `track`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TrackResult {
    /// Whether the event was counted.
    pub accepted: bool,
    /// Why not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
}

/// How a send is being made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendMode {
    /// Timer or size flush: batches whose backoff has expired.
    Due,
    /// Explicit `flush()`: every batch not in flight, ignoring backoff.
    Now,
    /// The page is being hidden: every batch not in flight, keepalive, at
    /// most [`KEEPALIVE_LIMIT`] bytes in total.
    PageHide,
}

/// One request for the transport to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// Batch id (pass it back to [`Telemetry::on_result`]).
    pub batch_id: String,
    /// JSON body.
    pub body: String,
    /// Use `fetch(…, {keepalive: true})` (falling back to `sendBeacon`).
    pub keepalive: bool,
}

/// Counters for `stats()`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Events accepted since construction.
    pub accepted: u64,
    /// Refusals since construction, per reason.
    pub refused: crate::small_map::SmallMap<&'static str, u64>,
    /// Batches confirmed delivered since construction.
    pub delivered_batches: u64,
    /// Send attempts that failed since construction.
    pub failed_attempts: u64,
    /// Batches waiting for delivery.
    pub queued_batches: usize,
    /// Events not yet delivered.
    pub pending: u64,
    /// Loss counters waiting to be reported.
    pub dropped: wire::Dropped,
    /// Failed writes to storage since construction.
    pub storage_errors: u64,
}

/// A sealed batch waiting for delivery.
#[derive(Debug, Clone)]
pub struct Sealed {
    /// Batch id.
    pub id: String,
    /// Content.
    pub agg: Aggregate,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not before this time (ms).
    pub next_at: f64,
    /// A send is outstanding.
    pub in_flight: bool,
    /// A send was ever started (the server may have it).
    pub tried: bool,
}

/// The telemetry core: validates, aggregates, batches, persists and decides
/// when to send and retry. The caller does the I/O with [`Outgoing`] and
/// reports back with [`Telemetry::on_result`].
pub struct Telemetry<C: Clock, S: KeyValueStore, R: Random> {
    opts: Options,
    clock: C,
    store: S,
    rng: R,
    current: Aggregate,
    outbox: Vec<Sealed>,
    online: bool,
    since_flush: u64,
    next_flush_at: f64,
    stats: Stats,
    /// Ids delivered, rejected or merged away, newest last (bounded).
    done: Vec<String>,
}

impl<C: Clock, S: KeyValueStore, R: Random> Telemetry<C, S, R> {
    /// A core reading (and thereafter owning) the state stored under
    /// `opts.storage_key`. Unreadable state is counted as corrupt and dropped.
    pub fn new(opts: Options, clock: C, store: S, rng: R) -> Self {
        let now = clock.now_ms();
        let mut t = Self {
            next_flush_at: now + opts.flush_interval_ms,
            opts,
            clock,
            store,
            rng,
            current: Aggregate::default(),
            outbox: Vec::new(),
            online: true,
            since_flush: 0,
            stats: Stats::default(),
            done: Vec::new(),
        };
        let loaded = store::load(t.store.get(&t.opts.storage_key).as_deref(), now);
        t.current = loaded.current;
        t.outbox = loaded.outbox;
        t.done = loaded.done;
        if !t.current.is_empty() {
            t.persist(); // give loaded counts (and corrupt-data counters) a batch id now
        }
        t
    }

    /// The options in force.
    pub fn options(&self) -> &Options {
        &self.opts
    }

    /// The current minute (minutes since the epoch).
    fn minute(&self) -> u32 {
        let ms = self.clock.now_ms();
        if ms.is_finite() && ms > 0.0 {
            (ms / 60_000.0).min(f64::from(u32::MAX)) as u32
        } else {
            0
        }
    }

    fn record(&mut self, r: Result<aggregate::Validated, Reason>) -> TrackResult {
        match r {
            Ok(v) => {
                let m = self.minute();
                self.current.add(v, m, 1);
                self.stats.accepted += 1;
                self.since_flush += 1;
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

    /// Tracks an event given as JSON (what JS passes). Never fails: refusals
    /// are counted per reason and answered.
    pub fn track(&mut self, event: &Value, props: &Value) -> TrackResult {
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

    /// Whether enough events arrived since the last flush to flush on size.
    pub fn wants_flush(&self) -> bool {
        self.since_flush >= self.opts.max_batch_events
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

    fn new_id(&self) -> String {
        format!("{:016x}{:016x}", self.rng.next_u64(), self.rng.next_u64())
    }

    /// Moves the current aggregate into the outbox as one or more batches,
    /// each under `max_body_bytes` once serialised.
    pub fn seal(&mut self) {
        self.since_flush = 0;
        self.next_flush_at = self.clock.now_ms() + self.opts.flush_interval_ms;
        if self.current.is_empty() {
            return;
        }
        let agg = std::mem::take(&mut self.current);
        let now = self.clock.now_ms();
        self.enqueue(agg, 0, now);
    }

    /// Appends `agg` to the outbox as batches under `max_body_bytes`.
    fn enqueue(&mut self, agg: Aggregate, attempts: u32, next_at: f64) {
        let minute = self.minute();
        let mut stack = vec![agg];
        while let Some(a) = stack.pop() {
            let id = self.new_id();
            let len =
                serde_json::to_string(&a.to_wire(&id, minute)).map_or(usize::MAX, |s| s.len());
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

    /// The requests to make now. Marks them in flight.
    pub fn take_sends(&mut self, mode: SendMode) -> Vec<Outgoing> {
        if !self.online {
            return Vec::new();
        }
        let now = self.clock.now_ms();
        let minute = self.minute();
        let mut budget = KEEPALIVE_LIMIT;
        let mut out = Vec::new();
        for b in &mut self.outbox {
            if b.in_flight || (mode == SendMode::Due && b.next_at > now) {
                continue;
            }
            let Ok(body) = serde_json::to_string(&b.agg.to_wire(&b.id, minute)) else {
                continue;
            };
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
        match delivery::verdict(status) {
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

    /// The next time [`Telemetry::tick`] has work: the timer flush or the
    /// earliest retry.
    pub fn next_wakeup(&self) -> f64 {
        if !self.online {
            return self.next_flush_at; // retries wait for the `online` event
        }
        self.outbox
            .iter()
            .filter(|b| !b.in_flight)
            .map(|b| b.next_at)
            .fold(self.next_flush_at, f64::min)
    }

    /// Timer work: seals on the flush interval or on size, persists, and
    /// returns the sends that are due.
    pub fn tick(&mut self) -> Vec<Outgoing> {
        if self.clock.now_ms() >= self.next_flush_at || self.wants_flush() {
            self.seal();
        }
        self.persist();
        self.take_sends(SendMode::Due)
    }

    /// An explicit flush: seals and sends everything not in flight.
    pub fn flush(&mut self) -> Vec<Outgoing> {
        self.seal();
        self.persist();
        self.take_sends(SendMode::Now)
    }

    /// The page is being hidden: seal, persist (so a reload finds it), and
    /// send with keepalive within the 64 KB budget. A batch stays stored
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
        self.outbox
            .iter()
            .map(|b| b.agg.events())
            .fold(self.current.events(), u64::saturating_add)
    }

    /// Counters.
    pub fn stats(&self) -> Stats {
        let mut s = self.stats.clone();
        s.queued_batches = self.outbox.len();
        s.pending = self.pending();
        let mut d = self.current.dropped;
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

    fn mark_done(&mut self, id: String) {
        if !self.done.contains(&id) {
            self.done.push(id);
        }
        let excess = self.done.len().saturating_sub(store::MAX_DONE);
        self.done.drain(..excess);
    }

    /// Writes the state to storage. Other tabs may share the key, so it first
    /// reads what is stored: batches another instance delivered or merged
    /// away are dropped here, batches it queued are adopted (same id: a
    /// duplicate send is deduped by the server). The current aggregate is
    /// sealed first, so the stored state holds only batches with ids. Then
    /// it compacts under `max_stored_bytes` (merging batches, coarsening
    /// time, then dropping the smallest rows — counted). Storage errors are
    /// counted, never raised.
    pub fn persist(&mut self) {
        let now = self.clock.now_ms();
        let minute = self.minute();
        let theirs = store::load(self.store.get(&self.opts.storage_key).as_deref(), now);
        // Stored ids not already ours are older than ours: they go first, so
        // trimming to MAX_DONE drops the oldest and never an id just marked
        // (that would re-adopt a delivered batch from storage and resend it).
        let mut done: Vec<String> = theirs
            .done
            .into_iter()
            .filter(|id| !self.done.contains(id))
            .collect();
        done.append(&mut self.done);
        let excess = done.len().saturating_sub(store::MAX_DONE);
        done.drain(..excess);
        self.outbox.retain(|b| b.in_flight || !done.contains(&b.id));
        for b in theirs.outbox {
            if !done.contains(&b.id) && !self.outbox.iter().any(|o| o.id == b.id) {
                self.outbox.push(b);
            }
        }
        self.done = done;
        // `theirs.current` is not adopted: this version never stores unsealed
        // counts, and the constructor already took any it found.
        if !self.current.is_empty() {
            let agg = std::mem::take(&mut self.current);
            self.enqueue(agg, 0, now);
        }
        let mut json = store::save(&self.current, &self.outbox, &self.done, minute);
        let mut rounds = 0;
        while json.len() > self.opts.max_stored_bytes && rounds < 64 {
            rounds += 1;
            self.compact(rounds, now);
            json = store::save(&self.current, &self.outbox, &self.done, minute);
        }
        if self.store.set(&self.opts.storage_key, &json).is_err() {
            self.stats.storage_errors += 1;
        }
    }

    /// One compaction step; later rounds are harsher: (1) merge the batches
    /// never sent, coarsening their minutes to the hour; (2) coarsen them,
    /// and the batches sent without an answer (each in place), to the hour
    /// and then (3) to the day; (4+) drop the smallest quarter of the merged
    /// rows (counted in `dropped`), and once none are left, evict the oldest
    /// batch sent without an answer, reported by id in `unconfirmed` (the
    /// server knows whether it holds it). A batch a send was ever started
    /// for keeps its id and is never merged: the server may hold it, and
    /// under a new id it would be counted twice (under its own id, a coarser
    /// copy is deduplicated).
    fn compact(&mut self, round: u32, now: f64) {
        let mut merged = std::mem::take(&mut self.current);
        let mut keep = Vec::new();
        let mut attempts = 0;
        let mut gone = Vec::new();
        for b in std::mem::take(&mut self.outbox) {
            if b.in_flight || b.tried {
                keep.push(b);
            } else {
                attempts = attempts.max(b.attempts);
                gone.push(b.id);
                merged.merge(b.agg);
            }
        }
        for id in gone {
            self.mark_done(id);
        }
        let step = if round <= 2 { 60 } else { 1440 };
        merged.coarsen_time(step);
        if round >= 2 {
            for b in keep.iter_mut().filter(|b| !b.in_flight) {
                b.agg.coarsen_time(step);
            }
        }
        if round >= 4 {
            if !merged.rows.is_empty() {
                let k = (merged.rows.len() / 4).max(1);
                merged.drop_smallest(k);
            } else if let Some(i) = keep.iter().position(|b| !b.in_flight) {
                let b = keep.remove(i);
                let lost = b.agg.events().saturating_add(b.agg.dropped.events);
                merged.add_unconfirmed(b.id.clone(), lost);
                for (id, n) in b.agg.unconfirmed {
                    merged.add_unconfirmed(id, n);
                }
                self.mark_done(b.id);
            }
        }
        self.outbox = keep;
        if !merged.is_empty() {
            self.enqueue(merged, attempts, now);
        }
    }
}
