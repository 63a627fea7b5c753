//! Native delivery scenarios of the telemetry core against a simulated
//! server that records every request before it dedupes: the e2e soak's
//! phases (outages, offline periods, reloads, lost answers) with nothing
//! dropped or counted twice; requests bounded by time in a burst; a crash
//! losing only the counts since the last write; and a storage bound small
//! enough to drop, where every loss is accounted for exactly.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::json;
use levqor_wasm::platform::{Clock, KeyValueStore, ManualClock, MemoryStore, SeqRandom};
use levqor_wasm::telemetry::{Options, Outgoing, Telemetry};
use serde_json::Value;
use std::collections::HashMap;

const T0: f64 = 1_763_800_000_000.0;
/// 4 s before a minute starts: the soak's outages span two minutes, as the
/// browser soak's do (rows are per minute, so batches are larger).
const T_SOAK: f64 = 1_763_800_016_000.0;
const KEY: &str = "levqor:telemetry";

type Core<'a> = Telemetry<&'a ManualClock, &'a MemoryStore, SeqRandom>;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Mode {
    Healthy,
    /// Connections closed: no answer, nothing kept.
    Down,
    /// HTTP 500, nothing kept.
    Failing,
    /// Kept, but the answer is lost.
    LoseAck,
}

/// Records every request it receives (`requests`), then dedupes by batch id.
#[derive(Default)]
struct Server {
    /// Largest stored state seen (bytes).
    peak_stored: usize,
    requests: Vec<Value>,
    kept: HashMap<String, Value>,
}

impl Server {
    fn handle(&mut self, mode: Mode, o: &Outgoing) -> u16 {
        let body: Value = serde_json::from_str(&o.body).expect("JSON body");
        assert_eq!(body["batchId"].as_str(), Some(o.batch_id.as_str()));
        self.requests.push(body.clone());
        match mode {
            Mode::Down => 0,
            Mode::Failing => 500,
            Mode::Healthy | Mode::LoseAck => {
                self.kept.entry(o.batch_id.clone()).or_insert(body);
                if mode == Mode::Healthy {
                    202
                } else {
                    0
                }
            }
        }
    }
    /// Events in the kept batches.
    fn received(&self) -> u64 {
        self.kept.values().map(events).sum()
    }
    /// Events in every request received, duplicates included.
    fn received_with_duplicates(&self) -> u64 {
        self.requests.iter().map(events).sum()
    }
    /// Losses the batches report (row drops, and evicted batches the
    /// server does not hold).
    fn reported_drops(&self) -> u64 {
        self.kept
            .values()
            .map(|b| {
                let unconfirmed: u64 = b["unconfirmed"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter(|(id, _)| !self.kept.contains_key(id.as_str()))
                    .map(|(_, n)| n.as_u64().unwrap_or(0))
                    .sum();
                b["dropped"]["events"].as_u64().unwrap_or(0) + unconfirmed
            })
            .sum()
    }
}

fn events(b: &Value) -> u64 {
    b["counts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| c["n"].as_u64().unwrap_or(0))
        .sum()
}

fn answer(t: &mut Core<'_>, server: &mut Server, mode: Mode, sends: Vec<Outgoing>) {
    for o in sends {
        let status = server.handle(mode, &o);
        t.on_result(&o.batch_id, status, None);
    }
}

/// The soak's event mix: four events, a dozen distinct rows.
fn track(t: &mut Core<'_>, i: usize) -> bool {
    let (name, props) = match i % 4 {
        0 => (
            "onboarding_step",
            json!({"step": (["profile_setup", "first_workflow", "invite_team"][i % 3]), "action": (["shown", "completed"][i % 2])}),
        ),
        1 => (
            "feedback",
            json!({"rating": if i % 5 != 0 { "up" } else { "down" }, "endpoint": "chat", "topic": (["pricing", "billing", "trial", "other"][i % 4])}),
        ),
        2 => (
            "ai_fallback_used",
            json!({"endpoint": (["chat", "workflow", "debug"][i % 3]), "reason": (["timeout", "network", "offline", "circuit_open"][i % 4])}),
        ),
        _ => (
            "exit_intent_shown",
            json!({"reason": "pointer_exit", "page": (["/pricing", "/", "/help"][i % 3])}),
        ),
    };
    t.track(&json!(name), &props).accepted
}

fn opts(flush_ms: f64, stored: usize) -> Options {
    Options {
        flush_interval_ms: flush_ms,
        max_stored_bytes: stored,
        ..Options::default()
    }
}

/// Lets `ms` pass in steps of 10 ms, running the timer when it is due.
fn timers(
    t: &mut Core<'_>,
    c: &ManualClock,
    s: &MemoryStore,
    server: &mut Server,
    mode: Mode,
    ms: f64,
) {
    let end = c.now_ms() + ms;
    while c.now_ms() < end {
        c.advance(10.0);
        if t.next_wakeup() <= c.now_ms() {
            let sends = t.tick();
            answer(t, server, mode, sends);
        }
        server.peak_stored = server.peak_stored.max(s.get(KEY).map_or(0, |v| v.len()));
    }
}

/// The soak's phases: (mode, offline, reload in the middle).
const PHASES: [(Mode, bool, bool); 10] = [
    (Mode::Healthy, false, false),
    (Mode::Healthy, true, true),
    (Mode::Down, false, false),
    (Mode::Failing, false, true),
    (Mode::LoseAck, false, false),
    (Mode::Healthy, false, true),
    (Mode::Down, true, true),
    (Mode::LoseAck, false, true),
    (Mode::Failing, true, false),
    (Mode::Healthy, false, false),
];

/// Runs the soak natively; returns (tracked, server, unreported drops).
fn soak(stored: usize, seed: u64) -> (u64, Server, u64) {
    let c = ManualClock::new(T_SOAK);
    let s = MemoryStore::new();
    let o = opts(700.0, stored);
    let mut t = Telemetry::new(o.clone(), &c, &s, SeqRandom::new(seed));
    let mut server = Server::default();
    let mut tracked = 0u64;
    let mut i = 0usize;
    for (n, (mode, offline, reload)) in PHASES.iter().copied().enumerate() {
        t.set_online(!offline);
        for part in 0..2 {
            for _chunk in 0..2 {
                for _ in 0..2_500 {
                    tracked += u64::from(track(&mut t, i));
                    i += 1;
                    // what the page does after each track
                    if t.wants_flush() {
                        let sends = t.tick();
                        answer(&mut t, &mut server, mode, sends);
                    }
                }
                // the timer runs between chunks (the page sleeps ~40 ms and
                // tracking 2,500 events takes a few tens of ms)
                timers(&mut t, &c, &s, &mut server, mode, 400.0);
            }
            if part == 0 {
                let sends = t.flush();
                answer(&mut t, &mut server, mode, sends);
                if reload {
                    // An offline browser cannot load the page: the soak goes
                    // online with the API blocked (the `online` event fires
                    // and the sends fail), reloads, and goes offline again.
                    let during = if offline {
                        t.set_online(true);
                        let sends = t.tick();
                        answer(&mut t, &mut server, Mode::Down, sends);
                        Mode::Down
                    } else {
                        mode
                    };
                    // page hide sends with keepalive: the answer never comes
                    // back to this page (the server may or may not keep it)
                    for o in t.page_hide() {
                        server.handle(during, &o);
                    }
                    drop(t);
                    t = Telemetry::new(o.clone(), &c, &s, SeqRandom::new(seed * 100 + n as u64));
                    t.set_online(!offline);
                }
            }
        }
        timers(&mut t, &c, &s, &mut server, mode, 300.0);
        if std::env::var("SOAK_DEBUG").is_ok() {
            eprintln!(
                "phase {n}: stored {} B, outbox {}, t {} s",
                s.get(KEY).map_or(0, |v| v.len()),
                t.outbox().len(),
                (c.now_ms() - T_SOAK) / 1000.0
            );
        }
    }
    t.set_online(true);
    for _ in 0..60 {
        if t.pending() == 0 {
            break;
        }
        let sends = t.flush();
        answer(&mut t, &mut server, Mode::Healthy, sends);
        c.advance(250.0);
        let sends = t.tick();
        answer(&mut t, &mut server, Mode::Healthy, sends);
    }
    assert_eq!(t.pending(), 0, "everything delivered once the API is back");
    let unreported = t.stats().dropped.events;
    (tracked, server, unreported)
}

#[test]
fn the_soak_loses_nothing_and_counts_nothing_twice() {
    for seed in [1, 2, 3] {
        let (tracked, server, unreported) = soak(131_072, seed);
        assert_eq!(tracked, 100_000);
        assert_eq!(
            server.reported_drops() + unreported,
            0,
            "seed {seed}: nothing dropped"
        );
        // The cause of the browser soak's 2.6 % loss: one batch per 500
        // events, each sent during an outage keeping its own id and rows,
        // filled storage (128.5 KB of the 131 KB bound natively, over it in
        // the browser) until compaction evicted batches the server lacked.
        assert!(
            server.peak_stored < 16_384,
            "seed {seed}: storage stays far from the bound ({} B)",
            server.peak_stored
        );
        assert_eq!(
            server.received(),
            tracked,
            "seed {seed}: received = tracked"
        );
        assert!(
            server.received_with_duplicates() > server.received(),
            "seed {seed}: lost answers were re-sent (and deduped by id)"
        );
        let ids = server.kept.len();
        assert!(
            server.requests.len() > ids,
            "seed {seed}: the server saw duplicates"
        );
    }
}

#[test]
fn a_burst_costs_one_request_per_interval() {
    let (c, s) = (ManualClock::new(T0), MemoryStore::new());
    let mut t = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(4));
    let mut server = Server::default();
    // 1,000,000 events over 10 s: nothing is sent before the interval ends
    for i in 0..1_000_000usize {
        track(&mut t, i);
        if i % 10_000 == 0 {
            c.advance(100.0);
            let sends = t.tick();
            answer(&mut t, &mut server, Mode::Healthy, sends);
        }
    }
    assert_eq!(
        server.requests.len(),
        0,
        "no request before the interval ends"
    );
    c.advance(20_000.0);
    let sends = t.tick();
    answer(&mut t, &mut server, Mode::Healthy, sends);
    assert_eq!(server.requests.len(), 1, "one request for the interval");
    assert_eq!(server.received(), 1_000_000);
    // and one on page hide
    track(&mut t, 1);
    let sends = t.page_hide();
    answer(&mut t, &mut server, Mode::Healthy, sends);
    assert_eq!(server.requests.len(), 2);
}

#[test]
fn a_full_batch_is_sent_before_the_interval_ends() {
    let (c, s) = (ManualClock::new(T0), MemoryStore::new());
    let mut t = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(5));
    // distinct pages: rows do not aggregate, the batch grows past 60 KB
    let mut n = 0;
    while !t.wants_flush() && n < 5_000 {
        let page = format!("/section-{}/page-{}", n % 97, n / 97);
        t.track(
            &json!("ai_request"),
            &json!({"endpoint": "chat", "page": page}),
        );
        n += 1;
    }
    assert!(
        t.wants_flush(),
        "a batch reaching max_body_bytes asks for a flush"
    );
    assert!(n > 100, "only once it is full ({n} rows)");
    let sends = t.tick();
    assert!(!sends.is_empty());
    assert!(sends.iter().all(|o| o.body.len() <= 60_000));
}

#[test]
fn a_crash_loses_only_the_counts_since_the_last_write() {
    let (c, s) = (ManualClock::new(T0), MemoryStore::new());
    let mut t = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(6));
    let mut writes = 0;
    let mut last = s.get(KEY);
    for i in 0..10_000usize {
        track(&mut t, i);
        c.advance(1.0); // 10 s in all
        if t.next_wakeup() <= c.now_ms() {
            t.tick();
        }
        let now = s.get(KEY);
        if now != last {
            writes += 1;
            last = now;
        }
    }
    assert!(
        writes <= 6,
        "a write at most every 2 s while counts change ({writes})"
    );
    assert!(writes >= 4, "but a write every 2 s ({writes})");
    drop(t); // the page crashes: no page hide, no destroy
    let t2 = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(7));
    let kept = t2.pending();
    assert!(
        kept >= 10_000 - 2_000,
        "at most ~2 s of counts lost ({kept} kept)"
    );
    assert!(kept < 10_000, "the last counts were not written yet");
}

#[test]
fn past_the_storage_bound_every_loss_is_accounted_exactly() {
    // a bound far below what the workload needs: distinct rows over days
    // while offline after a send whose answer was lost; rows must go, and
    // each loss is reported
    let (c, s) = (ManualClock::new(T0), MemoryStore::new());
    let mut t = Telemetry::new(opts(30_000.0, 8_192), &c, &s, SeqRandom::new(8));
    let mut server = Server::default();
    let mut tracked = 0u64;
    let mut distinct = |t: &mut Core<'_>, n: usize, from: usize| {
        for i in from..from + n {
            let page = format!("/section-{}/page-{}", i % 97, i / 97);
            tracked += u64::from(
                t.track(
                    &json!("ai_request"),
                    &json!({"endpoint": "chat", "page": page}),
                )
                .accepted,
            );
        }
    };
    distinct(&mut t, 400, 0);
    let sends = t.flush();
    answer(&mut t, &mut server, Mode::LoseAck, sends); // kept, answer lost
    distinct(&mut t, 400, 400);
    let sends = t.flush();
    answer(&mut t, &mut server, Mode::Down, sends); // only the probe: lost again
    t.set_online(false);
    for day in 0..5 {
        distinct(&mut t, 300, 1_000 + day * 300);
        c.advance(86_400_000.0);
        t.tick();
        assert!(
            s.get(KEY).map_or(0, |v| v.len()) <= 8_192,
            "the bound holds"
        );
    }
    t.set_online(true);
    for _ in 0..40 {
        let sends = t.flush();
        answer(&mut t, &mut server, Mode::Healthy, sends);
    }
    assert_eq!(t.pending(), 0);
    let evicted: usize = server
        .kept
        .values()
        .filter_map(|b| b["unconfirmed"].as_object())
        .map(|u| u.len())
        .sum();
    let dropped = server.reported_drops() + t.stats().dropped.events;
    assert!(dropped > 0, "the bound is reached");
    assert!(
        evicted > 0,
        "the batch sent without an answer was evicted, by id"
    );
    assert_eq!(
        server.received() + dropped,
        tracked,
        "received {} + reported drops {dropped} = tracked {tracked}",
        server.received()
    );
}

#[test]
fn a_page_that_adopts_another_pages_open_counts_sends_them_once() {
    let (c, s) = (ManualClock::new(T0), MemoryStore::new());
    let mut a = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(11));
    for i in 0..5 {
        track(&mut a, i);
    }
    a.persist(); // A's open batch: 5 events, not sealed
                 // B loads (a new tab, or the page after A crashed) and adopts them
    let mut b = Telemetry::new(Options::default(), &c, &s, SeqRandom::new(12));
    assert_eq!(b.pending(), 5);
    for i in 5..8 {
        track(&mut a, i);
    }
    a.persist(); // A sees its open batch was adopted: its 3 new events start a new one
    let mut server = Server::default();
    let sends = b.flush();
    answer(&mut b, &mut server, Mode::Healthy, sends);
    let sends = a.flush();
    answer(&mut a, &mut server, Mode::Healthy, sends);
    assert_eq!(server.received(), 8, "each event once: 5 sent by B, 3 by A");
    assert_eq!(server.received_with_duplicates(), 8);
    assert_eq!(a.pending() + b.pending(), 0);
}
