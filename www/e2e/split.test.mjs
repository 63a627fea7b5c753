// The package's two wasm modules, seen in Chromium's network log against the
// production build: /pricing downloads the core only; a healthy API answers
// without the assistant being fetched; with the API down the assistant is
// fetched once and answers; after the support widget opens, going offline
// still gets answers; a failed assistant fetch says so honestly and the next
// question retries.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSite, launchBrowser } from "./harness.mjs";
import { startStub } from "./stub-api.mjs";

let stub, site, browser;

before(async () => {
  stub = await startStub();
  site = await startSite({ LEVQOR_API_BASE: stub.url, LEVQOR_TIMEOUT_MS: "1500", LEVQOR_COOLDOWN_MS: "1500" });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.stop();
  await stub?.close();
});

const CORE_WASM = /\/levqor_wasm_bg\.[0-9a-f]+\.wasm$/;
const ASSISTANT_WASM = /\/levqor_wasm_assistant_bg\.[0-9a-f]+\.wasm$/;

/** A fresh visitor on `path` whose wasm requests are logged. */
async function visit(path, mode) {
  await stub.setMode(mode);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const wasm = [];
  page.on("request", (r) => {
    const url = new URL(r.url()).pathname;
    if (url.endsWith(".wasm")) wasm.push(url);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(site.url + path);
  await page.getByTestId("status-badge").filter({ hasNotText: "Starting…" }).waitFor({ timeout: 20_000 });
  const count = (re) => wasm.filter((u) => re.test(u)).length;
  return { page, context, errors, core: () => count(CORE_WASM), assistant: () => count(ASSISTANT_WASM), wasm };
}

/**
 * Asks `thread` without focusing its input (no preload on intent): the value
 * is set the way React reads it and the form is submitted by a script click.
 */
async function askWithoutFocus(page, testId, text) {
  const thread = page.getByTestId(testId);
  const before = await thread.locator("li.msg.bot:not([aria-busy])").count();
  await page.evaluate(
    ({ testId, text }) => {
      const root = document.querySelector(`[data-testid="${testId}"]`);
      const input = root.querySelector("form input");
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, text);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      root.querySelector('form button[type="submit"]').click();
    },
    { testId, text },
  );
  const answer = thread.locator("li.msg.bot:not([aria-busy])").nth(before);
  await answer.waitFor({ timeout: 15_000 });
  return answer;
}

/** Asks `thread` as a visitor does (focus, type, send). */
async function ask(page, testId, label, text) {
  const thread = page.getByTestId(testId);
  const before = await thread.locator("li.msg.bot:not([aria-busy])").count();
  await thread.getByRole("textbox", { name: label, exact: true }).fill(text);
  await thread.getByRole("button", { name: "Send" }).click();
  const answer = thread.locator("li.msg.bot:not([aria-busy])").nth(before);
  await answer.waitFor({ timeout: 15_000 });
  return answer;
}

test("/pricing downloads the core module only", async () => {
  const v = await visit("/pricing", "healthy");
  // Use what the page offers: the ROI calculator and a mouse moving about.
  await v.page.mouse.move(600, 400);
  await v.page.mouse.move(300, 300);
  await v.page.waitForTimeout(1500);
  assert.equal(v.core(), 1, `core wasm fetched once: ${v.wasm}`);
  assert.equal(v.assistant(), 0, `no assistant on /pricing: ${v.wasm}`);
  assert.deepEqual(v.errors, []);
  await v.context.close();
});

test("API healthy: a question with no preload is answered by the server and fetches no assistant", async () => {
  const v = await visit("/", "healthy");
  const a = await askWithoutFocus(v.page, "help-panel", "how much is the pro plan?");
  assert.equal(await a.getAttribute("data-source"), "server");
  await v.page.waitForTimeout(500);
  assert.equal(v.assistant(), 0, `no assistant while the server answers: ${v.wasm}`);
  await v.context.close();
});

test("API down: the assistant is fetched once, then answers every question", async () => {
  const v = await visit("/", "down");
  assert.equal(v.assistant(), 0, "not fetched before it is needed");
  const a = await askWithoutFocus(v.page, "help-panel", "how much does it cost?");
  assert.equal(await a.getAttribute("data-source"), "fallback");
  assert.match(await a.textContent(), /£9/);
  const b = await askWithoutFocus(v.page, "help-panel", "can I cancel anytime?");
  assert.equal(await b.getAttribute("data-source"), "fallback");
  assert.equal(v.assistant(), 1, `fetched exactly once: ${v.wasm}`);
  assert.deepEqual(v.errors, []);
  await v.context.close();
});

test("after the support widget opens, going offline still gets answers", async () => {
  const v = await visit("/pricing", "healthy");
  const loaded = v.page.waitForResponse((r) => ASSISTANT_WASM.test(new URL(r.url()).pathname), { timeout: 15_000 });
  await v.page.getByRole("button", { name: "Support", exact: true }).click();
  await loaded; // opening the widget is the intent: the assistant is preloaded
  await v.context.setOffline(true);
  const a = await ask(v.page, "support-widget", "Message support", "is there a free trial?");
  assert.equal(await a.getAttribute("data-source"), "fallback");
  assert.equal(await a.getAttribute("data-topic"), "trial");
  assert.equal(v.assistant(), 1);
  await v.context.close();
});

test("a failed assistant fetch answers honestly, and the next question retries", async () => {
  const v = await visit("/", "down");
  await v.page.route(ASSISTANT_WASM, (route) => route.abort("internetdisconnected"));
  const thread = v.page.getByTestId("help-panel");
  await askWithoutFocus(v.page, "help-panel", "how much does it cost?").catch(() => {});
  const err = thread.locator('li.msg.bot.error[data-code="assistant_unavailable"]');
  await err.waitFor({ timeout: 15_000 });
  assert.match(await err.textContent(), /could not be downloaded/);
  await v.page.unroute(ASSISTANT_WASM);
  const a = await askWithoutFocus(v.page, "help-panel", "can I cancel anytime?");
  assert.equal(await a.getAttribute("data-source"), "fallback");
  assert.equal(v.assistant(), 2, `tried, failed, tried again: ${v.wasm}`);
  await v.context.close();
});
