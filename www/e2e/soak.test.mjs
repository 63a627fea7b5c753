// Loss accounting: 100,000 telemetry events tracked in headless Chromium
// through alternating periods of a healthy API, the browser offline, the API
// down (connections closed), the API failing (HTTP 500), lost 2xx answers
// (the server keeps the batch, the client never hears back and retries), and
// page reloads in the middle of the bad periods. At the end, with the API
// back, the counts the stub server received (after deduplicating by batch id)
// must equal the counts tracked, minus only what the module reported as
// dropped, per event; retried batches must have been deduplicated, and no
// batch may carry free text.
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

test("100,000 events through outages and reloads: received = tracked - reported drops, no duplicates", { timeout: 240_000 }, async () => {
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
  const received = {};
  let reportedDropped = 0;
  let unconfirmedHeld = 0;
  const held = new Set(state.batches.map((b) => b.batchId));
  for (const b of state.batches) {
    for (const c of b.counts) received[c.event] = (received[c.event] ?? 0) + c.n;
    reportedDropped += b.dropped.events;
    // evicted after a send with no answer: lost only if the server lacks the id
    for (const [id, n] of Object.entries(b.unconfirmed)) {
      if (held.has(id)) unconfirmedHeld += n;
      else reportedDropped += n;
    }
    const text = JSON.stringify(b);
    assert.doesNotMatch(text, /@|https?:|\b\d{6,}\b/, "no free text, addresses or ids in a batch");
  }
  const unreported = stats.dropped.events;
  const trackedTotal = Object.values(tracked).reduce((a, b) => a + b, 0);
  const receivedTotal = Object.values(received).reduce((a, b) => a + b, 0);
  const ids = state.batches.map((b) => b.batchId);
  const summary = {
    tracked: trackedTotal, received: receivedTotal, droppedReported: reportedDropped, droppedUnreported: unreported, unconfirmedButHeld: unconfirmedHeld,
    batches: state.batches.length, duplicateBatchesDeduped: state.duplicates, reloads,
    requests: state.requests["/api/telemetry/events"], storageErrors: stats.storageErrors, seconds: (Date.now() - started) / 1000,
  };
  console.log("soak:", JSON.stringify(summary));

  assert.equal(new Set(ids).size, ids.length, "the server kept each batch id once");
  assert.ok(state.duplicates > 0, "lost 2xx answers were retried and deduplicated by batch id");
  assert.equal(receivedTotal + reportedDropped + unreported, trackedTotal, "received + counted drops = tracked");
  if (reportedDropped + unreported === 0) assert.deepEqual(received, tracked, "per event, nothing lost");
  await context.close();
});
