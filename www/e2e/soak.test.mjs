// Loss accounting: 100,000 telemetry events tracked in headless Chromium
// through alternating periods of a healthy API, the browser offline, the API
// down (connections closed), the API failing (HTTP 500), lost 2xx answers
// (the server keeps the batch, the client never hears back and retries), and
// page reloads in the middle of the bad periods. At the end, with the API
// back, the counts must have arrived exactly once: the test reads the stub's
// log of every request it received (before the stub dedupes anything), checks
// that every re-send of a batch id carried the same counts (so deduplicating
// by id is exact), and that the counts of the distinct ids the server kept
// equal the counts tracked, per event: 0 dropped, 0 duplicated. Lost answers
// must have been re-sent, and no batch may carry free text. (Drops past the
// storage bound are accounted for natively: tests/telemetry_delivery.rs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { WWW, launchBrowser } from "./harness.mjs";
import { startStatic } from "./static-server.mjs";
import { startStub } from "./stub-api.mjs";

const TOTAL = 100_000;
const PHASES = [
  // [stub mode, browser offline, reload in the middle]
  ["healthy", false, false],
  ["healthy", true, true],
  ["down", false, false],
  ["failing", false, true],
  ["lose-ack", false, false],
  ["healthy", false, true],
  ["down", true, true],
  ["lose-ack", false, true],
  ["failing", true, false],
  ["healthy", false, false],
];

const page_html = (endpoint) => `<!doctype html><meta charset="utf-8"><title>soak</title><script type="module">
const m = await import("/pkg/levqor_wasm.js");
await m.default();
window.t = new m.Telemetry({ endpoint: ${JSON.stringify(endpoint)}, storageKey: "soak", flushIntervalMs: 700 });
const EVENTS = [
  ["onboarding_step", (i) => ({ step: ["profile_setup", "first_workflow", "invite_team"][i % 3], action: ["shown", "completed"][i % 2] })],
  ["feedback", (i) => ({ rating: i % 5 ? "up" : "down", endpoint: "chat", topic: ["pricing", "billing", "trial", "other"][i % 4] })],
  ["ai_fallback_used", (i) => ({ endpoint: ["chat", "workflow", "debug"][i % 3], reason: ["timeout", "network", "offline", "circuit_open"][i % 4] })],
  ["exit_intent_shown", (i) => ({ reason: "pointer_exit", page: ["/pricing", "/", "/help"][i % 3] })],
];
// Tracks n events starting at index i0; returns how many were accepted, per event.
window.trackMany = (i0, n) => {
  const accepted = {};
  let refused = 0;
  for (let i = i0; i < i0 + n; i++) {
    const [name, props] = EVENTS[i % EVENTS.length];
    const r = window.t.track(name, props(i));
    if (r.accepted) accepted[name] = (accepted[name] ?? 0) + 1; else refused++;
  }
  return { accepted, refused };
};
window.ready = true;
</script>`;

let stub, server, browser;
before(async () => {
  stub = await startStub();
  server = await startStatic(path.join(WWW, ".."), { "/soak.html": page_html(stub.url + "/api/telemetry/events") });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await stub?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("100,000 events through outages and reloads: each received exactly once, 0 dropped, 0 duplicated", { timeout: 240_000 }, async () => {
  const started = Date.now();
  const context = await browser.newContext();
  const page = await context.newPage();
  const load = async () => {
    await page.goto(server.url + "/soak.html");
    await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
  };
  await load();

  const tracked = {};
  let refused = 0;
  let reloads = 0;
  const per = TOTAL / PHASES.length;
  let next = 0;
  for (const [mode, offline, reload] of PHASES) {
    await stub.setMode(mode);
    await context.setOffline(offline);
    for (let part = 0; part < 2; part++) {
      const n = per / 2;
      // in chunks, with the flush timer and sends running in between
      for (let done = 0; done < n; done += 2_500) {
        const r = await page.evaluate(([i0, k]) => window.trackMany(i0, k), [next, Math.min(2_500, n - done)]);
        next += Math.min(2_500, n - done);
        refused += r.refused;
        for (const [k, v] of Object.entries(r.accepted)) tracked[k] = (tracked[k] ?? 0) + v;
        await sleep(40);
      }
      if (part === 0) {
        await page.evaluate(() => window.t.flush());
        if (reload) {
          // An offline browser cannot fetch the page itself: let the page
          // load, but keep the API unreachable until offline again.
          const api = "**/api/telemetry/**";
          if (offline) {
            await context.route(api, (r) => r.abort("internetdisconnected"));
            await context.setOffline(false);
          }
          await page.reload();
          await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
          if (offline) {
            await context.setOffline(true);
            await context.unroute(api);
          }
          reloads++;
        }
      }
    }
    await sleep(300);
    if (process.env.SOAK_DEBUG) {
      const st = await (await fetch(stub.url + "/__state")).json();
      const got = st.batches.reduce((a, b) => a + b.counts.reduce((x, c) => x + c.n, 0), 0);
      console.log("phase", mode, offline, reload, "tracked", Object.values(tracked).reduce((a, b) => a + b, 0), "received", got, "dups", st.duplicates, JSON.stringify(await page.evaluate(() => window.t.stats())));
    }
  }
  assert.equal(next, TOTAL);
  assert.equal(refused, 0, "every soak event is valid");

  // Back to normal: flush until nothing is pending.
  await stub.setMode("healthy");
  await context.setOffline(false);
  let pending = Infinity;
  for (let i = 0; i < 60 && pending > 0; i++) {
    const r = await page.evaluate(() => window.t.flush());
    pending = r.pending;
    if (process.env.SOAK_DEBUG) console.log("drain", i, JSON.stringify(r));
    if (pending > 0) await sleep(250);
  }
  const stats = await page.evaluate(() => window.t.stats());
  assert.equal(pending, 0, "everything delivered once the API is back");

  const res = await fetch(stub.url + "/__state");
  const state = await res.json();
  // Every telemetry request the stub received, before any dedupe.
  const sent = state.log.filter((r) => r.path === "/api/telemetry/events" && r.method === "POST");
  const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
  const firstById = new Map();
  const keptTimes = new Map();
  let changedResends = 0;
  for (const r of sent) {
    const first = firstById.get(r.batchId);
    if (!first) firstById.set(r.batchId, r);
    else if (!same(first.counts, r.counts)) changedResends++;
    if (r.kept) keptTimes.set(r.batchId, (keptTimes.get(r.batchId) ?? 0) + 1);
  }
  // What a server deduplicating by batch id keeps: each kept id once.
  const received = {};
  let reportedDropped = 0;
  for (const [id, times] of keptTimes) {
    const r = firstById.get(id);
    for (const [event, n] of Object.entries(r.counts)) received[event] = (received[event] ?? 0) + n;
    reportedDropped += r.dropped;
    for (const [uid, n] of Object.entries(r.unconfirmed)) if (!keptTimes.has(uid)) reportedDropped += n;
  }
  for (const b of state.batches) {
    assert.doesNotMatch(JSON.stringify(b), /@|https?:|\b\d{6,}\b/, "no free text, addresses or ids in a batch");
  }
  const trackedTotal = Object.values(tracked).reduce((a, b) => a + b, 0);
  const receivedTotal = Object.values(received).reduce((a, b) => a + b, 0);
  const resentKept = [...keptTimes.values()].filter((n) => n > 1).length;
  const summary = {
    tracked: trackedTotal, received: receivedTotal, dropped: trackedTotal - Math.min(trackedTotal, receivedTotal),
    duplicated: Math.max(0, receivedTotal - trackedTotal), droppedReported: reportedDropped, droppedUnreported: stats.dropped.events,
    requests: sent.length, batchIds: firstById.size, keptIds: keptTimes.size, idsKeptMoreThanOnce: resentKept, changedResends, reloads,
    storageErrors: stats.storageErrors, seconds: (Date.now() - started) / 1000,
  };
  console.log("soak:", JSON.stringify(summary));

  assert.equal(changedResends, 0, "every re-send of a batch id carried the same counts");
  assert.ok(resentKept > 0, "lost 2xx answers were re-sent with the same id");
  assert.equal(reportedDropped + stats.dropped.events, 0, "nothing dropped (the storage bound is never reached)");
  assert.deepEqual(received, tracked, "per event, each tracked event received exactly once");
  await context.close();
});
