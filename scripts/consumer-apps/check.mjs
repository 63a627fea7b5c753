// Opens one served consumer app in headless Chromium (www/e2e/harness.mjs:
// Debian's Chromium through playwright-core) and checks what its page
// reports: both entry points answered with the API unreachable, the engine
// version is the package's, both wasm modules were fetched, no page error,
// and the OTLP batches it sent reached the receiver and parsed there.
//   node check.mjs --name APP --url URL --version V --otlp URL --otlp-dir DIR
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { launchBrowser } from "../../www/e2e/harness.mjs";

const arg = (n) => {
  const i = process.argv.indexOf(`--${n}`);
  if (i < 0) throw new Error(`check.mjs: --${n} missing`);
  return process.argv[i + 1];
};
const [name, url, version, otlp, otlpDir] = ["name", "url", "version", "otlp", "otlp-dir"].map(arg);

const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${url}/?otlp=${encodeURIComponent(otlp)}`);
  await page.locator("#result[data-done]").waitFor({ timeout: 30_000 });
  const r = JSON.parse(await page.locator("#result").textContent());
  assert.equal(r.error, undefined, `${name}: the page threw: ${r.error}`);
  assert.deepEqual(errors, [], `${name}: page errors`);

  assert.equal(r.version, version, "version() is the package's");
  assert.equal(r.client.engine, `levqor-wasm/${version}`, "meta.engine is the package's version");
  assert.equal(r.client.source, "fallback");
  assert.equal(r.client.fallbackReason, "network");
  assert.match(r.client.text, /£29/, "the Pro plan's price");
  assert.equal(r.assistant.topic, "trial");
  assert.ok(r.assistant.text.length > 20);
  assert.equal(r.loadAssistant.source, "fallback");
  assert.ok(r.loadAssistant.text.length > 20);
  assert.ok(r.telemetry.attempted >= 1 && r.telemetry.delivered === r.telemetry.attempted, `telemetry: ${JSON.stringify(r.telemetry)}`);

  const wasm = requests.filter((u) => new URL(u).pathname.endsWith(".wasm")).map((u) => path.basename(new URL(u).pathname));
  assert.ok(wasm.some((f) => /^levqor_wasm_bg\b/.test(f)), `core wasm fetched: ${wasm}`);
  assert.ok(wasm.some((f) => /^levqor_wasm_assistant_bg\b/.test(f)), `assistant wasm fetched: ${wasm}`);
  const origins = new Set(requests.map((u) => new URL(u).origin));
  for (const o of origins) {
    assert.ok([new URL(url).origin, new URL(otlp).origin, "http://127.0.0.1:9"].includes(o), `${name}: contacted ${o}`);
  }

  // What the receiver got: parsed by scripts/otlp-check.py --serve (400 otherwise).
  const got = readdirSync(otlpDir).filter((f) => f.endsWith(".json"));
  assert.ok(got.length >= 1, "the receiver got a request");
  assert.deepEqual(got.filter((f) => !f.endsWith("-ok.json")), [], "every request parsed as ExportMetricsServiceRequest");
  const docs = got.map((f) => readFileSync(path.join(otlpDir, f), "utf8"));
  const all = docs.join("\n");
  assert.ok(!/jo@example\.com|Pro plan|free trial/i.test(all), "no personal data or query text in OTLP");
  const metrics = docs.flatMap((d) => JSON.parse(d).resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((s) => s.metrics)));
  const names = new Set(metrics.map((m) => m.name));
  for (const n of ["levqor.ai_request", "levqor.api_call", "levqor.api.latency", "levqor.telemetry.refused"]) assert.ok(names.has(n), `${n} in ${[...names]}`);
  const service = JSON.parse(docs[0]).resourceMetrics[0].resource.attributes.find((a) => a.key === "service.name");
  assert.equal(service.value.stringValue, "levqor-consumer-app");
  console.log(`consumer-apps: ${name}: answered offline through both entry points (${r.client.text.slice(0, 50)}…), wasm ${wasm.join(", ")}; OTLP ${got.length} request(s), ${all.length} bytes, parsed`);
} finally {
  await browser.close();
}
