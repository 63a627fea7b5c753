// The files of the npm package that something imports: from the entry points
// of package.json (`exports`, `main`, `module`, `types`), every relative
// specifier of a static or dynamic import, an `export … from`, a
// `new URL("…", import.meta.url)` (the .wasm) and a `/// <reference path>`,
// followed through .js and .d.ts files. Used by scripts/package.mjs to write
// `files`, and by scripts/consumer-apps/files.mjs to check the packed tarball.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const SPECIFIERS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bnew\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  /\/\/\/\s*<reference\s+path=['"]([^'"]+)['"]/g,
];

/** Every relative file `file` (package-relative, posix) refers to. */
export function referencesOf(dir, file) {
  // Comments hold examples (`import init from "levqor-wasm"`), not imports:
  // block comments and whole-line `//` comments are dropped (`///` kept).
  const text = readFileSync(path.join(dir, file), "utf8")
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/(?!\/).*$/gm, "");
  const out = new Set();
  for (const re of SPECIFIERS) {
    for (const m of text.matchAll(re)) {
      const spec = m[1];
      // `new URL("x.wasm", import.meta.url)` resolves like a relative path.
      const url = re === SPECIFIERS[3] && !/^[a-z][a-z0-9+.-]*:|^\//i.test(spec);
      if (!url && !spec.startsWith("./") && !spec.startsWith("../")) {
        throw new Error(`${file} imports "${spec}": the package has no dependencies`);
      }
      out.add(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
    }
  }
  return [...out];
}

/** The entry files package.json names. */
export function entriesOf(pkg) {
  const out = new Set();
  const add = (v) => {
    if (typeof v === "string") out.add(path.posix.normalize(v));
    else if (v && typeof v === "object") Object.values(v).forEach(add);
  };
  add(pkg.exports);
  for (const k of ["main", "module", "types", "typings", "browser", "typesVersions"]) add(pkg[k]);
  out.delete("package.json");
  return [...out];
}

/** { files: Set of reachable files, missing: [{ file, from }] }. */
export function reachable(dir, pkg) {
  const files = new Set();
  const missing = [];
  const queue = entriesOf(pkg).map((f) => [f, "package.json"]);
  while (queue.length) {
    const [file, from] = queue.pop();
    if (files.has(file)) continue;
    if (!existsSync(path.join(dir, file))) {
      missing.push({ file, from });
      continue;
    }
    files.add(file);
    if (/\.(m?js|d\.ts)$/.test(file)) {
      for (const r of referencesOf(dir, file)) queue.push([r, file]);
    }
  }
  return { files, missing };
}
