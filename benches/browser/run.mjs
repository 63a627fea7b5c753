// The browser half of `scripts/bench.sh`: measures levqor-wasm against the
// npm packages a Levqor engineer would otherwise reach for (@nlpjs/nlp with
// @nlpjs/lang-en-min, minisearch, ouibounce, posthog-js, and the
// OpenTelemetry JS metrics SDK with its OTLP/HTTP exporter), all in the same
// run, in headless Chromium on this machine, and writes BENCHMARKS.md and
// benches/results.json. Nothing here is a hard-coded figure.
//
//   node benches/browser/run.mjs [--events N] [--loads N] [--native FILE] [--telemetry-only | --startup-only]
//
// --events  telemetry events per library (default 1000000)
// --loads   fresh page loads per library for start-up (default 20)
// --native  a file holding the output of the native `cargo bench` run
// --telemetry-only  only the telemetry rows, printed and written to
//           target/bench/telemetry.json (BENCHMARKS.md is left alone)
// --startup-only    only the start-up-per-page rows (pricing, help) and bytes
//           per page, printed and written to target/bench/startup.json
import { createServer } from "node:http";
import { once } from "node:events";
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const OUT = path.join(ROOT, "target", "bench");
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const EVENTS = Number(arg("--events", 1_000_000));
const LOADS = Number(arg("--loads", 20));
const NATIVE = arg("--native", null);
const TELEMETRY_ONLY = process.argv.includes("--telemetry-only");
const STARTUP_ONLY = process.argv.includes("--startup-only");
const log = (...a) => console.log("[bench]", ...a);

// ---------------------------------------------------------------- data

/** Knowledge-base sections, parsed the way build.rs reads them. */
function kbSections() {
  const dir = path.join(ROOT, "src/assistant/kb");
  const sections = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md")).sort()) {
    let docTopic = null, cur = null;
    for (const line of readFileSync(path.join(dir, file), "utf8").split("\n")) {
      if (line.startsWith("## ")) {
        cur = { id: `${file}#${sections.length}`, title: line.slice(3).trim(), keywords: "", text: "", topic: docTopic };
        sections.push(cur);
      } else if (line.startsWith("# ")) {
        cur = null;
      } else if (/^topic:/.test(line)) {
        if (cur) cur.topic = line.slice(6).trim(); else docTopic = line.slice(6).trim();
      } else if (cur && /^keywords:/.test(line)) {
        cur.keywords = line.slice(9).trim();
      } else if (cur && !/^suggest:/.test(line)) {
        cur.text += line + "\n";
      }
    }
  }
  return sections;
}

const jsonl = (f) => readFileSync(path.join(ROOT, "tests/corpus", f), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
const chat = jsonl("chat.jsonl");
const train = chat.filter((r) => r.split === "train");
const test = chat.filter((r) => r.split === "test");
// The source-grouped 5-fold split of tests/chat_real.rs, computed the same
// way (text::classifier::source_group): group = github.com/OWNER/REPO for
// GitHub sources, else the host, lower-cased and without "www."; a
// written line is its own group; fold = FNV-1a(group) % 5.
const K = 5;
const fnv1a = (s) => {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(s, "utf8")) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h >>> 0;
};
const sourceGroup = (src) => {
  const parts = src.trim().replace(/^https?:\/\//, "").toLowerCase().split("/");
  const host = parts[0].replace(/^www\./, "");
  return host === "github.com" && parts.length >= 3 ? ["github.com", parts[1], parts[2]].join("/") : host;
};
const folded = [
  ...jsonl("chat_real.jsonl").map((r) => ({ query: r.query, topic: r.topic, written: false, group: sourceGroup(r.source) })),
  ...chat.map((r) => ({ query: r.query, topic: r.topic, written: true, group: `written:${r.query}` })),
].map((r) => ({ ...r, fold: fnv1a(r.group) % K }));
const workflow = jsonl("workflow.jsonl").map((r) => r.query);
const debug = jsonl("debug.jsonl").map((r) => r.error);
const sections = kbSections();

// ---------------------------------------------------------------- bundles and sizes

const gz = (b) => zlib.gzipSync(b, { level: 9 }).length;
const br = (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sizeOf = (buf) => ({ raw: buf.length, gzip: gz(buf), brotli: br(buf) });
const sum = (xs) => xs.reduce((a, x) => ({ raw: a.raw + x.raw, gzip: a.gzip + x.gzip, brotli: a.brotli + x.brotli }), { raw: 0, gzip: 0, brotli: 0 });

async function bundles() {
  mkdirSync(path.join(OUT, "bundles"), { recursive: true });
  const out = {};
  for (const name of ["nlpjs", "minisearch", "ouibounce", "posthog", "otel"]) {
    const file = path.join(OUT, "bundles", `${name}.js`);
    await esbuild.build({ entryPoints: [path.join(HERE, "entries", `${name}.js`)], bundle: true, minify: true, format: "esm", platform: "browser", outfile: file, logLevel: "error" });
    out[name] = readFileSync(file);
  }
  return out;
}

/** Our package as a Next.js app ships it, the same way as the peers: each
 * entry point's glue and snippets bundled and minified by esbuild into one
 * file, the core's dynamic `import()` of the assistant left as a request for
 * the other file, served from /lq/ beside the two `.wasm` files that
 * `init()` fetches relative to `import.meta.url`. Not esbuild's `splitting`:
 * it moves the one snippet both glues use (`convert.js`) into a shared chunk
 * that the core must fetch before it can run (a second round trip, ~7 ms of
 * the pricing row), which webpack does not do: in `www/`'s Next.js build the
 * assistant's chunk uses the core chunk's copy by module id. The assistant's
 * bundle keeps its own copy of that snippet (~1 KB). */
async function bundleOurs() {
  const dir = path.join(OUT, "bundles", "levqor");
  rmSync(dir, { recursive: true, force: true });
  const pkg = path.join(ROOT, "pkg");
  const assistantApart = {
    name: "assistant-apart",
    setup(b) {
      b.onResolve({ filter: /levqor_wasm_assistant\.js$/ }, (a) => (a.kind === "dynamic-import" ? { path: "./levqor_wasm_assistant.js", external: true } : undefined));
    },
  };
  for (const [entry, plugins] of [["levqor_wasm.js", [assistantApart]], ["levqor_wasm_assistant.js", []]]) {
    await esbuild.build({ entryPoints: [path.join(pkg, entry)], bundle: true, minify: true, format: "esm", platform: "browser", outdir: dir, plugins, logLevel: "error" });
  }
  const out = {};
  for (const f of readdirSync(dir)) out["/lq/" + f] = readFileSync(path.join(dir, f));
  if (Object.keys(out).length !== 2) throw new Error(`expected two bundles, got ${Object.keys(out)}`);
  if (!out["/lq/levqor_wasm.js"].includes('import("./levqor_wasm_assistant.js")')) throw new Error("the core bundle must fetch the assistant's, not contain it");
  for (const f of ["levqor_wasm_bg.wasm", "levqor_wasm_assistant_bg.wasm"]) out["/lq/" + f] = readFileSync(path.join(pkg, f));
  return out;
}

function pkgFiles() {
  const pkg = path.join(ROOT, "pkg");
  // Both modules (the assistant answers chat since the split, issue #20).
  const files = ["levqor_wasm_bg.wasm", "levqor_wasm.js", "levqor_wasm_assistant_bg.wasm", "levqor_wasm_assistant.js"].map((f) => path.join(pkg, f));
  const snippets = path.join(pkg, "snippets");
  const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith(".js")) files.push(p); } };
  if (existsSync(snippets)) walk(snippets);
  return files;
}

/** nlp.js trained on the training half in Node, exported as its model JSON. */
async function nlpModel() {
  const { createNlp } = await import(path.join(HERE, "entries", "nlpjs.js"));
  const nlp = await createNlp();
  for (const r of train) nlp.addDocument("en", r.query, r.topic);
  await nlp.train();
  return nlp.export(true);
}

/** nlp.js trained on each fold's training lines and scored on its test
 * lines (in Node): topic accuracy on the real and the written lines. */
async function nlpFolds() {
  const { createNlp } = await import(path.join(HERE, "entries", "nlpjs.js"));
  const score = { real: { correct: 0, total: 0 }, written: { correct: 0, total: 0 } };
  for (let f = 0; f < K; f++) {
    const nlp = await createNlp();
    for (const r of folded) if (r.fold !== f) nlp.addDocument("en", r.query, r.topic);
    await nlp.train();
    for (const r of folded) {
      if (r.fold !== f) continue;
      const intent = (await nlp.process("en", r.query)).intent;
      const s = score[r.written ? "written" : "real"];
      s.total++;
      if ((intent === "None" ? "other" : intent) === r.topic) s.correct++;
    }
  }
  return score;
}

// ---------------------------------------------------------------- server

/** Same-origin server, cross-origin isolated so performance.now() has 5 µs resolution. */
async function startServer(files, data) {
  const recv = {
    levqor: { requests: 0, bytes: 0, events: 0, batchIds: new Set(), duplicates: 0 }, posthog: { requests: 0, bytes: 0, events: 0 },
    "levqor-otlp": { requests: 0, bytes: 0, events: 0, batchIds: new Set(), duplicates: 0 }, otel: { requests: 0, bytes: 0, events: 0 },
  };
  const TYPES = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    const head = { "cross-origin-opener-policy": "same-origin", "cross-origin-embedder-policy": "require-corp", "cache-control": "no-store" };
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const body = Buffer.concat(chunks);
    if (req.method === "POST" && !url.pathname.startsWith("/api/ai/")) {
      if (url.pathname === "/api/telemetry/events") {
        const r = recv.levqor;
        r.requests++; r.bytes += body.length;
        try {
          const b = JSON.parse(body.toString("utf8"));
          if (r.batchIds.has(b.batchId)) r.duplicates++;
          else { r.batchIds.add(b.batchId); for (const c of b.counts ?? []) r.events += c.n; }
        } catch { /* counted as bytes only */ }
        res.writeHead(202, { "content-type": "application/json" });
        return res.end('{"accepted":true}');
      }
      // OTLP/HTTP JSON: ours at /otlp/levqor/v1/metrics, the OpenTelemetry SDK's at /otlp/otel/v1/metrics.
      const otlp = url.pathname.match(/^\/otlp\/(levqor|otel)\/v1\/metrics$/);
      if (otlp) {
        const r = recv[otlp[1] === "levqor" ? "levqor-otlp" : "otel"];
        r.requests++; r.bytes += body.length;
        try {
          const b = JSON.parse(body.toString("utf8"));
          for (const rm of b.resourceMetrics ?? []) {
            const id = rm.resource?.attributes?.find((a) => a.key === "levqor.batch_id")?.value?.stringValue;
            if (id && r.batchIds) { if (r.batchIds.has(id)) { r.duplicates++; continue; } r.batchIds.add(id); }
            for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) {
              if (!m.sum || m.name.startsWith("levqor.telemetry.")) continue;
              for (const p of m.sum.dataPoints ?? []) r.events += Number(p.asInt ?? p.asDouble ?? 0);
            }
          }
        } catch { /* counted as bytes only */ }
        res.writeHead(200, { "content-type": "application/json" });
        return res.end("{}");
      }
      // posthog-js: /e/, /i/v0/e/, /batch/ … (gzip or plain JSON)
      const r = recv.posthog;
      r.requests++; r.bytes += body.length;
      try {
        const gzipped = body[0] === 0x1f && body[1] === 0x8b; // gzip-js, whatever the URL says
        const text = gzipped ? zlib.gunzipSync(body).toString("utf8") : body.toString("utf8");
        const b = JSON.parse(text);
        const events = Array.isArray(b) ? b : Array.isArray(b.batch) ? b.batch : [b];
        r.events += events.filter((e) => e && typeof e.event === "string" && !e.event.startsWith("$")).length;
      } catch { /* counted as bytes only */ }
      res.writeHead(200, { "content-type": "application/json" });
      return res.end('{"status":1}');
    }
    // The Levqor API, down: the help-page start-up row answers from the
    // fallback, fetched on panel open (a 503 is what a broken backend says).
    if (url.pathname.startsWith("/api/ai/") || url.pathname.startsWith("/api/health")) {
      res.writeHead(503, { ...head, "content-type": "application/json" });
      return res.end('{"success":false,"error":"down"}');
    }
    if (url.pathname === "/" || url.pathname === "/bench.html") {
      res.writeHead(200, { ...head, "content-type": "text/html" });
      return res.end('<!doctype html><meta charset="utf-8"><title>levqor-wasm bench</title><body></body>');
    }
    if (url.pathname.startsWith("/data/")) {
      const d = data[url.pathname.slice(6)];
      if (d !== undefined) { res.writeHead(200, { ...head, "content-type": "application/json" }); return res.end(d); }
    }
    const f = files[url.pathname];
    if (f !== undefined) {
      res.writeHead(200, { ...head, "content-type": TYPES[path.extname(url.pathname)] ?? "application/octet-stream" });
      return res.end(f);
    }
    res.writeHead(404, head);
    res.end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${server.address().port}`, recv, close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(r); }) };
}

// ---------------------------------------------------------------- statistics

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.round((s.length - 1) * p)]; };
const median = (xs) => pct(xs, 0.5);

// ---------------------------------------------------------------- in-page code

// Runs in the page: imports the library and answers one question; returns ms.
const STARTUP = async (lib) => {
  const t0 = performance.now();
  let answer;
  if (lib === "levqor-wasm") {
    const m = await import("/pkg/levqor_wasm_assistant.js");
    await m.default();
    answer = new m.Assistant().chat({ query: "how much is the pro plan" }).meta.topic;
  } else if (lib === "nlp.js (trained in page)") {
    const [m, rows] = await Promise.all([import("/bundles/nlpjs.js"), fetch("/data/train.json").then((r) => r.json())]);
    const nlp = await m.createNlp();
    for (const r of rows) nlp.addDocument("en", r.query, r.topic);
    await nlp.train();
    answer = (await nlp.process("en", "how much is the pro plan")).intent;
  } else if (lib === "nlp.js (pre-trained model)") {
    const [m, model] = await Promise.all([import("/bundles/nlpjs.js"), fetch("/data/nlp-model.json").then((r) => r.text())]);
    const nlp = await m.createNlp();
    nlp.import(model);
    answer = (await nlp.process("en", "how much is the pro plan")).intent;
  } else if (lib === "MiniSearch") {
    const [m, kb] = await Promise.all([import("/bundles/minisearch.js"), fetch("/data/kb.json").then((r) => r.json())]);
    answer = m.createIndex(kb).search("how much is the pro plan")[0]?.topic;
  }
  return { ms: performance.now() - t0, answer };
};

// Runs in the page: what the pricing page does at start-up, timed from
// before `import()`: exit intent armed, then the first ROI result. ouibounce
// (exit intent only) is timed to armed; it has no ROI calculator.
const PRICING = async (lib) => {
  const t0 = performance.now();
  let armedMs, roiMs = null, armed, importMs = null, initMs = null, gateMs = null;
  if (lib === "levqor-wasm") {
    const m = await import("/lq/levqor_wasm.js");
    importMs = performance.now() - t0;
    await m.default();
    initMs = performance.now() - t0;
    // Armed = listening, as ouibounce's row: the constructor attaches the
    // listeners. Its gate (once per session, suppression) lives in Web
    // Storage, opened when first needed, as ouibounce reads its cookie only
    // when it would fire; reading it here is timed apart (`gate`).
    const exit = new m.ExitIntent({}, () => {});
    armedMs = performance.now() - t0;
    armed = exit.isArmed();
    gateMs = performance.now() - t0;
    const roi = m.calculateRoi({ hoursPerWeek: 10, hourlyRate: 35 });
    roiMs = performance.now() - t0;
    if (!roi.ok) throw new Error("ROI failed");
  } else {
    const { ouibounce } = await import("/bundles/ouibounce.js");
    const el = document.createElement("div");
    document.body.append(el);
    const o = ouibounce(el, { aggressive: true, callback: () => {} });
    armed = typeof o.fire === "function";
    armedMs = performance.now() - t0;
  }
  return { armedMs, roiMs, armed, importMs, initMs, gateMs };
};

// Runs in the page, after the pricing-style start-up (core loaded, a
// LevqorClient against an API that answers 503): the visitor opens the help
// panel. Timed from that moment to the first answer: ours preloads the
// assistant (as www/ does on open) and asks through the client, which falls
// back; the peers fetch their library and data, then train or index, then
// answer. Every load is a fresh context, so each fetch is a cold cache.
const HELP_SETUP = async () => {
  const m = await import("/lq/levqor_wasm.js");
  await m.default();
  window.__client = new m.LevqorClient({ apiBase: location.origin, timeoutMs: 2000 });
  return window.__client.configError;
};
const HELP = async (lib) => {
  const q = "how much is the pro plan";
  const t0 = performance.now();
  let answer, source = null;
  if (lib === "levqor-wasm") {
    const c = window.__client;
    void c.preloadAssistant();
    const r = await c.chat({ query: q });
    answer = r.success ? r.meta.topic : `error: ${r.code}`;
    source = r.success ? r.meta.source : null;
  } else if (lib === "nlp.js (pre-trained model)") {
    const [m, model] = await Promise.all([import("/bundles/nlpjs.js"), fetch("/data/nlp-model.json").then((r) => r.text())]);
    const nlp = await m.createNlp();
    nlp.import(model);
    answer = (await nlp.process("en", q)).intent;
  } else if (lib === "nlp.js (trained in page)") {
    const [m, rows] = await Promise.all([import("/bundles/nlpjs.js"), fetch("/data/train.json").then((r) => r.json())]);
    const nlp = await m.createNlp();
    for (const r of rows) nlp.addDocument("en", r.query, r.topic);
    await nlp.train();
    answer = (await nlp.process("en", q)).intent;
  } else if (lib === "MiniSearch") {
    const [m, kb] = await Promise.all([import("/bundles/minisearch.js"), fetch("/data/kb.json").then((r) => r.json())]);
    answer = m.createIndex(kb).search(q)[0]?.topic;
  }
  return { ms: performance.now() - t0, answer, source };
};

// Runs in the page: latency (each sample is the mean of R back-to-back calls
// of the same input, so the 5 µs timer resolution stays under a few per
// cent) and top-1 accuracy on the held-back half, for all three libraries.
const LATENCY = async ({ test, workflow, debug, R, passes }) => {
  const levqor = await import("/pkg/levqor_wasm_assistant.js");
  await levqor.default();
  const [nlpm, msm, model, kb] = await Promise.all([import("/bundles/nlpjs.js"), import("/bundles/minisearch.js"), fetch("/data/nlp-model.json").then((r) => r.text()), fetch("/data/kb.json").then((r) => r.json())]);
  const nlp = await nlpm.createNlp();
  nlp.import(model);
  const index = msm.createIndex(kb);
  const a = new levqor.Assistant();
  const libs = {
    "levqor-wasm": { topic: (q) => a.chat({ query: q }).meta?.topic ?? "error", call: (q) => a.chat({ query: q }) },
    "nlp.js": { topic: async (q) => { const i = (await nlp.process("en", q)).intent; return i === "None" ? "other" : i; }, call: (q) => nlp.process("en", q), async: true },
    MiniSearch: { topic: (q) => index.search(q)[0]?.topic ?? "other", call: (q) => index.search(q) },
  };
  const accuracy = {};
  for (const [name, lib] of Object.entries(libs)) {
    const per = {};
    let ok = 0;
    for (const r of test) {
      const got = await lib.topic(r.query);
      per[r.topic] ??= [0, 0];
      per[r.topic][1]++;
      if (got === r.topic) { ok++; per[r.topic][0]++; }
    }
    accuracy[name] = { correct: ok, total: test.length, perTopic: per };
  }
  const time = async (call, inputs, isAsync) => {
    // One uncounted pass first, so every library is measured after its JIT
    // (and V8's Liftoff -> TurboFan tier-up for the wasm) has settled.
    for (const q of inputs) if (isAsync) await call(q); else call(q);
    const samples = [];
    for (let p = 0; p < passes; p++) {
      for (const q of inputs) {
        const t0 = performance.now();
        if (isAsync) for (let i = 0; i < R; i++) await call(q);
        else for (let i = 0; i < R; i++) call(q);
        samples.push(((performance.now() - t0) / R) * 1000);
      }
    }
    return samples;
  };
  const latency = {};
  for (const [name, lib] of Object.entries(libs)) latency[`chat: ${name}`] = await time(lib.call, test.map((r) => r.query), lib.async);
  latency["workflow: levqor-wasm"] = await time((q) => a.workflow({ query: q }), workflow, false);
  latency["debug: levqor-wasm"] = await time((q) => a.debug({ error: q }), debug, false);
  return { accuracy, latency, isolated: crossOriginIsolated };
};

// Runs in the page: `n` events through one library, in chunks of 1000 calls
// with a macrotask between chunks so its timers (batching, flushing) run.
const TELEMETRY = async ({ lib, n }) => {
  const EVENTS = [
    ["onboarding_step", (i) => ({ step: ["profile_setup", "first_workflow", "invite_team"][i % 3], action: ["shown", "completed"][i % 2] })],
    ["feedback", (i) => ({ rating: i % 5 ? "up" : "down", endpoint: "chat", topic: ["pricing", "billing", "trial", "other"][i % 4] })],
    ["ai_fallback_used", (i) => ({ endpoint: ["chat", "workflow", "debug"][i % 3], reason: ["timeout", "network", "offline", "circuit_open"][i % 4] })],
    ["exit_intent_shown", (i) => ({ reason: "pointer_exit", page: ["/pricing", "/", "/help"][i % 3] })],
  ];
  let track, finish, wasmMemory = () => 0;
  if (lib === "levqor-wasm" || lib === "levqor-wasm (OTLP)") {
    const m = await import("/pkg/levqor_wasm.js");
    const w = await m.default();
    const t = lib === "levqor-wasm"
      ? new m.Telemetry({ endpoint: "/api/telemetry/events", storageKey: "bench" })
      : new m.Telemetry({ endpoint: "/otlp/levqor/v1/metrics", format: "otlp", storageKey: "bench-otlp" });
    track = (e, p) => t.track(e, p);
    finish = () => t.flush();
    wasmMemory = () => w.memory.buffer.byteLength;
  } else if (lib === "OpenTelemetry JS SDK") {
    // Exports every 30 s, our Telemetry's default flush interval.
    const { createOtel } = await import("/bundles/otel.js");
    const o = createOtel(location.origin + "/otlp/otel/v1/metrics", 30_000);
    track = (e, p) => o.track(e, p);
    finish = () => o.flush();
  } else {
    const { posthog } = await import("/bundles/posthog.js");
    posthog.init("phc_benchmark", {
      api_host: location.origin, persistence: "memory", autocapture: false, capture_pageview: false, capture_pageleave: false,
      disable_session_recording: true, disable_surveys: true, advanced_disable_flags: true, advanced_disable_decide: true,
      disable_external_dependency_loading: true, capture_performance: false, capture_dead_clicks: false, capture_exceptions: false,
      // posthog-js drops events over 10/s (burst 100) by default; lifted so it captures the same million
      rate_limiting: { events_per_second: 1e9, events_burst_limit: 1e9 },
      // headless Chromium's user agent looks like a bot to posthog-js, which then drops every event
      opt_out_useragent_filter: true,
    });
    track = (e, p) => posthog.capture(e, p);
    finish = async () => {};
  }
  const perCall = [];
  const start = performance.now();
  for (let i = 0; i < n; i += 1000) {
    const t0 = performance.now();
    for (let j = i; j < Math.min(n, i + 1000); j++) {
      const [e, p] = EVENTS[j % EVENTS.length];
      track(e, p(j));
    }
    perCall.push(((performance.now() - t0) / Math.min(1000, n - i)) * 1e6);
    await new Promise((r) => setTimeout(r, 0));
  }
  const loopMs = performance.now() - start;
  const enc = new TextEncoder();
  let storage = enc.encode(document.cookie).length;
  for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) { const k = s.key(i); storage += enc.encode(k).length + enc.encode(s.getItem(k)).length; }
  window.__finish = finish;
  return { perCall, loopMs, storage, wasmMemory: wasmMemory() };
};

// ---------------------------------------------------------------- run

const machine = () => {
  const cpus = os.cpus();
  let rustc = "";
  try { rustc = execFileSync("rustc", ["-V"], { encoding: "utf8" }).trim(); } catch { /* optional */ }
  let commit = "";
  try { commit = execFileSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim(); } catch { /* optional */ }
  return { cpu: cpus[0]?.model ?? "unknown", cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, rustc, commit };
};

const TELEMETRY_LIBS = ["levqor-wasm", "posthog-js", "levqor-wasm (OTLP)", "OpenTelemetry JS SDK"];
const RECV = { "levqor-wasm": "levqor", "posthog-js": "posthog", "levqor-wasm (OTLP)": "levqor-otlp", "OpenTelemetry JS SDK": "otel" };

const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

async function main() {
  const started = Date.now();
  // Read now: the commit measured is the one checked out when the run began.
  const machineAtStart = machine();
  log("bundling the peers with esbuild (minified ESM, as a Next.js app would ship them)");
  const b = await bundles();
  const model = await nlpModel();
  if (!STARTUP_ONLY && !TELEMETRY_ONLY) log("nlp.js on the source-grouped folds of the chat corpus");
  const folds = STARTUP_ONLY || TELEMETRY_ONLY ? null : { nlpjs: await nlpFolds(), k: K, lines: folded.length };
  const kbJson = JSON.stringify(sections);
  const data = { "train.json": JSON.stringify(train.map(({ query, topic }) => ({ query, topic }))), "nlp-model.json": model, "kb.json": kbJson };

  // Read once: measured here, served to the page below.
  const pkg = pkgFiles().map((f) => ({ file: path.relative(ROOT, f), bytes: readFileSync(f) }));
  const lq = await bundleOurs();
  const ours = pkg.map(({ file, bytes }) => ({ file, ...sizeOf(bytes) }));
  const size = {
    "levqor-wasm": { total: sum(ours), files: ours, covers: "intent matching + FAQ retrieval + workflow + debug + onboarding + ROI + exit intent + telemetry + API bridge, knowledge base included" },
    "@nlpjs/nlp + @nlpjs/lang-en-min": { total: sizeOf(b.nlpjs), data: { "trained model (our training half)": sizeOf(Buffer.from(model)) } },
    minisearch: { total: sizeOf(b.minisearch), data: { "knowledge base as JSON": sizeOf(Buffer.from(kbJson)) } },
    ouibounce: { total: sizeOf(b.ouibounce) },
    "posthog-js": { total: sizeOf(b.posthog) },
  };
  size["all four peers (code only)"] = { total: sum([b.nlpjs, b.minisearch, b.ouibounce, b.posthog].map(sizeOf)) };
  size["@opentelemetry/sdk-metrics + exporter-metrics-otlp-http"] = { total: sizeOf(b.otel) };
  // What a page that only tracks loads: the core module (telemetry is one of its jobs).
  size["levqor-wasm core (what Telemetry needs)"] = { total: sum(ours.filter((f) => !/levqor_wasm_assistant/.test(f.file))) };

  // What each page downloads (gzip): ours per module against the peer
  // that does the same job, with its data.
  const core = sum(ours.filter((f) => !/levqor_wasm_assistant/.test(f.file)));
  const assistant = sum(ours.filter((f) => /levqor_wasm_assistant/.test(f.file)));
  // The same, as the bench serves it (minified glue, like the peers).
  const lqCore = sum(Object.entries(lq).filter(([f]) => !/levqor_wasm_assistant/.test(f)).map(([, b]) => sizeOf(b)));
  const lqAssistant = sum(Object.entries(lq).filter(([f]) => /levqor_wasm_assistant/.test(f)).map(([, b]) => sizeOf(b)));
  const pages = {
    "/pricing (exit intent + ROI, support widget closed)": { ours: core, oursBundled: lqCore, peer: "ouibounce", peerBytes: sizeOf(b.ouibounce) },
    "/help after the panel opens (chat offline)": { ours: sum([core, assistant]), oursBundled: sum([lqCore, lqAssistant]), peer: "nlp.js + model", peerBytes: sum([sizeOf(b.nlpjs), sizeOf(Buffer.from(model))]) },
    "/help after the panel opens, vs MiniSearch": { ours: sum([core, assistant]), oursBundled: sum([lqCore, lqAssistant]), peer: "MiniSearch + KB JSON", peerBytes: sum([sizeOf(b.minisearch), sizeOf(Buffer.from(kbJson))]) },
  };

  const files = { "/bundles/nlpjs.js": b.nlpjs, "/bundles/minisearch.js": b.minisearch, "/bundles/posthog.js": b.posthog, "/bundles/otel.js": b.otel, "/bundles/ouibounce.js": b.ouibounce };
  for (const { file, bytes } of pkg) files["/" + file.split(path.sep).join("/")] = bytes;
  Object.assign(files, lq);
  const server = await startServer(files, data);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const chromiumVersion = browser.version();
  const fresh = async () => { const ctx = await browser.newContext(); const page = await ctx.newPage(); await page.goto(server.url + "/bench.html"); return { ctx, page }; };

  try {
    // `n` events through one library in a fresh page; what its server received.
    async function telemetryRun(lib) {
      log(`telemetry: ${EVENTS.toLocaleString("en")} events through ${lib}`);
      const { ctx, page } = await fresh();
      const cdp = await ctx.newCDPSession(page);
      const heap = async () => { await cdp.send("HeapProfiler.collectGarbage"); return (await cdp.send("Runtime.getHeapUsage")).usedSize; };
      const recv = server.recv[RECV[lib]];
      const heap0 = await heap();
      const t = await page.evaluate(TELEMETRY, { lib, n: EVENTS });
      const heap1 = await heap();
      const sent = { requests: recv.requests, bytes: recv.bytes, events: recv.events };
      const t0 = Date.now();
      await page.evaluate(() => window.__finish());
      // wait until every event has arrived, or nothing has arrived for 10 s
      let last = -1, lastChange = Date.now();
      while (recv.events < EVENTS && Date.now() - lastChange < 10_000) {
        if (recv.events !== last) { last = recv.events; lastChange = Date.now(); }
        await new Promise((r) => setTimeout(r, 200));
      }
      const result = {
        trackNsMedian: median(t.perCall), trackNsP99: pct(t.perCall, 0.99), loopMs: t.loopMs, storageBytes: t.storage,
        heapRetainedBytes: heap1 - heap0, wasmMemoryBytes: t.wasmMemory,
        duringLoop: sent, delivered: { requests: recv.requests, bytes: recv.bytes, events: recv.events, duplicates: recv.duplicates ?? 0, drainMs: Date.now() - t0 },
      };
      await ctx.close();
      return result;
    }

    // Start-up per page (issue #20): pricing (import -> armed, first ROI)
    // against ouibounce, help (panel open -> first offline answer) against
    // nlp.js and MiniSearch.
    async function pageStartup() {
      log(`pricing start-up: ${LOADS} fresh loads each of levqor-wasm and ouibounce, interleaved`);
      const pricing = { "levqor-wasm": { armed: [], roi: [], import: [], init: [], gate: [] }, ouibounce: { armed: [], roi: [], import: [], init: [], gate: [] } };
      for (let i = 0; i < LOADS; i++) {
        for (const lib of Object.keys(pricing)) {
          const { ctx, page } = await fresh();
          const r = await page.evaluate(PRICING, lib);
          if (!r.armed) throw new Error(`${lib}: exit intent not armed`);
          pricing[lib].armed.push(r.armedMs);
          if (r.roiMs !== null) pricing[lib].roi.push(r.roiMs);
        if (r.initMs !== null) { pricing[lib].import.push(r.importMs); pricing[lib].init.push(r.initMs); pricing[lib].gate.push(r.gateMs); }
          await ctx.close();
        }
      }

      log(`help start-up: panel open to first offline answer, ${LOADS} fresh loads per library, interleaved`);
      const helpLibs = ["levqor-wasm", "nlp.js (pre-trained model)", "nlp.js (trained in page)", "MiniSearch"];
      const help = Object.fromEntries(helpLibs.map((l) => [l, { ms: [], answer: null, source: null }]));
      for (let i = 0; i < LOADS; i++) {
        for (const lib of helpLibs) {
          const { ctx, page } = await fresh();
          if (lib === "levqor-wasm") {
            const err = await page.evaluate(HELP_SETUP);
            if (err) throw new Error(`client config: ${JSON.stringify(err)}`);
          }
          const r = await page.evaluate(HELP, lib);
          if (lib === "levqor-wasm" && r.source !== "fallback") throw new Error(`help start-up answered from ${r.source} (${r.answer})`);
          help[lib].ms.push(r.ms);
          help[lib].answer = r.answer;
          help[lib].source = r.source;
          await ctx.close();
        }
      }

      return { pricing, help };
    }

    if (STARTUP_ONLY) {
      const { pricing, help } = await pageStartup();
      const med = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { ...v, median: median(v.ms ?? v.armed), roiMedian: v.roi?.length ? median(v.roi) : undefined }]));
      const out = { generated: new Date().toISOString(), loads: LOADS, pricing: med(pricing), help: med(help), pages };
      mkdirSync(OUT, { recursive: true });
      writeFileSync(path.join(OUT, "startup.json"), JSON.stringify(out, null, 2) + "\n");
      for (const [lib, v] of Object.entries(out.pricing)) log(`pricing ${lib}: armed median ${v.median.toFixed(1)} ms${v.roiMedian ? `, first ROI ${v.roiMedian.toFixed(1)} ms` : ""}${v.init.length ? ` (import done ${median(v.import).toFixed(1)} ms, init done ${median(v.init).toFixed(1)} ms, gate read ${median(v.gate).toFixed(1)} ms)` : ""}`);
      for (const [lib, v] of Object.entries(out.help)) log(`help ${lib}: first offline answer median ${v.median.toFixed(1)} ms (${v.answer}${v.source ? ", " + v.source : ""})`);
      for (const [page, x] of Object.entries(pages)) log(`bytes ${page}: ${x.ours.gzip} (bundled and minified ${x.oursBundled.gzip}) vs ${x.peer} ${x.peerBytes.gzip}`);
      log(`wrote ${path.join(OUT, "startup.json")}`);
      return;
    }
    if (TELEMETRY_ONLY) {
      const telemetry = {};
      for (const lib of TELEMETRY_LIBS) telemetry[lib] = await telemetryRun(lib);
      const out = { generated: new Date().toISOString(), events: EVENTS, size: { "levqor-wasm core": size["levqor-wasm core (what Telemetry needs)"].total, "@opentelemetry/sdk-metrics + exporter-metrics-otlp-http": size["@opentelemetry/sdk-metrics + exporter-metrics-otlp-http"].total, "posthog-js": size["posthog-js"].total }, telemetry };
      mkdirSync(OUT, { recursive: true });
      writeFileSync(path.join(OUT, "telemetry.json"), JSON.stringify(out, null, 2) + "\n");
      for (const [lib, t] of Object.entries(telemetry)) {
        log(`${lib}: track median ${Math.round(t.trackNsMedian)} ns, p99 ${Math.round(t.trackNsP99)} ns; ${t.delivered.requests} requests, ${t.delivered.bytes} bytes, ${t.delivered.events} events received`);
      }
      log(`wrote ${path.join(OUT, "telemetry.json")}`);
      return;
    }
    log(`start-up: ${LOADS} fresh page loads per library, interleaved`);
    const libs = ["levqor-wasm", "nlp.js (trained in page)", "nlp.js (pre-trained model)", "MiniSearch"];
    const startup = Object.fromEntries(libs.map((l) => [l, { ms: [], answer: null }]));
    for (let i = 0; i < LOADS; i++) {
      for (const lib of libs) {
        const { ctx, page } = await fresh();
        const r = await page.evaluate(STARTUP, lib);
        startup[lib].ms.push(r.ms);
        startup[lib].answer = r.answer;
        await ctx.close();
      }
    }

    const { pricing, help } = await pageStartup();

    log("answer latency and accuracy on the held-back half");
    const { ctx: lctx, page: lpage } = await fresh();
    const lat = await lpage.evaluate(LATENCY, { test, workflow, debug, R: 8, passes: 5 });
    await lctx.close();
    if (!lat.isolated) throw new Error("the page is not cross-origin isolated: timer resolution would be 100 µs");

    const telemetry = {};
    for (const lib of TELEMETRY_LIBS) telemetry[lib] = await telemetryRun(lib);

    const latency = Object.fromEntries(Object.entries(lat.latency).map(([k, v]) => [k, { p50us: median(v), p99us: pct(v, 0.99), samples: v.length }]));
    const results = {
      generated: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000),
      machine: { ...machineAtStart, chromium: chromiumVersion }, method: { loads: LOADS, events: EVENTS, latencyRepeats: 8, latencyPasses: 5, corpus: { train: train.length, test: test.length, workflow: workflow.length, debug: debug.length, kbSections: sections.length } },
      size,
      startup: Object.fromEntries(Object.entries(startup).map(([k, v]) => [k, { medianMs: median(v.ms), minMs: Math.min(...v.ms), maxMs: Math.max(...v.ms), firstAnswer: v.answer }])),
      pricing: Object.fromEntries(Object.entries(pricing).map(([k, v]) => [k, { armedMedianMs: median(v.armed), armedMinMs: Math.min(...v.armed), armedMaxMs: Math.max(...v.armed), roiMedianMs: v.roi.length ? median(v.roi) : null, importMedianMs: v.import.length ? median(v.import) : null, initMedianMs: v.init.length ? median(v.init) : null, gateMedianMs: v.gate.length ? median(v.gate) : null }])),
      help: Object.fromEntries(Object.entries(help).map(([k, v]) => [k, { medianMs: median(v.ms), minMs: Math.min(...v.ms), maxMs: Math.max(...v.ms), firstAnswer: v.answer, source: v.source }])),
      pages,
      latency, accuracy: lat.accuracy, folds, telemetry,
      native: NATIVE && existsSync(NATIVE) ? readFileSync(NATIVE, "utf8").split("\n").map((l) => l.trimEnd()).filter((l) => l.trim()) : [],
    };
    writeFileSync(path.join(ROOT, "benches", "results.json"), JSON.stringify(results, null, 2) + "\n");
    writeFileSync(path.join(ROOT, "BENCHMARKS.md"), (await import("./report.mjs")).report(results));
    log(`wrote BENCHMARKS.md and benches/results.json in ${results.seconds} s`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
