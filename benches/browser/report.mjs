// Turns benches/results.json into BENCHMARKS.md. Every number comes from the
// results of the run; the prose around them (what each library does and does
// not do) is the only fixed text.

const kb = (n) => (n / 1024).toFixed(1);
const f1 = (n) => (n == null ? "–" : n.toFixed(1));
const f2 = (n) => (n == null ? "–" : n.toFixed(2));
const int = (n) => Math.round(n).toLocaleString("en");
const ratio = (a, b) => (b ? `${(a / b).toFixed(2)}×` : "–");
const pc = (a) => `${((a.correct / a.total) * 100).toFixed(1)}% (${a.correct}/${a.total})`;

export function report(r) {
  const m = r.machine;
  const out = [];
  const p = (s = "") => out.push(s);
  const ours = r.size["levqor-wasm"].total;

  p("# Benchmarks");
  p();
  p(`Produced by \`scripts/bench.sh\` on ${r.generated.slice(0, 10)} (commit \`${m.commit}\`, ${r.seconds} s); do not edit by hand — rerun the command. Every figure below was measured in that one run, on this machine, side by side: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; headless Chromium ${m.chromium}; Node ${m.node}; ${m.rustc}. Machine-readable copy: \`benches/results.json\`.`);
  p();
  p("Peers, installed from npm by the bench only: `@nlpjs/nlp` + `@nlpjs/lang-en-min` (intent matching), `minisearch` (FAQ retrieval), `ouibounce` (exit intent), `posthog-js` (telemetry), `@opentelemetry/sdk-metrics` + `@opentelemetry/exporter-metrics-otlp-http` (telemetry in OTLP), each bundled with esbuild (minified ESM, what a Next.js page would ship).");
  p();

  const acc = r.accuracy;
  const lat = r.latency;
  const st = r.startup;
  const tel = r.telemetry;
  p("## Summary");
  p();
  p("| | levqor-wasm | peer | ratio (ours / peer) |");
  p("|---|---:|---:|---:|");
  const peers = r.size["all four peers (code only)"].total;
  p(`| gzipped bytes, everything vs all four peers' code | ${kb(ours.gzip)} KB | ${kb(peers.gzip)} KB | ${ratio(ours.gzip, peers.gzip)} |`);
  p(`| start-up to first answer, median of ${r.method.loads} loads, vs nlp.js pre-trained | ${f1(st["levqor-wasm"].medianMs)} ms | ${f1(st["nlp.js (pre-trained model)"].medianMs)} ms | ${ratio(st["levqor-wasm"].medianMs, st["nlp.js (pre-trained model)"].medianMs)} |`);
  p(`| chat p50 per call vs nlp.js | ${f1(lat["chat: levqor-wasm"].p50us)} µs | ${f1(lat["chat: nlp.js"].p50us)} µs | ${ratio(lat["chat: levqor-wasm"].p50us, lat["chat: nlp.js"].p50us)} |`);
  p(`| chat p50 per call vs MiniSearch | ${f1(lat["chat: levqor-wasm"].p50us)} µs | ${f1(lat["chat: MiniSearch"].p50us)} µs | ${ratio(lat["chat: levqor-wasm"].p50us, lat["chat: MiniSearch"].p50us)} |`);
  p(`| topic accuracy, held-back half, vs nlp.js (ours in-sample: its shipped model is trained on these lines) | ${pc(acc["levqor-wasm"])} | ${pc(acc["nlp.js"])} | ${ratio(acc["levqor-wasm"].correct, acc["nlp.js"].correct)} |`);
  p(`| topic accuracy, held-back half, vs MiniSearch (ours in-sample) | ${pc(acc["levqor-wasm"])} | ${pc(acc.MiniSearch)} | ${ratio(acc["levqor-wasm"].correct, acc.MiniSearch.correct)} |`);
  if (r.folds) {
    // ours: the native bench's "source-grouped" line (same folds, retrained per fold)
    const line = (r.native ?? []).find((l) => l.includes("source-grouped"));
    const m = line && line.match(/real ([0-9.]+) .*written ([0-9.]+)/);
    const ourReal = m ? `${(Number(m[1]) * 100).toFixed(1)}%` : "–";
    const ourWritten = m ? `${(Number(m[2]) * 100).toFixed(1)}%` : "–";
    p(`| topic accuracy, real lines, source-grouped ${r.folds.k}-fold, vs nlp.js trained on the same folds | ${ourReal} | ${pc(r.folds.nlpjs.real)} | |`);
    p(`| topic accuracy, written lines, same folds, vs nlp.js | ${ourWritten} | ${pc(r.folds.nlpjs.written)} | |`);
  }
  const pr = r.pricing, hp = r.help;
  if (pr && hp) {
    p(`| pricing page: \`import\` → exit intent armed, median of ${r.method.loads} loads, vs ouibounce | ${f1(pr["levqor-wasm"].armedMedianMs)} ms | ${f1(pr.ouibounce.armedMedianMs)} ms | ${ratio(pr["levqor-wasm"].armedMedianMs, pr.ouibounce.armedMedianMs)} |`);
    p(`| help page: panel open → first offline answer, median, vs nlp.js pre-trained | ${f1(hp["levqor-wasm"].medianMs)} ms | ${f1(hp["nlp.js (pre-trained model)"].medianMs)} ms | ${ratio(hp["levqor-wasm"].medianMs, hp["nlp.js (pre-trained model)"].medianMs)} |`);
    p(`| help page: panel open → first offline answer, median, vs MiniSearch | ${f1(hp["levqor-wasm"].medianMs)} ms | ${f1(hp.MiniSearch.medianMs)} ms | ${ratio(hp["levqor-wasm"].medianMs, hp.MiniSearch.medianMs)} |`);
  }
  const to = tel["levqor-wasm"], tp = tel["posthog-js"];
  if (to && tp) {
    p(`| telemetry \`track\` median per call vs posthog \`capture\` | ${int(to.trackNsMedian)} ns | ${int(tp.trackNsMedian)} ns | ${ratio(to.trackNsMedian, tp.trackNsMedian)} |`);
    p(`| bytes sent to deliver ${int(r.method.events)} events | ${int(to.delivered.bytes)} | ${int(tp.delivered.bytes)} | ${ratio(to.delivered.bytes, tp.delivered.bytes)} |`);
  }
  const oo = tel["levqor-wasm (OTLP)"], ot = tel["OpenTelemetry JS SDK"];
  const otelSize = r.size["@opentelemetry/sdk-metrics + exporter-metrics-otlp-http"]?.total;
  if (oo && ot) {
    p(`| OTLP: \`track\` median per call vs the OpenTelemetry SDK's \`Counter.add\` | ${int(oo.trackNsMedian)} ns | ${int(ot.trackNsMedian)} ns | ${ratio(oo.trackNsMedian, ot.trackNsMedian)} |`);
    p(`| OTLP: bytes sent to deliver ${int(r.method.events)} events | ${int(oo.delivered.bytes)} | ${int(ot.delivered.bytes)} | ${ratio(oo.delivered.bytes, ot.delivered.bytes)} |`);
  }
  p();

  p("## Size");
  p();
  p("Our figure is the whole package: `.wasm` after `wasm-opt -Oz` plus the JS glue and snippets; it covers " + r.size["levqor-wasm"].covers + ". gzip level 9, brotli quality 11.");
  p();
  p("| package | raw | gzip | brotli | gzip ratio (ours / it) |");
  p("|---|---:|---:|---:|---:|");
  for (const [name, s] of Object.entries(r.size)) {
    p(`| ${name} | ${int(s.total.raw)} | ${int(s.total.gzip)} | ${int(s.total.brotli)} | ${name === "levqor-wasm" ? "" : ratio(ours.gzip, s.total.gzip)} |`);
    for (const [d, x] of Object.entries(s.data ?? {})) p(`| ↳ plus ${d} | ${int(x.raw)} | ${int(x.gzip)} | ${int(x.brotli)} | |`);
    for (const x of s.files ?? []) p(`| ↳ ${x.file} | ${int(x.raw)} | ${int(x.gzip)} | ${int(x.brotli)} | |`);
  }
  p();

  p(`## Start-up: \`import\` to first answer`);
  p();
  p(`Each load is a fresh browser context (empty cache) on a page served from 127.0.0.1; the clock starts before \`import()\` and stops when the first question (“how much is the pro plan”) is answered: fetch, compile, instantiate (and for the peers fetch their data, then train or index), first answer. Libraries interleaved, ${r.method.loads} loads each.`);
  p();
  p("| library | median | min | max | ratio (it / ours) | first answer |");
  p("|---|---:|---:|---:|---:|---|");
  for (const [name, s] of Object.entries(st)) p(`| ${name} | ${f1(s.medianMs)} ms | ${f1(s.minMs)} ms | ${f1(s.maxMs)} ms | ${ratio(s.medianMs, st["levqor-wasm"].medianMs)} | ${s.firstAnswer ?? "–"} |`);
  p();

  if (pr && hp) {
    p("## Start-up per page");
    p();
    p(`Each load is a fresh browser context (empty cache), libraries interleaved, ${r.method.loads} loads each. **Pricing page**: the clock starts before \`import()\` of the core module and stops when \`new ExitIntent(…)\` has returned, listening (armed), then when \`isArmed()\` has read its gate (once per session in sessionStorage, suppression in localStorage: the first touch of each in a fresh context costs milliseconds, so the storage is opened when first needed), then when the first \`calculateRoi\` result is back; ouibounce (exit intent only, no ROI) is timed from its \`import()\` to armed (it reads its cookie only when it would fire). Targets (issue #20): armed ≤ 20 ms median.`);
    p();
    p("| library | `import()` done, median | `init()` done, median | armed, median | min | max | gate read, median | first ROI result, median | ratio armed (ours / it) |");
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    const ms = (x) => (x == null ? "–" : f1(x) + " ms");
    for (const [name, s] of Object.entries(pr)) p(`| ${name} | ${ms(s.importMedianMs)} | ${ms(s.initMedianMs)} | ${f1(s.armedMedianMs)} ms | ${f1(s.armedMinMs)} ms | ${f1(s.armedMaxMs)} ms | ${ms(s.gateMedianMs)} | ${ms(s.roiMedianMs)} | ${name === "levqor-wasm" ? "" : ratio(pr["levqor-wasm"].armedMedianMs, s.armedMedianMs)} |`);
    p();
    p(`**Help page, panel open → first offline answer**: the page has loaded the core and a \`LevqorClient\` whose API answers 503 (untimed); the clock starts when the panel opens: ours calls \`preloadAssistant()\` as \`www/\` does on open and asks “how much is the pro plan” through the client, which fetches, compiles and instantiates the assistant module and answers from it (\`meta.source\` is checked to be \`"fallback"\`); each peer fetches its library and its data, trains or indexes, and answers. Target (issue #20): ≤ 60 ms median.`);
    p();
    p("| library | median | min | max | ratio (it / ours) | first answer |");
    p("|---|---:|---:|---:|---:|---|");
    for (const [name, s] of Object.entries(hp)) p(`| ${name} | ${f1(s.medianMs)} ms | ${f1(s.minMs)} ms | ${f1(s.maxMs)} ms | ${ratio(s.medianMs, hp["levqor-wasm"].medianMs)} | ${s.firstAnswer ?? "–"}${s.source ? ` (${s.source})` : ""} |`);
    p();
  }
  if (r.pages) {
    p("## Bytes per page");
    p();
    p("What a page downloads of levqor-wasm (`.wasm` + JS glue + snippets, gzip level 9) against the peer that does the same job on that page: as the package ships it, and bundled and minified by esbuild as the peers are (what the start-up rows load).");
    p();
    p("| page | levqor-wasm gzip | bundled, gzip | peer | peer gzip | ratio (bundled / peer) |");
    p("|---|---:|---:|---|---:|---:|");
    for (const [page, x] of Object.entries(r.pages)) p(`| ${page} | ${int(x.ours.gzip)} | ${x.oursBundled ? int(x.oursBundled.gzip) : "–"} | ${x.peer} | ${int(x.peerBytes.gzip)} | ${ratio((x.oursBundled ?? x.ours).gzip, x.peerBytes.gzip)} |`);
    p();
  }

  p("## Answer latency");
  p();
  p(`Per call, in the page, over our corpora: chat on the ${r.method.corpus.test} held-back questions (the same inputs for all three), workflow over ${r.method.corpus.workflow} requests, debug over ${r.method.corpus.debug} error messages. Each sample is the mean of ${r.method.latencyRepeats} back-to-back calls with the same input (the page is cross-origin isolated, so the timer resolution is 5 µs); ${r.method.latencyPasses} passes, after one uncounted warm-up pass (JIT and wasm tier-up). nlp.js answers through a Promise and is awaited.`);
  p();
  p("| call | p50 | p99 | samples | p50 ratio (it / ours) |");
  p("|---|---:|---:|---:|---:|");
  for (const [name, s] of Object.entries(lat)) {
    const ourChat = lat["chat: levqor-wasm"].p50us;
    p(`| ${name} | ${f1(s.p50us)} µs | ${f1(s.p99us)} µs | ${s.samples} | ${name.startsWith("chat: ") && name !== "chat: levqor-wasm" ? ratio(s.p50us, ourChat) : ""} |`);
  }
  p();

  p("## Accuracy on the held-back half");
  p();
  p(`The ${r.method.corpus.test} \`split: "test"\` questions of \`tests/corpus/chat.jsonl\`. nlp.js is trained on the ${r.method.corpus.train} \`train\` questions (its \`None\` counts as \`other\`); MiniSearch indexes our ${r.method.corpus.kbSections} knowledge-base sections (title, keywords, text; fuzzy 0.2, prefix, title and keywords boosted ×2) and its top hit's topic is its answer (no hit counts as \`other\`); ours answers with the model shipped in the wasm, which is trained at build time on every real and written line, these included: its figure here is in-sample and proves little. The source-grouped rows (real lines, 5-fold, nlp.js trained on the same folds) are the ones that measure generalisation.`);
  p();
  const topics = Object.keys(acc["levqor-wasm"].perTopic).sort();
  p("| topic | levqor-wasm | nlp.js | MiniSearch |");
  p("|---|---:|---:|---:|");
  for (const t of topics) {
    const c = (name) => { const [k, n] = acc[name].perTopic[t] ?? [0, 0]; return `${k}/${n}`; };
    p(`| ${t} | ${c("levqor-wasm")} | ${c("nlp.js")} | ${c("MiniSearch")} |`);
  }
  p(`| **all** | **${pc(acc["levqor-wasm"])}** | **${pc(acc["nlp.js"])}** | **${pc(acc.MiniSearch)}** |`);
  p();

  if (to && tp) {
    p(`## Telemetry: ${int(r.method.events)} events`);
    p();
    p("The same events (four names, small enumerated properties) through our `Telemetry.track` and posthog-js `capture` (persistence in memory, autocapture, page views, recordings, surveys and flags off, its client rate limit of 10 events/s lifted and its bot filter off — it takes headless Chromium for a bot — so it keeps them all), in chunks of 1,000 calls with a macrotask between chunks so both libraries' timers run. Both send to the same local server, which counts the bytes and events it receives. Heap is the JS heap after a forced GC, minus the same before the loop; our counters live in wasm linear memory, reported separately.");
    p();
    p("| | levqor-wasm | posthog-js | ratio (ours / posthog) |");
    p("|---|---:|---:|---:|");
    const row = (label, a, b, fmt = int) => p(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} |`);
    row("`track` / `capture` median per call (ns, per 1,000-call chunk)", to.trackNsMedian, tp.trackNsMedian);
    row("p99 per call (ns)", to.trackNsP99, tp.trackNsP99);
    row("whole loop incl. timers (ms)", to.loopMs, tp.loopMs);
    row("bytes in storage after the loop (localStorage + sessionStorage + cookies)", to.storageBytes, tp.storageBytes);
    row("JS heap retained after the loop (bytes)", to.heapRetainedBytes, tp.heapRetainedBytes);
    row("wasm linear memory (bytes)", to.wasmMemoryBytes, tp.wasmMemoryBytes || 0);
    row("requests sent during the loop", to.duringLoop.requests, tp.duringLoop.requests);
    row("requests to deliver everything", to.delivered.requests, tp.delivered.requests);
    row("bytes sent to deliver everything", to.delivered.bytes, tp.delivered.bytes);
    row("events the server received", to.delivered.events, tp.delivered.events);
    p();
    p("Ours sends counts per (event, properties, minute), so the bytes sent grow with the variety of events, not their number; posthog-js sends each event with its own properties and identifiers.");
    p();
    p("Requests: ours are bounded by time, not by events. With its defaults it seals one batch per `flushIntervalMs` (30 s), earlier only when a batch reaches `maxBodyBytes`, plus one on page hide; each sealed batch is its own request (its id is what the server dedupes on). A crash loses at most the last `persistIntervalMs` (2 s) of counts, because the aggregate is written to localStorage that often while counts change. posthog-js keeps its queue in memory and sends it on a timer. (Until the telemetry rework of issue #21 ours sealed a batch every 500 events: 2,000 requests for this loop.)");
    p();
  }

  if (oo && ot && otelSize) {
    p(`## Telemetry in OTLP: ${int(r.method.events)} events, vs the OpenTelemetry JS SDK`);
    p();
    p("The same events through our `Telemetry` with `format: \"otlp\"` and through the OpenTelemetry JS metrics SDK (`MeterProvider`, one `Counter` per event name, the props as attributes, delta temporality, `PeriodicExportingMetricReader` every 30 s — our default flush interval — into `OTLPMetricExporter` from `@opentelemetry/exporter-metrics-otlp-http`, JSON). Both post OTLP/HTTP JSON to the same local server, which counts the bytes and the Sum points' values it receives. Bytes shipped: our core module (`.wasm`, JS glue, snippets: telemetry is one of its jobs; the assistant module is not needed) against the SDK's bundle.");
    p();
    p("| | levqor-wasm (OTLP) | OpenTelemetry JS SDK | ratio (ours / SDK) |");
    p("|---|---:|---:|---:|");
    const row = (label, a, b, fmt = int) => p(`| ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio(a, b)} |`);
    row("bytes shipped, gzipped", (r.size["levqor-wasm core (what Telemetry needs)"]?.total ?? ours).gzip, otelSize.gzip);
    row("`track` / `Counter.add` median per call (ns, per 1,000-call chunk)", oo.trackNsMedian, ot.trackNsMedian);
    row("p99 per call (ns)", oo.trackNsP99, ot.trackNsP99);
    row("whole loop incl. timers (ms)", oo.loopMs, ot.loopMs);
    row("bytes in storage after the loop", oo.storageBytes, ot.storageBytes);
    row("JS heap retained after the loop (bytes)", oo.heapRetainedBytes, ot.heapRetainedBytes);
    row("requests to deliver everything", oo.delivered.requests, ot.delivered.requests);
    row("bytes sent to deliver everything", oo.delivered.bytes, ot.delivered.bytes);
    row("events the server received", oo.delivered.events, ot.delivered.events);
    p();
    p("The SDK keeps its sums in memory and exports them on its timer: nothing is stored, so what a closed or crashed page had not exported is lost, and a failed export is not retried across page loads. Ours seals one batch per flush interval (and on page hide) and persists the counts every few seconds until a 2xx confirms the batch (the batch id lets the store drop a retried copy), which is what its extra bytes pay for; its props are closed sets checked before counting, where the SDK's attributes are whatever the caller passes.");
    p();
  }

  if (r.native.length) {
    p("## Native (`cargo bench`, same run)");
    p();
    p("```");
    for (const l of r.native) p(l);
    p("```");
    p();
  }

  p("## What each side lacks");
  p();
  p("| peer | what it has that we lack | what we have that it lacks |");
  p("|---|---|---|");
  p("| nlp.js | training on any corpus at run time, 40+ languages, entity extraction, sentiment, a neural classifier | answers (not just an intent): the knowledge base, steps, suggestions, escalation, follow-ups; typo tolerance and British/American spelling; no training step or model download |");
  p("| MiniSearch | a general full-text index over any documents, added or removed at run time, auto-suggest, field filters | topic classification with a calibrated confidence, intent patterns and synonyms, an answer rather than a list of hits |");
  p("| ouibounce | cookie-based suppression across sites/subdomains, an aggressive mode, a delay-then-show helper with CSS | top-edge only with upward motion, ignores `<select>`/autofill/iframes, Ctrl/⌘+L, touch (inactivity, fast scroll to top), a minimum time on page, once-per-session and N-day suppression in localStorage |");
  p("| OpenTelemetry JS SDK | any instrument (gauges, up-down counters, histograms with custom buckets), views, exemplars, any attribute, OTLP over protobuf too, traces and logs from the same SDK | privacy by construction (closed event and prop sets, personal data refused and counted), persistence and at-least-once delivery across reloads, page-hide flushing, the Levqor wire format as well |");
  p("| posthog-js | a hosted product-analytics back end, identified users, session recording, feature flags, surveys, autocapture, arbitrary properties | privacy by construction (no free text, ids or fine timestamps leave the page), counts aggregated before sending, offline outbox with bounded storage and exact loss accounting |");
  p();
  return out.join("\n") + "\n";
}
