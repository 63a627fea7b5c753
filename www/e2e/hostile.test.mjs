// Hostile input from JS, in headless Chromium: every exported function, class
// constructor and method of both modules of the built package (levqor-wasm
// and levqor-wasm/assistant) is called with values a caller
// should never pass (undefined, null, numbers, NaN, ±Infinity, booleans,
// arrays, objects with throwing getters, throwing proxies, 10 MB strings,
// lone surrogates, NUL and control characters, __proto__ keys, deep nesting,
// functions, symbols, BigInts). Each call must return (or resolve) without
// throwing, panicking or hanging, and a normal call afterwards must still work.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { WWW, launchBrowser } from "./harness.mjs";
import { startStatic } from "./static-server.mjs";

const PAGE = `<!doctype html><meta charset="utf-8"><title>hostile</title><script type="module">
const m = await import("/pkg/levqor_wasm.js");
await m.default();
const a = await import("/pkg/levqor_wasm_assistant.js");
await a.default();
window.levqor = m;
window.modules = { core: m, assistant: a };
window.ready = true;
</script>`;

let server, browser, page;
before(async () => {
  server = await startStatic(path.join(WWW, ".."), { "/hostile.html": PAGE });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.goto(server.url + "/hostile.html");
  await page.waitForFunction(() => window.ready === true, null, { timeout: 30_000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("no export throws, panics, hangs or breaks later calls on hostile input", async () => {
  const report = await page.evaluate(async () => {
    const m = window.levqor;
    const deep = (() => { let o = { query: "how much" }; for (let i = 0; i < 100000; i++) o = { o, query: o }; return o; })();
    const hostile = {
      undefined: undefined, null: null, zero: 0, negative: -1, nan: NaN, inf: Infinity, ninf: -Infinity,
      true: true, false: false, emptyArray: [], nestedArray: [1, [2, [3, [4]]]], emptyObject: {},
      emptyString: "", huge: "x".repeat(10 * 1024 * 1024), loneHigh: "\uD800", loneLowText: "\uDC00 how much is it",
      control: "\u0000\u0001\u001f\u007f\u009f", getterThrows: { get query() { throw new Error("getter"); }, get error() { throw new Error("getter"); } },
      proxyThrows: new Proxy({}, { get() { throw new Error("get"); }, ownKeys() { throw new Error("keys"); }, has() { throw new Error("has"); } }),
      protoKey: JSON.parse('{"__proto__": {"polluted": true}, "query": "how much is it"}'), deep,
      fn: () => 1, symbol: Symbol("s"), bigint: 10n, date: new Date(NaN),
      nanFields: { query: NaN, error: NaN, hoursPerWeek: NaN, hourlyRate: NaN, completed: NaN },
      hugeFields: { query: "x".repeat(10 * 1024 * 1024), error: "y".repeat(10 * 1024 * 1024) },
      toStringThrows: { query: { toString() { throw new Error("toString"); } } },
    };
    const failures = [];
    const calls = { n: 0 };
    const timeout = (p, ms) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`hung > ${ms} ms`)), ms))]);
    const sane = () => {
      const r = m.validateQuery("how much is the pro plan?");
      if (!r || r.success !== true) throw new Error("a normal call no longer works");
    };
    async function attempt(label, f) {
      calls.n++;
      try {
        const r = f();
        if (r && typeof r.then === "function") await timeout(r, 20_000);
      } catch (e) {
        failures.push(`${label}: ${e && e.message ? e.message : String(e)}`);
      }
      try { sane(); } catch (e) { failures.push(`${label}: then ${e.message}`); }
    }
    const H = Object.keys(hostile).length;
    let expected = 0; // two calls (one and two arguments) per hostile value per callable
    const names = [];
    const instances = [];
    const methodCounts = {};
    for (const [modName, mod] of Object.entries(window.modules)) {
    const own = Object.keys(mod).filter((k) => !["default", "initSync", "start", "__wbg_init"].includes(k) && typeof mod[k] === "function");
    names.push(...own.map((k) => `${modName}.${k}`));
    const classes = own.filter((k) => /^[A-Z]/.test(k));
    const functions = own.filter((k) => !/^[A-Z]/.test(k));
    for (const f of functions) {
      expected += 2 * H;
      for (const [hn, h] of Object.entries(hostile)) {
        await attempt(`${modName}.${f}(${hn})`, () => mod[f](h));
        await attempt(`${modName}.${f}(${hn}, ${hn})`, () => mod[f](h, h));
      }
    }
    for (const c of classes) {
      const C = mod[c];
      expected += 2 * H;
      for (const [hn, h] of Object.entries(hostile)) {
        await attempt(`new ${modName}.${c}(${hn})`, () => { const x = new C(h); instances.push(x); });
        await attempt(`new ${modName}.${c}(${hn}, ${hn})`, () => { const x = new C(h, h); instances.push(x); });
      }
      let inst;
      try { inst = new C(); } catch (e) { failures.push(`new ${modName}.${c}(): ${e.message}`); continue; }
      instances.push(inst);
      const methods = Object.getOwnPropertyNames(C.prototype).filter((k) => {
        const d = Object.getOwnPropertyDescriptor(C.prototype, k);
        return k !== "constructor" && typeof d?.value === "function" && !["free", "destroy", "__destroy_into_raw"].includes(k) && !k.startsWith("__");
      });
      methodCounts[`${modName}.${c}`] = methods.length;
      for (const meth of methods) {
        expected += 2 * H;
        for (const [hn, h] of Object.entries(hostile)) {
          await attempt(`${modName}.${c}.${meth}(${hn})`, () => inst[meth](h));
          await attempt(`${modName}.${c}.${meth}(${hn}, ${hn})`, () => inst[meth](h, h));
        }
      }
    }
    }
    for (const x of instances) {
      try { x.destroy?.(); } catch (e) { failures.push(`destroy: ${e.message}`); }
    }
    return { failures, calls: calls.n, expected, exports: names, methodCounts };
  });
  console.log(`hostile input: ${report.calls} calls over ${report.exports.length} exports (${report.exports.join(", ")})`);
  // The README states the count; the test holds it to it.
  const readme = readFileSync(path.join(WWW, "..", "README.md"), "utf8");
  const claim = readme.match(/\(([\d,]+) calls over (\d+) exports/);
  assert.ok(claim, "the README states the call count");
  assert.equal(report.calls, report.expected, "every function, constructor and method got every hostile value");
  assert.equal(report.calls, Number(claim[1].replace(/,/g, "")), `the README's call count (${claim[1]})`);
  assert.equal(report.exports.length, Number(claim[2]), `the README's export count (${claim[2]})`);
  for (const [c, n] of Object.entries(report.methodCounts)) assert.ok(n > 0, `${c} has methods to call`);
  assert.deepEqual(report.failures, []);
});
