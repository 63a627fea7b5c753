// Shared e2e plumbing: starts the production Next.js server (and, for tests
// that want one, the stub Levqor API) in their own process groups, launches
// Debian's Chromium through playwright-core, and tears everything down.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const WWW = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SCREENSHOTS = path.join(WWW, "..", "target", "screenshots");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const srv = createServer();
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const { port } = srv.address();
  srv.close();
  return port;
}

async function waitFor(url, ms) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
      last = `HTTP ${r.status}`;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up in ${ms} ms: ${last}`);
}

/** Process groups of the servers started and not yet stopped. */
const running = new Set();
// An interrupted run (Ctrl-C, a CI time limit: scripts/test.sh forwards the
// signal to the step's process group) skips the `after` hooks, and the
// servers, detached into their own groups, would not get the signal: stop
// them here, then exit as the signal would have.
for (const [sig, code] of [["SIGINT", 130], ["SIGTERM", 143]]) {
  process.once(sig, () => {
    for (const pid of running) { try { process.kill(-pid, "SIGKILL"); } catch {} }
    process.exit(code);
  });
}

/** Spawns a long-running process in its own group; returns { url, stop }. */
async function serve(cmd, args, { port, env = {}, probe = "/" }) {
  const child = spawn(cmd, args, {
    cwd: WWW,
    detached: true, // own process group: stop() kills next-server too
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
  running.add(child.pid);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(url + probe, 60_000);
  } catch (e) {
    try { process.kill(-child.pid, "SIGKILL"); } catch {}
    throw new Error(`${e.message}\n${output}`);
  }
  return {
    url,
    output: () => output,
    async stop() {
      running.delete(child.pid);
      try { process.kill(-child.pid, "SIGTERM"); } catch { return; }
      await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 5000))]);
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
    },
  };
}

/** The built www app (`next start`) on a free port. */
export async function startSite(env = {}) {
  const port = await freePort();
  const next = path.join(WWW, "node_modules", "next", "dist", "bin", "next");
  return serve(process.execPath, [next, "start", "-H", "127.0.0.1", "-p", String(port)], { port, env });
}

/** Launches headless Chromium; returns the playwright Browser. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
  });
}

/** Saves a screenshot of `locator` (or the page) under target/screenshots. */
export async function screenshot(target, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await target.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

export { serve };
