// Writes pkg/package.json for the two-module package that scripts/build.sh
// lays out in pkg/: `levqor-wasm` (the core) and `levqor-wasm/assistant`
// (fetched on demand), and copies the npm page (npm/README.md) and
// CHANGELOG.md beside it. The version, license, description and repository
// come from Cargo.toml, the same place `meta.engine` reads its version from.
// `files` lists exactly what the entry points import (scripts/package-graph.mjs);
// a generated file nothing imports (e.g. the raw `*_bg.wasm.d.ts`) is left out.
// The shipped JS (glue and snippets) loses its whole-line comments: the docs
// live in the .d.ts files (what editors read) and in the sources; comments
// were 40% of the core's gzipped JS, paid by every page that loads it.
// Usage: node scripts/package.mjs pkg
import { copyFileSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { reachable } from "./package-graph.mjs";

const dir = process.argv[2] ?? "pkg";
const cargo = readFileSync("Cargo.toml", "utf8");
const field = (name) => {
  const m = cargo.match(new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, "m"));
  if (!m) throw new Error(`package.mjs: Cargo.toml has no ${name}`);
  return m[1];
};
const repo = field("repository");

const pkg = {
  name: "levqor-wasm",
  version: field("version"),
  description: field("description"),
  license: field("license"),
  repository: { type: "git", url: `git+${repo}.git` },
  homepage: `${repo}#readme`,
  bugs: { url: `${repo}/issues` },
  keywords: ["levqor", "wasm", "webassembly", "offline", "assistant", "chatbot", "telemetry", "opentelemetry", "otlp", "exit-intent", "roi", "nextjs", "vite"],
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
  // TypeScript with `moduleResolution: "node"` (node10: the tsconfig.json
  // Next.js 14 writes) ignores `exports`; this maps the subpath for it.
  typesVersions: { "*": { assistant: ["./levqor_wasm_assistant.d.ts"] } },
  files: [],
  // Importing a module only defines functions and classes; nothing runs until
  // `init()` (the default export) is called.
  sideEffects: false,
  engines: { node: ">=18" },
};
// wasm-bindgen's classes declare `[Symbol.dispose]()`, which type-checks only
// with the `esnext.disposable` lib: say so in each declaration file, so an app
// whose tsconfig has an older `lib` and `skipLibCheck: false` compiles.
const NEEDS_LIB = '/// <reference lib="esnext.disposable" />\n';
for (const dts of ["levqor_wasm.d.ts", "levqor_wasm_assistant.d.ts"]) {
  const text = readFileSync(join(dir, dts), "utf8");
  if (text.includes("Symbol.dispose") && !text.startsWith(NEEDS_LIB)) writeFileSync(join(dir, dts), NEEDS_LIB + text);
}
// Whole-line comments only: `/* … */` blocks that open a line and end one,
// and `//` lines; directives (`/* @ts-self-types=… */`) and `/*!` notices
// stay. Neither the generated glue nor the snippets have template literals
// or multi-line strings, and each result must still parse as a module
// (node --check) or the build fails.
const keep = (c) => (c.includes("@ts-") || /^\s*\/\*!/.test(c) ? c : "");
const stripComments = (src) =>
  src.replace(/^[ \t]*\/\*[\s\S]*?\*\/[ \t]*\n/gm, keep).replace(/^[ \t]*\/\/.*\n/gm, keep);
const jsFiles = (d) =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(join(d, e.name)) : e.name.endsWith(".js") ? [join(d, e.name)] : [],
  );
for (const file of jsFiles(dir)) {
  const text = stripComments(readFileSync(file, "utf8"));
  execFileSync(process.execPath, ["--input-type=module", "--check", "-"], { input: text, stdio: ["pipe", "inherit", "inherit"] });
  writeFileSync(file, text);
}
const { files, missing } = reachable(dir, pkg);
if (missing.length) {
  throw new Error(`package.mjs: imported but not in ${dir}/: ${missing.map((m) => `${m.file} (from ${m.from})`).join(", ")}`);
}
pkg.files = [...files].sort();
copyFileSync("npm/README.md", join(dir, "README.md"));
copyFileSync("CHANGELOG.md", join(dir, "CHANGELOG.md"));
pkg.files.push("CHANGELOG.md"); // npm adds README.md and package.json itself
writeFileSync(join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
console.log(`package: ${dir}/package.json ${pkg.name}@${pkg.version}, ${pkg.files.length} files`);
