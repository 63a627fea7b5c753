// Checks the packed tarball as a user gets it: package.json has the fields a
// user relies on, its version is Cargo.toml's, and the tarball holds exactly
// the files its entry points import (scripts/package-graph.mjs) plus the
// documents npm always ships: no file nothing imports, none imported missing.
//   node files.mjs TARBALL   (prints the tarball's size)
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { reachable } from "../package-graph.mjs";

const tgz = process.argv[2];
const dir = mkdtempSync(path.join(os.tmpdir(), "levqor-pack-"));
try {
  execFileSync("tar", ["-xzf", tgz, "-C", dir]);
  const root = path.join(dir, "package");
  const listed = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l && !l.endsWith("/"))
    .map((l) => l.replace(/^package\//, ""));
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));

  const cargoVersion = readFileSync("Cargo.toml", "utf8").match(/^version\s*=\s*"([^"]+)"/m)[1];
  assert.equal(pkg.version, cargoVersion, "package.json version is Cargo.toml's");
  for (const k of ["name", "description", "license", "repository", "keywords", "engines", "exports", "files", "types"]) {
    assert.ok(pkg[k] !== undefined && pkg[k] !== "", `package.json has ${k}`);
  }
  assert.equal(typeof pkg.sideEffects, "boolean", "sideEffects is declared");
  for (const [entry, target] of Object.entries(pkg.exports)) {
    if (entry.endsWith(".wasm") || entry === "./package.json") continue;
    assert.ok(target.types && target.default, `exports["${entry}"] has types and default`);
  }

  const { files, missing } = reachable(root, pkg);
  assert.deepEqual(missing, [], "every imported file is in the tarball");
  const docs = new Set(["package.json", "README.md", "CHANGELOG.md"]);
  const unused = listed.filter((f) => !files.has(f) && !docs.has(f) && !/^LICEN[CS]E/i.test(f));
  assert.deepEqual(unused, [], "the tarball holds no file nothing imports");
  for (const d of docs) assert.ok(listed.includes(d), `the tarball has ${d}`);
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  assert.ok(readme.length < 8000, "README.md is a package page, not the repo README");

  const unpacked = listed.reduce((a, f) => a + statSync(path.join(root, f)).size, 0);
  const wasmGz = listed
    .filter((f) => f.endsWith(".wasm"))
    .map((f) => `${f} ${(zlib.gzipSync(readFileSync(path.join(root, f)), { level: 9 }).length / 1024).toFixed(1)} KB gzipped`);
  console.log(`consumer-apps: ${path.basename(tgz)}: ${(statSync(tgz).size / 1024).toFixed(1)} KB packed, ${(unpacked / 1024).toFixed(1)} KB unpacked, ${listed.length} files, each imported or a document (${wasmGz.join(", ")})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
