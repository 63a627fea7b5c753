// Writes pkg/package.json for the two-module package that scripts/build.sh
// lays out in pkg/: `levqor-wasm` (the core) and `levqor-wasm/assistant`
// (fetched on demand). The version, license, description and repository come
// from Cargo.toml, so `meta.engine` and the npm version are the same number.
// Usage: node scripts/package.mjs pkg
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const dir = process.argv[2] ?? "pkg";
const cargo = readFileSync("Cargo.toml", "utf8");
const field = (name) => {
  const m = cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"));
  if (!m) throw new Error(`package.mjs: Cargo.toml has no ${name}`);
  return m[1];
};

const walk = (d) =>
  readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    return statSync(p).isDirectory() ? walk(p) : [relative(dir, p)];
  });
const shipped = walk(dir).filter((f) => f !== "package.json").sort();

const pkg = {
  name: "levqor-wasm",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  repository: { type: "git", url: `git+${field("repository")}.git` },
  keywords: ["levqor", "wasm", "webassembly", "offline", "assistant", "telemetry", "exit-intent", "roi", "nextjs"],
  type: "module",
  main: "./levqor_wasm.js",
  module: "./levqor_wasm.js",
  types: "./levqor_wasm.d.ts",
  exports: {
    ".": { types: "./levqor_wasm.d.ts", default: "./levqor_wasm.js" },
    "./assistant": { types: "./levqor_wasm_assistant.d.ts", default: "./levqor_wasm_assistant.js" },
    "./levqor_wasm_bg.wasm": "./levqor_wasm_bg.wasm",
    "./levqor_wasm_assistant_bg.wasm": "./levqor_wasm_assistant_bg.wasm",
    "./package.json": "./package.json",
  },
  files: shipped,
  sideEffects: false,
  engines: { node: ">=18" },
};
writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`package: ${dir}/package.json ${pkg.name}@${pkg.version}, ${shipped.length} files`);
