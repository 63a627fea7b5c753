// Prints raw, gzip and brotli bytes of the built package (pkg/, after
// wasm-opt) and fails when the gzipped .wasm is over the budget (150 KB,
// the Foundation issue's).
// Usage: node scripts/size.mjs [--budget-gzip-kb 150] [--json out.json]
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : dflt;
};
const budgetKb = Number(opt("--budget-gzip-kb", "150"));
const pkg = opt("--pkg", "pkg");

const measure = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

const files = [["wasm", join(pkg, "levqor_wasm_bg.wasm")], ["js glue", join(pkg, "levqor_wasm.js")]];
const snippets = join(pkg, "snippets");
if (existsSync(snippets)) {
  const walk = (dir) =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  for (const f of walk(snippets)) files.push(["js snippet", f]);
}

const rows = files.map(([kind, path]) => ({ kind, path, ...measure(readFileSync(path)) }));
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
  raw: 0, gzip: 0, brotli: 0,
});
const pad = (s, n) => String(s).padStart(n);
console.log(`${"file".padEnd(52)} ${pad("raw", 9)} ${pad("gzip", 9)} ${pad("brotli", 9)}`);
for (const r of rows) console.log(`${r.path.padEnd(52)} ${pad(r.raw, 9)} ${pad(r.gzip, 9)} ${pad(r.brotli, 9)}`);
console.log(`${"total".padEnd(52)} ${pad(total.raw, 9)} ${pad(total.gzip, 9)} ${pad(total.brotli, 9)}`);

const wasm = rows[0];
const budget = budgetKb * 1024;
const out = opt("--json", "");
if (out) writeFileSync(out, JSON.stringify({ files: rows, total, budgetGzipBytes: budget }, null, 2));
if (wasm.gzip > budget) {
  console.error(`size: FAIL gzipped .wasm is ${wasm.gzip} bytes, over the ${budgetKb} KB budget (${budget} bytes)`);
  process.exit(1);
}
console.log(`size: ok gzipped .wasm ${wasm.gzip} bytes, under the ${budgetKb} KB budget (${((100 * wasm.gzip) / budget).toFixed(1)}%, ${budget - wasm.gzip} bytes to spare)`);
