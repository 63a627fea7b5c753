// What a visitor sees, in headless Chromium against the production build:
// every component answering from the wasm with the API down, from the server
// when it is healthy, recovering when it comes back, never stuck on a hanging
// API; exit intent from real mouse movement; telemetry batches with no text
// or ids; an escalation queued offline and delivered once; injected markup
// shown as text. Screenshots go to target/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, launchBrowser, screenshot } from "./harness.mjs";
import { startStub } from "./stub-api.mjs";

let stub, site, browser;

before(async () => {
  stub = await startStub();
  // short timeout and cool-down so the failure paths finish in seconds
  site = await startSite({ LEVQOR_API_BASE: stub.url, LEVQOR_TIMEOUT_MS: "1500", LEVQOR_COOLDOWN_MS: "1500", LEVQOR_TELEMETRY_FLUSH_MS: "2000" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.stop();
  await stub?.close();
});

/** A fresh visitor (own storage) on `path`, with the wasm loaded. */
async function visit(path, { mode = "healthy", locale } = {}) {
  await stub.setMode(mode);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  page.on("dialog", (d) => {
    errors.push(new Error(`dialog opened: ${d.message()}`));
    void d.dismiss();
  });
  await page.goto(site.url + path);
  await page.getByTestId("status-badge").filter({ hasNotText: "Starting…" }).waitFor({ timeout: 20_000 });
  return { page, context, errors };
}

/** Asks the help panel and returns the new answer's element. */
async function ask(page, text) {
  const panel = page.getByTestId("help-panel");
  const before = await panel.locator("li.msg.bot:not([aria-busy])").count();
  await panel.getByRole("textbox", { name: "Ask Levqor", exact: true }).fill(text);
  await panel.getByRole("button", { name: "Send" }).click();
  const answer = panel.locator("li.msg.bot:not([aria-busy])").nth(before);
  await answer.waitFor({ timeout: 10_000 });
  return answer;
}

const badge = (page) => page.getByTestId("status-badge");

test("API down: every component answers from the wasm and the badge says offline", async () => {
  const { page, context, errors } = await visit("/", { mode: "down" });
  const a = await ask(page, "how much does it cost?");
  assert.equal(await a.getAttribute("data-source"), "fallback");
  assert.equal(await a.getAttribute("data-topic"), "pricing");
  assert.match(await a.textContent(), /£9/);
  await ask(page, "is there a free trial");
  await ask(page, "how do I cancel");
  await page.getByText("Offline answers").waitFor({ timeout: 10_000 });
  await screenshot(page.getByTestId("help-panel"), "help-panel-offline");

  // ROI: live, exact, per-field errors
  const roi = page.getByTestId("roi-calculator");
  await roi.getByLabel("Hours a week on manual work").fill("10");
  await roi.getByLabel("Average hourly cost").fill("35");
  await page.getByTestId("roi-month").filter({ hasText: "£758.33" }).waitFor();
  assert.equal(await page.getByTestId("roi-year").textContent(), "£9,100.00");
  await roi.getByLabel("Hours a week on manual work").fill("200");
  await page.getByTestId("roi-error-hoursPerWeek").waitFor();
  assert.equal(await roi.getByLabel("Hours a week on manual work").getAttribute("aria-invalid"), "true");
  await roi.getByLabel("Hours a week on manual work").fill("10");
  await screenshot(roi, "roi-calculator");

  // onboarding
  await page.goto(site.url + "/onboarding");
  const tutor = page.getByTestId("onboarding-tutor");
  await tutor.waitFor({ timeout: 15_000 });
  assert.equal(await page.getByTestId("onboarding-title").textContent(), "Set up your profile");
  await tutor.getByRole("button", { name: "Mark as done" }).click();
  await page.getByText("1 of 5 steps done (20%)").waitFor();
  assert.equal(await page.getByRole("progressbar").getAttribute("aria-valuenow"), "20");
  await screenshot(tutor, "onboarding-tutor");

  // workflow builder and debug assistant render the wasm's answers
  await page.goto(site.url + "/workflows");
  const wf = page.getByTestId("workflow-builder");
  await wf.getByRole("button", { name: "Build workflow" }).click();
  await wf.locator("[data-source]").waitFor({ timeout: 10_000 });
  assert.equal(await wf.locator("[data-source]").getAttribute("data-source"), "fallback");
  assert.deepEqual(await wf.getByTestId("step-app").allTextContents(), ["Gmail", "Google Drive"]);
  assert.equal(await wf.locator("ol.flow li").first().getAttribute("data-type"), "trigger");
  await wf.getByLabel("Describe the workflow you want").fill("every night back up dropbox to s3");
  await wf.getByRole("button", { name: "Build workflow" }).click();
  await wf.getByTestId("step-cron").first().waitFor({ timeout: 10_000 });
  assert.match(await wf.getByTestId("step-cron").first().textContent(), /^\S+ \S+ \* \* \*$/);
  await screenshot(wf, "workflow-builder");

  await page.goto(site.url + "/debug");
  const dbg = page.getByTestId("debug-assistant");
  await dbg.getByRole("button", { name: "Analyse error" }).click();
  await page.getByTestId("debug-category").waitFor({ timeout: 10_000 });
  assert.equal(await dbg.locator("[data-source]").getAttribute("data-source"), "fallback");
  assert.equal(await page.getByTestId("debug-category").textContent(), "permission");
  await screenshot(dbg, "debug-assistant");

  assert.deepEqual(errors, []);
  await context.close();
});

test("API healthy: answers come from the server and the badge says online", async () => {
  const { page, context, errors } = await visit("/");
  const a = await ask(page, "how much does it cost?");
  assert.equal(await a.getAttribute("data-source"), "server");
  assert.match(await a.textContent(), /Server answer/);
  await page.getByText("Server online").waitFor();
  await screenshot(page, "home-online");
  assert.deepEqual(errors, []);
  await context.close();
});

test("API going down mid-session falls back, then recovers after the cool-down", async () => {
  const { page, context } = await visit("/");
  assert.equal(await (await ask(page, "how much is the pro plan")).getAttribute("data-source"), "server");
  await stub.setMode("down");
  for (const q of ["and the yearly one?", "is there a trial", "can I get a refund"]) {
    assert.equal(await (await ask(page, q)).getAttribute("data-source"), "fallback");
  }
  await page.getByText("Offline answers").waitFor({ timeout: 10_000 });
  await stub.setMode("healthy");
  // after the cool-down the health probe (or the next call) finds it again
  await page.getByText("Server online").waitFor({ timeout: 15_000 });
  assert.equal(await (await ask(page, "how do I invite my team")).getAttribute("data-source"), "server");
  await context.close();
});

test("a hanging API falls back after the timeout and the UI is never stuck", async () => {
  const { page, context } = await visit("/", { mode: "hanging" });
  const started = Date.now();
  const a = await ask(page, "how do I reset my password");
  const waited = Date.now() - started;
  assert.equal(await a.getAttribute("data-source"), "fallback");
  assert.ok(waited < 8_000, `answered after ${waited} ms`);
  const input = page.getByTestId("help-panel").getByRole("textbox", { name: "Ask Levqor", exact: true });
  assert.equal(await input.isEnabled(), true);
  assert.equal(await page.getByTestId("help-panel").getByRole("button", { name: "Send" }).isEnabled(), true);
  await stub.setMode("healthy");
  await context.close();
});

/** Moves the real mouse from the middle of the page out through an edge. */
async function leave(page, edge) {
  const path = {
    top: [[640, 400], [640, 250], [640, 120], [640, 40], [640, 8], [640, -5]],
    right: [[900, 400], [1100, 400], [1250, 400], [1279, 400], [1290, 400]],
    bottom: [[640, 500], [640, 700], [640, 790], [640, 805]],
  }[edge];
  for (const [x, y] of path) await page.mouse.move(x, y, { steps: 3 });
}

test("exit intent: leaving through the top shows the modal once per session, not through the sides or bottom", async () => {
  const { page, context, errors } = await visit("/pricing");
  await page.waitForTimeout(3_200); // minimum time on page
  await leave(page, "right");
  await leave(page, "bottom");
  await page.waitForTimeout(500);
  assert.equal(await page.getByTestId("exit-intent-modal").count(), 0, "no modal for side or bottom exits");

  await leave(page, "top");
  const modal = page.getByTestId("exit-intent-modal");
  await modal.waitFor({ timeout: 5_000 });
  assert.match(await modal.textContent(), /Not ready yet\?.*7-day free trial/s);
  assert.doesNotMatch(await modal.textContent(), /discount|% off/i);
  // focus is inside the dialog and stays there
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]")), true);
  await screenshot(page, "exit-intent-modal");
  await page.keyboard.press("Escape");
  await modal.waitFor({ state: "detached" });

  await page.mouse.move(640, 400, { steps: 3 });
  await leave(page, "top");
  await page.waitForTimeout(800);
  assert.equal(await page.getByTestId("exit-intent-modal").count(), 0, "once per session");
  await page.reload();
  await page.waitForTimeout(3_500);
  await leave(page, "top");
  await page.waitForTimeout(800);
  assert.equal(await page.getByTestId("exit-intent-modal").count(), 0, "still once after a reload");
  assert.deepEqual(errors, []);
  await context.close();
});

test("'Start free trial' closes the modal and scrolls to the plans", async () => {
  const { page, context } = await visit("/pricing");
  await page.waitForTimeout(3_200);
  await leave(page, "top");
  await page.getByTestId("exit-intent-modal").waitFor({ timeout: 5_000 });
  // counted from before the click: the 2 s flush timer may send the
  // conversion while the page scrolls, before the navigation below
  const from = stub.state.batches.length;
  await page.getByRole("button", { name: "Start free trial" }).click();
  await page.getByTestId("exit-intent-modal").waitFor({ state: "detached" });
  await page.waitForFunction(() => document.activeElement?.id === "plans");
  // exit_intent_converted goes out with the reason the offer was shown for
  await page.goto(site.url + "/help"); // page hide flushes
  const converted = () => stub.state.batches.slice(from).flatMap((b) => b.counts).filter((c) => c.event === "exit_intent_converted");
  // the timer's send, the keepalive send, or failing that the next page's send of what it stored
  const deadline = Date.now() + 20_000;
  while (converted().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(converted().map((c) => c.props), [{ reason: "pointer_exit", action: "start_trial", page: "/pricing" }]);
  await context.close();
});

test("telemetry batches reach the API with no query text, e-mail or id in them", async () => {
  stub.state.batches.length = 0;
  const { page, context } = await visit("/");
  const secret = "my email is jane.doe@example.com and order 8f3a2c1e-1111-4222-8333-444455556666";
  const first = await ask(page, `how much is it? ${secret}`);
  await ask(page, "how do I cancel my subscription");
  // 👍 on the first answer: one rating per answer
  await first.getByRole("button", { name: "Helpful", exact: true }).click();
  assert.equal(await first.getByRole("button", { name: "Not helpful" }).isDisabled(), true, "one rating per answer");
  // leaving the page flushes (pagehide -> keepalive fetch / sendBeacon)
  await page.goto(site.url + "/help");
  await page.waitForFunction(() => true);
  const deadline = Date.now() + 10_000;
  while (stub.state.batches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.ok(stub.state.batches.length > 0, "a batch arrived");
  const wire = JSON.stringify(stub.state.batches);
  for (const leak of ["jane.doe", "example.com", "8f3a2c1e", "how much", "cancel my subscription", "conversationId", "c-"]) {
    assert.ok(!wire.includes(leak), `batch carries ${leak}`);
  }
  assert.match(wire, /api_call/);
  const feedback = stub.state.batches.flatMap((b) => b.counts).filter((c) => c.event === "feedback");
  assert.equal(feedback.length, 1, "the rating arrived");
  assert.deepEqual(Object.keys(feedback[0].props).sort(), ["endpoint", "page", "rating", "source", "topic"]);
  assert.equal(feedback[0].props.rating, "up");
  assert.equal(feedback[0].props.endpoint, "chat");
  for (const b of stub.state.batches) assert.equal(typeof b.batchId, "string");
  await context.close();
});

test("every assistant call's events reach the API with closed-set props only: ai_request, workflow_run_preview, debug_analyse, onboarding_step", async () => {
  stub.state.batches.length = 0;
  const { page, context } = await visit("/", { mode: "down" }); // answered by the wasm: the events say "fallback"
  await ask(page, "how much does it cost? ann@example.com");
  await page.goto(site.url + "/workflows");
  const wf = page.getByTestId("workflow-builder");
  await wf.getByRole("button", { name: "Build workflow" }).click();
  await wf.locator("[data-source]").waitFor({ timeout: 10_000 });
  await page.goto(site.url + "/debug");
  const dbg = page.getByTestId("debug-assistant");
  await dbg.getByRole("button", { name: "Analyse error" }).click();
  await page.getByTestId("debug-category").waitFor({ timeout: 10_000 });
  await page.goto(site.url + "/onboarding");
  await page.getByTestId("onboarding-tutor").waitFor({ timeout: 15_000 });
  await stub.setMode("healthy");
  await page.goto(site.url + "/help"); // page hide flushes what was stored while the API was down
  const deadline = Date.now() + 20_000;
  const counts = () => stub.state.batches.flatMap((b) => b.counts);
  const want = ["ai_request", "workflow_run_preview", "debug_analyse", "onboarding_step"];
  while (Date.now() < deadline && !want.every((e) => counts().some((c) => c.event === e))) await new Promise((r) => setTimeout(r, 250));
  const allowed = {
    ai_request: ["endpoint", "latency", "page", "query_length", "result", "source"],
    workflow_run_preview: ["page", "pattern", "source", "steps"],
    debug_analyse: ["category", "page", "source"],
    onboarding_step: ["action", "step"],
  };
  for (const e of want) {
    const rows = counts().filter((c) => c.event === e);
    assert.ok(rows.length > 0, `${e} arrived: ${JSON.stringify(counts().map((c) => c.event))}`);
    for (const r of rows) for (const k of Object.keys(r.props)) assert.ok(allowed[e].includes(k), `${e} carries only closed-set props, not ${k}`);
  }
  const endpoints = new Set(counts().filter((c) => c.event === "ai_request").map((c) => c.props.endpoint));
  for (const ep of ["chat", "workflow", "debug", "onboarding"]) assert.ok(endpoints.has(ep), `ai_request for ${ep}`);
  assert.equal(counts().find((c) => c.event === "debug_analyse").props.category, "permission");
  assert.equal(counts().find((c) => c.event === "onboarding_step").props.action, "shown");
  const wire = JSON.stringify(stub.state.batches);
  // The texts typed (the chat question, the workflow request, the error
  // "Request failed with status code 403") never reach the wire; "403" is
  // checked in the props only, since ids and coarse times may hold those digits.
  for (const leak of ["ann@", "example.com", "how much", "Gmail", "status code", "Request failed"]) assert.ok(!wire.includes(leak), `batch carries ${leak}: …${wire.slice(Math.max(0, wire.indexOf(leak) - 120), wire.indexOf(leak) + 40)}…`);
  for (const c of counts()) for (const v of Object.values(c.props)) assert.ok(!String(v).includes("403"), `${c.event} carries 403 in ${JSON.stringify(c.props)}`);
  await context.close();
});

test("telemetry recorded while the API was down survives a reload and arrives when it is back", async () => {
  const { page, context } = await visit("/", { mode: "down" });
  stub.state.batches.length = 0;
  await ask(page, "how much does it cost?");
  await ask(page, "is there a free trial");
  // leave while offline: the page-hide send fails, the batch stays in localStorage
  await page.reload();
  await page.getByTestId("status-badge").filter({ hasNotText: "Starting…" }).waitFor({ timeout: 20_000 });
  await page.waitForTimeout(2_500);
  assert.equal(stub.state.batches.length, 0, "nothing reached the API while it was down");
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("telemetry")).map((k) => localStorage.getItem(k)).join(""));
  assert.match(stored, /api_call/, "the offline batch is kept in localStorage");
  await stub.setMode("healthy");
  await page.reload(); // a later visit, with the API back
  const deadline = Date.now() + 20_000;
  const offlineCalls = () =>
    stub.state.batches.flatMap((b) => b.counts ?? []).filter((c) => c.event === "api_call" && c.props?.source === "fallback");
  while (offlineCalls().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.ok(offlineCalls().length > 0, "the api_call counts recorded offline were delivered");
  await context.close();
});

test("ROI fields read the visitor's decimal comma (de-DE, fr-FR) and refuse a misplaced group mark (en-GB)", async () => {
  for (const [locale, rate, month] of [["de-DE", "35,5", "£769.17"], ["fr-FR", "1\u202f000,5", "£21,677.50"], ["en-GB", "35.5", "£769.17"]]) {
    const { page, context } = await visit("/", { locale });
    const roi = page.getByTestId("roi-calculator");
    await roi.getByLabel("Hours a week on manual work").fill("10");
    await roi.getByLabel("Average hourly cost").fill(rate);
    await page.getByTestId("roi-month").filter({ hasText: month }).waitFor({ timeout: 10_000 });
    if (locale === "en-GB") {
      // the old parser stripped commas: "35,5" was 355 an hour
      await roi.getByLabel("Average hourly cost").fill("35,5");
      await page.getByTestId("roi-error-hourlyRate").waitFor();
      assert.equal(await page.getByTestId("roi-month").count(), 0, "no number for a misplaced group mark");
    }
    await context.close();
  }
});

test("an escalation asked for offline is queued, then delivered once when the API is back", async () => {
  // Counted from the stub's log of every request it received, before its
  // dedupe by idempotency key: a client that sent the escalation twice would
  // fail here even though the stub would have kept one ticket.
  const from = stub.state.log.length;
  const escalateRequests = () => stub.state.log.slice(from).filter((r) => r.path === "/api/support/escalate" && r.method === "POST");
  const { page, context } = await visit("/", { mode: "down" });
  await ask(page, "I need to talk to a human please");
  await page.getByTestId("help-panel").getByTestId("escalate").click();
  const status = page.getByTestId("escalation-status");
  await status.waitFor();
  assert.equal(await status.getAttribute("data-state"), "queued");
  assert.match(await status.textContent(), /will send it/);
  await screenshot(page.getByTestId("help-panel"), "escalation-queued");
  assert.equal(escalateRequests().filter((r) => r.kept).length, 0, "nothing reached the API while it was down");
  await stub.setMode("healthy");
  // the visitor carries on; the first successful call (or health probe) sends the queue
  await ask(page, "thanks, and how do I add my team?");
  const deadline = Date.now() + 15_000;
  while (escalateRequests().filter((r) => r.kept).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await page.waitForTimeout(1_000);
  const delivered = escalateRequests().filter((r) => r.kept);
  assert.equal(delivered.length, 1, "sent exactly once once the API is back (requests received, before dedupe)");
  assert.ok(delivered[0].key, "with an idempotency key");
  assert.equal(new Set(escalateRequests().map((r) => r.key)).size, 1, "every attempt carried the same key");
  await context.close();
});

test("markup in a question is shown as text and never runs", async () => {
  const { page, context, errors } = await visit("/", { mode: "down" });
  const payloads = [
    `<img src=x onerror="window.__pwned=1"> how much is it`,
    `<script>window.__pwned=1</script> refund please`,
    `[click me](javascript:window.__pwned=1) cancel`,
  ];
  for (const p of payloads) {
    await ask(page, p);
    await page.getByTestId("help-panel").getByText(p, { exact: true }).waitFor();
  }
  const log = page.getByTestId("help-panel").locator(".chat-log");
  assert.equal(await log.locator("img, script, a[href^='javascript']").count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});
