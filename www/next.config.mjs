// Next.js config for the demo. levqor-wasm is built with `wasm-pack --target web`
// and loaded with `import()` + `await init()` inside `useEffect`, so Next 14
// (webpack) needs no config. Next 15+/16 with Turbopack only needs to know the
// repository root, because the package is a `file:../pkg` dependency outside
// this folder.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const nextMajor = Number(require("next/package.json").version.split(".")[0]);
// LEVQOR_REPO_ROOT lets scripts/next-latest.sh build a copy of this folder.
const repoRoot = process.env.LEVQOR_REPO_ROOT ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  ...(nextMajor >= 15 ? { turbopack: { root: repoRoot } } : {}),
};

export default nextConfig;
