//! The client's orchestration, natively, with fakes for every side effect:
//! which side answers, what each call records (and that no text leaves),
//! the breaker and the health probe, the escalation outbox (every request
//! the fake server receives is counted, before anything dedupes), the
//! assistant failing to load and being asked again, destroy.
#![cfg(not(target_arch = "wasm32"))]
use levqor_wasm::bridge::client::{
    fallback_reason_name, judge_escalation, outcome_of_status, Client, Http, HttpRequest,
    OfflineAssistant, Parts, TelemetrySink,
};
use levqor_wasm::bridge::escalation::SendVerdict;
use levqor_wasm::bridge::{Config, Endpoint, Outcome, Status, Transport};
use levqor_wasm::json;
use levqor_wasm::json::Json;
use levqor_wasm::platform::{Clock, MemoryStore, SeqRandom};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

/// Runs a future whose fakes are all ready at once.
fn block_on<F: Future>(f: F) -> F::Output {
    fn noop(_: *const ()) {}
    fn clone(p: *const ()) -> RawWaker {
        RawWaker::new(p, &VTABLE)
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, noop, noop, noop);
    // SAFETY: the vtable's functions ignore the data pointer.
    let waker = unsafe { Waker::from_raw(RawWaker::new(std::ptr::null(), &VTABLE)) };
    let mut cx = Context::from_waker(&waker);
    let mut f = pin!(f);
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

#[derive(Clone, Default)]
struct TestClock(Rc<Cell<f64>>);
impl Clock for TestClock {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
}

/// Answers from a script; records every request before anything else.
#[derive(Clone, Default)]
struct FakeHttp {
    script: Rc<RefCell<VecDeque<Transport>>>,
    seen: Rc<RefCell<Vec<HttpRequest>>>,
    offline: Rc<Cell<bool>>,
    aborted: Rc<Cell<u32>>,
    clock: TestClock,
}
impl FakeHttp {
    fn then(&self, t: Transport) -> &Self {
        self.script.borrow_mut().push_back(t);
        self
    }
    fn urls(&self) -> Vec<String> {
        self.seen.borrow().iter().map(|r| r.url.clone()).collect()
    }
}
impl Http for FakeHttp {
    async fn send(&self, r: HttpRequest) -> Transport {
        self.seen.borrow_mut().push(r);
        self.clock.0.set(self.clock.0.get() + 40.0); // each request takes 40 ms
        self.script
            .borrow_mut()
            .pop_front()
            .unwrap_or(Transport::Network)
    }
    fn online(&self) -> bool {
        !self.offline.get()
    }
    fn abort_all(&self) {
        self.aborted.set(self.aborted.get() + 1);
    }
}

#[derive(Clone, Default)]
struct FakeAssistant {
    unavailable: Rc<Cell<bool>>,
    asked: Rc<Cell<u32>>,
}
impl OfflineAssistant for FakeAssistant {
    async fn answer(&self, endpoint: Endpoint, _req: &Json) -> Option<Json> {
        self.asked.set(self.asked.get() + 1);
        if self.unavailable.get() {
            return None;
        }
        Some(match endpoint {
            Endpoint::Workflow => json!({"success": true, "answer": "w", "steps": [{}, {}, {}],
                "meta": {"source": "fallback", "pattern": "backup", "confidence": 0.7, "engine": "t"}}),
            Endpoint::Debug => json!({"success": true, "answer": "d", "steps": [],
                "meta": {"source": "fallback", "category": "auth", "confidence": 0.7, "engine": "t"}}),
            Endpoint::Onboarding => json!({"success": true, "step": {"id": "invite_team"},
                "meta": {"source": "fallback", "engine": "t"}}),
            _ => {
                json!({"success": true, "answer": "offline answer", "steps": [], "suggestions": [],
                "meta": {"source": "fallback", "topic": "pricing", "confidence": 0.7, "engine": "t"}})
            }
        })
    }
    async fn preload(&self) -> bool {
        !self.unavailable.get()
    }
}

#[derive(Clone, Default)]
struct Sink(Rc<RefCell<Vec<(String, Json)>>>);
impl TelemetrySink for Sink {
    fn track(&self, event: &str, props: Json) {
        self.0.borrow_mut().push((event.to_owned(), props));
    }
}
impl Sink {
    fn events(&self, name: &str) -> Vec<Json> {
        self.0
            .borrow()
            .iter()
            .filter(|(e, _)| e == name)
            .map(|(_, p)| p.clone())
            .collect()
    }
}

type TestClient =
    Client<FakeHttp, FakeAssistant, Rc<MemoryStore>, Sink, TestClock, TestClock, SeqRandom>;

struct World {
    client: TestClient,
    http: FakeHttp,
    assistant: FakeAssistant,
    sink: Sink,
    clock: TestClock,
    store: Rc<MemoryStore>,
}

fn world_with(options: Json) -> World {
    let clock = TestClock::default();
    clock.0.set(1_000_000.0);
    let http = FakeHttp {
        clock: clock.clone(),
        ..FakeHttp::default()
    };
    let assistant = FakeAssistant::default();
    let sink = Sink::default();
    let store = Rc::new(MemoryStore::new());
    let (cfg, err) = Config::from_json(&options);
    assert!(err.is_none(), "{err:?}");
    let client = Client::new(
        cfg,
        Parts {
            http: http.clone(),
            assistant: assistant.clone(),
            store: store.clone(),
            telemetry: Some(sink.clone()),
            clock: clock.clone(),
            wall: clock.clone(),
            random: SeqRandom::new(7),
        },
    );
    World {
        client,
        http,
        assistant,
        sink,
        clock,
        store,
    }
}

fn world() -> World {
    world_with(
        json!({"apiBase": "https://api.levqor.example", "failureThreshold": 2, "cooldownMs": 5000}),
    )
}

fn reply(status: u16, body: Json) -> Transport {
    Transport::Reply {
        status,
        content_type: "application/json".into(),
        body: body.to_string(),
    }
}

fn server_chat() -> Transport {
    reply(
        200,
        json!({"success": true, "answer": "Server says hi.", "steps": [], "suggestions": [],
               "escalationSuggested": false, "meta": {"topic": "pricing", "confidence": 0.8, "engine": "api"}}),
    )
}

const QUERY: &str = "how much is the pro plan, my email is ann@example.com";

#[test]
fn a_healthy_server_answers_and_the_call_records_no_text() {
    let w = world();
    w.http.then(server_chat());
    let r = block_on(w.client.call(
        Endpoint::Chat,
        json!({"query": QUERY, "context": {"page": "/pricing?id=42"}}),
    ));
    assert_eq!(r.value["meta"]["source"], "server");
    assert!(r.flush, "a reachable server drains the outbox");
    assert_eq!(w.http.urls(), ["https://api.levqor.example/api/ai/chat"]);
    assert_eq!(
        w.assistant.asked.get(),
        0,
        "the assistant is not asked when the server answers"
    );
    let req = w.sink.events("ai_request");
    assert_eq!(req.len(), 1);
    assert_eq!(req[0]["endpoint"], "chat");
    assert_eq!(req[0]["source"], "server");
    assert_eq!(req[0]["result"], "ok");
    assert_eq!(req[0]["query_length"], QUERY.chars().count());
    let calls = w.sink.events("api_call");
    assert_eq!(calls[0]["outcome"], "ok");
    assert_eq!(calls[0]["latency"], 40.0);
    // Nothing the visitor typed reaches telemetry (the page path is
    // passed for Telemetry to strip, never the query).
    let all = serde_json::to_string(&*w.sink.0.borrow()).unwrap();
    assert!(!all.contains("pro plan") && !all.contains("ann@"), "{all}");
    // Only the endpoint's known fields go to the server.
    let body: Json =
        levqor_wasm::json::parse(w.http.seen.borrow()[0].body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"query": QUERY, "context": {"page": "/pricing?id=42"}})
    );
}

#[test]
fn invalid_input_is_answered_without_any_request() {
    let w = world();
    let r = block_on(w.client.call(Endpoint::Chat, json!({"query": "hi"})));
    assert_eq!(r.value["code"], "query_too_short");
    assert!(w.http.seen.borrow().is_empty());
    assert_eq!(w.sink.events("ai_request")[0]["result"], "error");
    assert!(w.sink.events("api_call").is_empty());
}

#[test]
fn each_server_failure_falls_back_and_says_why() {
    let cases = [
        (
            reply(503, json!({"error": "down"})),
            "http_5xx",
            "http_5xx",
            "http_5xx",
        ),
        (Transport::Timeout, "timeout", "timeout", "timeout"),
        (Transport::Network, "network", "network", "network"),
        (
            reply(404, json!({"nope": true})),
            "invalid_response",
            "http_4xx",
            "invalid",
        ),
        (
            reply(200, json!({"success": true})),
            "invalid_response",
            "invalid",
            "invalid",
        ),
    ];
    for (transport, reason, outcome, used) in cases {
        let w = world();
        w.http.then(transport);
        let r = block_on(
            w.client
                .call(Endpoint::Chat, json!({"query": "how much is it"})),
        );
        assert_eq!(r.value["meta"]["source"], "fallback");
        assert_eq!(r.value["meta"]["fallbackReason"], reason);
        assert!(!r.flush);
        assert_eq!(w.sink.events("api_call")[0]["outcome"], outcome, "{reason}");
        assert_eq!(
            w.sink.events("ai_fallback_used")[0]["reason"],
            used,
            "{reason}"
        );
        assert_eq!(w.sink.events("ai_request")[0]["source"], "fallback");
    }
}

#[test]
fn the_breaker_skips_the_server_then_the_probe_brings_it_back() {
    let w = world();
    let changes = Rc::new(RefCell::new(Vec::new()));
    let seen = changes.clone();
    w.client
        .on_status_change(Box::new(move |s| seen.borrow_mut().push(s)));
    for _ in 0..2 {
        block_on(
            w.client
                .call(Endpoint::Chat, json!({"query": "how much is it"})),
        );
    }
    assert_eq!(w.client.status(), Status::Offline);
    assert_eq!(*changes.borrow(), [Status::Degraded, Status::Offline]);
    let r = block_on(
        w.client
            .call(Endpoint::Chat, json!({"query": "how much is it"})),
    );
    assert_eq!(r.value["meta"]["fallbackReason"], "breaker_open");
    assert_eq!(
        w.http.seen.borrow().len(),
        2,
        "no request while the breaker is open"
    );
    let delay = w.client.probe_delay().expect("a probe is wanted");
    assert!((1_000..=5_000).contains(&delay), "{delay}");
    w.clock.0.set(w.clock.0.get() + f64::from(delay));
    w.http.then(reply(200, json!({"ok": true})));
    assert!(block_on(w.client.probe_health()));
    assert_eq!(
        w.http.urls().last().unwrap(),
        "https://api.levqor.example/health"
    );
    assert_eq!(w.client.status(), Status::Online);
    assert_eq!(w.client.probe_delay(), None);
    assert_eq!(
        w.sink.events("api_call").last().unwrap()["endpoint"],
        "health"
    );
}

#[test]
fn a_browser_offline_skips_the_network() {
    let w = world();
    w.http.offline.set(true);
    let r = block_on(
        w.client
            .call(Endpoint::Chat, json!({"query": "how much is it"})),
    );
    assert_eq!(r.value["meta"]["fallbackReason"], "offline");
    assert!(w.http.seen.borrow().is_empty());
    assert_eq!(w.client.status(), Status::Offline);
    w.http.offline.set(false);
    assert!(w.client.set_online(true), "back online: drain the outbox");
    assert_eq!(w.client.status(), Status::Online);
}

#[test]
fn an_assistant_that_cannot_load_answers_honestly_and_is_asked_again() {
    let w = world_with(json!({}));
    w.assistant.unavailable.set(true);
    let r = block_on(
        w.client
            .call(Endpoint::Chat, json!({"query": "how much is it"})),
    );
    assert_eq!(r.value["success"], false);
    assert_eq!(r.value["code"], "assistant_unavailable");
    assert!(!block_on(w.client.preload_assistant()));
    w.assistant.unavailable.set(false);
    let r = block_on(
        w.client
            .call(Endpoint::Chat, json!({"query": "how much is it"})),
    );
    assert_eq!(r.value["meta"]["source"], "fallback");
    assert_eq!(r.value["meta"]["fallbackReason"], "not_configured");
    assert_eq!(w.assistant.asked.get(), 2);
    assert!(block_on(w.client.preload_assistant()));
}

#[test]
fn each_endpoint_records_its_own_event() {
    let w = world_with(json!({}));
    block_on(w.client.call(
        Endpoint::Workflow,
        json!({"query": "back up dropbox to s3 nightly"}),
    ));
    block_on(
        w.client
            .call(Endpoint::Debug, json!({"error": "401 Unauthorized"})),
    );
    block_on(
        w.client
            .call(Endpoint::Onboarding, json!({"completed": []})),
    );
    assert_eq!(
        w.sink.events("workflow_run_preview"),
        [json!({"pattern": "backup", "steps": 3, "source": "fallback"})]
    );
    assert_eq!(
        w.sink.events("debug_analyse"),
        [json!({"category": "auth", "source": "fallback"})]
    );
    assert_eq!(
        w.sink.events("onboarding_step"),
        [json!({"step": "invite_team", "action": "shown"})]
    );
    assert_eq!(w.sink.events("ai_request").len(), 3);
    // wasm-only client: nothing was sent, and api_call says so
    assert!(w.http.seen.borrow().is_empty());
    assert!(w
        .sink
        .events("api_call")
        .iter()
        .all(|c| c["outcome"] == "not_configured"
            || c["outcome"] == "offline"
            || c["source"] == "fallback"));
}

fn escalation(w: &World) -> Json {
    let r = block_on(
        w.client
            .escalate(&json!({"messages": ["I was charged twice"], "topic": "billing"})),
    );
    json!(r)
}

#[test]
fn an_escalation_is_queued_offline_and_delivered_once_later() {
    let w = world();
    w.http.then(Transport::Network);
    let r = escalation(&w);
    assert_eq!(r["status"], "queued");
    let key = r["idempotencyKey"].as_str().unwrap().to_owned();
    assert_eq!(w.client.pending_escalations(), 1);
    w.http
        .then(reply(200, json!({"success": true, "ticketId": "T-1"})));
    assert_eq!(block_on(w.client.flush()), 1);
    assert_eq!(w.client.pending_escalations(), 0);
    assert_eq!(block_on(w.client.flush()), 0, "nothing left to send");
    // Every request the server received, counted before any dedupe: two
    // attempts of the same escalation, with the same key.
    let seen = w.http.seen.borrow();
    let sends: Vec<_> = seen
        .iter()
        .filter(|r| r.url.ends_with("/api/support/escalate"))
        .collect();
    assert_eq!(sends.len(), 2);
    assert!(sends
        .iter()
        .all(|r| r.idempotency_key.as_deref() == Some(key.as_str())));
}

#[test]
fn escalation_results_for_refusal_no_server_and_no_storage() {
    let w = world();
    w.http.then(reply(
        422,
        json!({"success": false, "error": "Too long.", "code": "invalid_request"}),
    ));
    let r = escalation(&w);
    assert_eq!(r["status"], "error");
    assert_eq!(r["code"], "invalid_request");
    assert_eq!(
        w.client.pending_escalations(),
        0,
        "a refusal is not retried"
    );

    let offline_only = world_with(json!({}));
    assert_eq!(escalation(&offline_only)["code"], "not_configured");

    let w = world();
    w.store.set_disabled(true);
    w.http.then(Transport::Network);
    assert_eq!(escalation(&w)["code"], "storage_unavailable");

    let w = world();
    let r = block_on(w.client.escalate(&json!({"messages": []})));
    assert_eq!(serde_json::to_value(r).unwrap()["code"], "invalid_request");
    assert!(w.http.seen.borrow().is_empty());
}

#[test]
fn destroy_aborts_and_stops_contacting_the_server() {
    let w = world();
    w.client.destroy();
    w.client.destroy();
    assert_eq!(w.http.aborted.get(), 1, "idempotent");
    let r = block_on(
        w.client
            .call(Endpoint::Chat, json!({"query": "how much is it"})),
    );
    assert_eq!(r.value["meta"]["source"], "fallback");
    assert!(w.http.seen.borrow().is_empty());
    assert_eq!(w.client.probe_delay(), None);
    assert!(!block_on(w.client.probe_health()));
    assert!(!w.client.set_online(true));
}

#[test]
fn one_status_to_outcome_mapping() {
    let r = |s| reply(s, json!({}));
    assert_eq!(outcome_of_status(&r(204)), Some(Outcome::Ok));
    assert_eq!(outcome_of_status(&r(401)), Some(Outcome::Http4xx));
    assert_eq!(outcome_of_status(&r(502)), Some(Outcome::Http5xx));
    assert_eq!(outcome_of_status(&r(302)), Some(Outcome::Invalid));
    assert_eq!(outcome_of_status(&Transport::Aborted), None);
    assert_eq!(
        judge_escalation(&r(503)),
        (SendVerdict::Retry, Outcome::Http5xx)
    );
    assert_eq!(
        judge_escalation(&r(200)),
        (SendVerdict::Retry, Outcome::Invalid)
    );
    assert_eq!(judge_escalation(&r(409)).1, Outcome::Ok);
    assert_eq!(
        judge_escalation(&Transport::Timeout),
        (SendVerdict::Retry, Outcome::Timeout)
    );
    assert_eq!(fallback_reason_name(Outcome::Http4xx), "invalid");
    assert_eq!(fallback_reason_name(Outcome::Timeout), "timeout");
}
