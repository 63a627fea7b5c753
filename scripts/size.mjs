// Prints raw, gzip and brotli bytes of the built package (pkg/, after
// wasm-opt): the core module (loaded by every page) and the assistant module
// (fetched only when a page needs it), each with its JS glue and snippets,
// and what each page of www/ downloads. Fails when a gzipped .wasm is over
// its budget.
// Usage: node scripts/size.mjs [--budget-core-kb N] [--budget-assistant-kb N] [--json out.json]
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const budgets = {
  core: Number(opt("--budget-core-kb", "50")) * 1024,
  assistant: Number(opt("--budget-assistant-kb", "120")) * 1024,
};
const pkg = opt("--pkg", "pkg");

const measure = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const walk = (dir) =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))
    : [];
// Which snippet files each module's glue imports (the assistant's glue
// imports its own; the core's imports the rest).
const glueImports = (glue) => {
  const src = readFileSync(join(pkg, glue), "utf8");
  return [...src.matchAll(/from '\.\/(snippets\/[^']+)'/g)].map((m) => join(pkg, m[1]));
};

const modules = {
  core: { wasm: "levqor_wasm_bg.wasm", glue: "levqor_wasm.js" },
  assistant: { wasm: "levqor_wasm_assistant_bg.wasm", glue: "levqor_wasm_assistant.js" },
};
const rows = [];
for (const [name, m] of Object.entries(modules)) {
  rows.push({ module: name, kind: "wasm", path: join(pkg, m.wasm) });
  rows.push({ module: name, kind: "js glue", path: join(pkg, m.glue) });
  for (const s of glueImports(m.glue)) rows.push({ module: name, kind: "js snippet", path: s });
}
const unlisted = walk(join(pkg, "snippets")).filter((f) => !rows.some((r) => r.path === f));
for (const f of unlisted) rows.push({ module: "core", kind: "js snippet", path: f });
for (const r of rows) Object.assign(r, measure(readFileSync(r.path)));

const pad = (s, n) => String(s).padStart(n);
const sum = (rs) => rs.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
console.log(`${"module".padEnd(10)} ${"file".padEnd(64)} ${pad("raw", 9)} ${pad("gzip", 9)} ${pad("brotli", 9)}`);
const totals = {};
for (const name of Object.keys(modules)) {
  const rs = rows.filter((r) => r.module === name);
  for (const r of rs) console.log(`${name.padEnd(10)} ${r.path.padEnd(64)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}`);
  totals[name] = sum(rs);
  const t = totals[name];
  console.log(`${name.padEnd(10)} ${"total (wasm + js)".padEnd(64)} ${pad(t.raw, 9)} ${pad(t.gzip, 9)} ${pad(t.brotli, 9)}`);
}

// What each page of www/ downloads of levqor-wasm (gzip): every page loads
// the core; a page adds the assistant only when the client falls back or
// the visitor opens an assistant (the help, workflow, debug and onboarding
// pages, and the support widget, preload it when their input is focused).
const pages = [
  ["/pricing (support widget closed)", ["core"]],
  ["/ (home, API healthy, no assistant opened)", ["core"]],
  ["/help, /workflows, /debug, /onboarding (assistant opened)", ["core", "assistant"]],
];
console.log("\npage downloads of levqor-wasm (gzip bytes, wasm + js):");
const perPage = pages.map(([page, mods]) => {
  const gzip = mods.reduce((n, m) => n + totals[m].gzip, 0);
  console.log(`  ${page.padEnd(58)} ${pad(gzip, 9)}  (${mods.join(" + ")})`);
  return { page, modules: mods, gzip };
});

const out = opt("--json", "");
if (out) writeFileSync(out, JSON.stringify({ files: rows, totals, perPage, budgetsGzipBytes: budgets }, null, 2));
let failed = false;
for (const [name, budget] of Object.entries(budgets)) {
  const wasm = rows.find((r) => r.module === name && r.kind === "wasm");
  const kb = budget / 1024;
  if (wasm.gzip > budget) {
    console.error(`size: FAIL ${name}: gzipped .wasm is ${wasm.gzip} bytes, over the ${kb} KB budget (${budget} bytes)`);
    failed = true;
  } else {
    console.log(`size: ok ${name}: gzipped .wasm ${wasm.gzip} bytes, under the ${kb} KB budget (${((100 * wasm.gzip) / budget).toFixed(1)}%, ${budget - wasm.gzip} bytes to spare)`);
  }
}
process.exit(failed ? 1 : 0);
