//! Storage reconciliation for the telemetry core: writing the counts (as an
//! open batch under the id they will be sent with), reading what other tabs
//! sharing the key wrote, and compacting under `max_stored_bytes`. Storage
//! errors are counted, never raised.

use super::aggregate::Aggregate;
use super::batcher::{Open, Telemetry};
use super::store;
use crate::platform::{Clock, KeyValueStore, Random};

/// Open batches other instances stored: (id, counts).
pub(super) type StoredOpen = Vec<(String, Aggregate)>;

impl<C: Clock, S: KeyValueStore, R: Random> Telemetry<C, S, R> {
    /// Writes the counts to storage. They are kept as this instance's open
    /// batch: stored under an id, not sealed, so the page can keep adding to
    /// it until the flush interval ends. If another instance adopted that
    /// batch (a page that loaded and found it), it is that page's to send
    /// now, and this one starts a new open batch with what it counted since.
    /// A crash loses only what was counted since the last write (at most
    /// `persist_interval_ms` while counts change).
    pub fn persist(&mut self) {
        let stored_open = self.sync();
        let cur = std::mem::take(&mut self.current);
        let ours = self
            .open
            .as_ref()
            .is_some_and(|o| still_ours(o, &stored_open));
        match self.open.as_mut() {
            Some(o) if ours => o.saved.merge(&cur),
            _ => {
                self.open = None;
                if !cur.is_empty() {
                    self.open = Some(Open {
                        id: self.new_id(),
                        saved: cur,
                        written: false,
                    });
                }
            }
        }
        self.write(stored_open);
    }

    /// Moves this instance's open batch into `agg` (unless another instance
    /// adopted it), marking its id done so no other tab adopts it again.
    pub(super) fn take_open(&mut self, stored_open: &StoredOpen, agg: &mut Aggregate) {
        if let Some(o) = self.open.take() {
            if still_ours(&o, stored_open) {
                agg.merge(&o.saved);
                self.mark_done(o.id);
            }
        }
    }

    /// Reads storage and reconciles with it: batches another instance
    /// delivered or merged away are dropped here, batches it queued are
    /// adopted (same id: a duplicate send is deduped by the server), and a
    /// batch it started sending is marked tried. Returns the open batches
    /// stored (this instance's own among them, unless adopted elsewhere).
    pub(super) fn sync(&mut self) -> StoredOpen {
        let now = self.clock.now_ms();
        let theirs = store::load(self.store.get(&self.opts.storage_key).as_deref(), now);
        // Stored ids not already ours are older than ours: they go first, so
        // trimming to MAX_DONE drops the oldest and never an id just marked
        // (that would re-adopt a delivered batch from storage and resend it).
        // Plain loops here and in `write`: adapter chains instantiated their
        // own iterator types.
        let mut done: Vec<String> = Vec::new();
        for id in theirs.done {
            if !self.done.contains(&id) {
                done.push(id);
            }
        }
        done.append(&mut self.done);
        let excess = done.len().saturating_sub(store::MAX_DONE);
        done.drain(..excess);
        self.outbox.retain(|b| b.in_flight || !done.contains(&b.id));
        for b in theirs.outbox {
            if done.contains(&b.id) {
                continue;
            }
            match self.outbox.iter_mut().find(|o| o.id == b.id) {
                Some(o) => o.tried |= b.tried,
                None => self.outbox.push(b),
            }
        }
        self.done = done;
        // `theirs.current` is not adopted: this version never stores
        // unsealed counts there, and the constructor already took any.
        theirs.open
    }

    /// Writes the state (compacting it under `max_stored_bytes`), keeping
    /// the other instances' open batches as stored.
    pub(super) fn write(&mut self, stored_open: StoredOpen) {
        let now = self.clock.now_ms();
        let minute = self.minute();
        let own = self.open.as_ref().map(|o| o.id.clone());
        let mut others: StoredOpen = Vec::new();
        for (id, a) in stored_open {
            if Some(&id) != own.as_ref()
                && !self.done.contains(&id)
                && !self.outbox.iter().any(|b| b.id == id)
            {
                others.push((id, a));
            }
        }
        let save = |t: &Self| {
            let mut open: Vec<(&str, &Aggregate)> = Vec::new();
            for (id, a) in &others {
                open.push((id.as_str(), a));
            }
            if let Some(o) = &t.open {
                open.push((o.id.as_str(), &o.saved));
            }
            store::save(&open, &t.outbox, &t.done, minute)
        };
        let mut json = save(self);
        let mut rounds = 0;
        while json.len() > self.opts.max_stored_bytes && rounds < 64 {
            rounds += 1;
            self.compact(rounds, now);
            json = save(self);
        }
        if self.store.set(&self.opts.storage_key, &json).is_err() {
            self.stats.storage_errors += 1;
        } else if let Some(o) = self.open.as_mut() {
            o.written = true;
        }
        self.dirty = !self.current.is_empty();
        self.next_persist_at = now + self.opts.persist_interval_ms;
    }

    /// One compaction step; later rounds are harsher: (1) merge the open
    /// batch and the batches never sent, coarsening their minutes to the
    /// hour; (2) coarsen them, and the batches sent without an answer (each
    /// in place), to the hour and then (3) to the day; (4+) drop the
    /// smallest quarter of the merged rows (counted in `dropped`), and once
    /// none are left, evict the oldest batch sent without an answer,
    /// reported by id in `unconfirmed` (the server knows whether it holds
    /// it). A batch a send was ever started for keeps its id and is never
    /// merged: the server may hold it, and under a new id it would be
    /// counted twice (under its own id, a coarser copy is deduplicated).
    fn compact(&mut self, round: u32, now: f64) {
        let mut merged = std::mem::take(&mut self.current);
        if let Some(o) = self.open.take() {
            merged.merge(&o.saved);
            self.mark_done(o.id);
        }
        let mut keep = Vec::new();
        let mut attempts = 0;
        let mut gone = Vec::new();
        for b in std::mem::take(&mut self.outbox) {
            if b.in_flight || b.tried {
                keep.push(b);
            } else {
                attempts = attempts.max(b.attempts);
                gone.push(b.id);
                merged.merge(&b.agg);
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

/// Whether `o` is still this instance's: never written (storage cannot show
/// it yet), or still among the stored open batches (no one adopted it).
fn still_ours(o: &Open, stored_open: &StoredOpen) -> bool {
    !o.written || stored_open.iter().any(|(id, _)| *id == o.id)
}
