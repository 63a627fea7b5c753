// The package loads in a real Next.js production build and computes in the
// browser: the page shows the wasm's version and a live validation result.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { WWW, startSite, launchBrowser, screenshot } from "./harness.mjs";

const cargoVersion = readFileSync(path.join(WWW, "..", "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];
let site, browser;

before(async () => {
  site = await startSite();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.stop();
});

test("the home page shows values computed by the wasm", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.goto(site.url + "/");
  const version = page.getByTestId("wasm-version");
  await version.waitFor({ timeout: 20_000 });
  assert.equal(await version.textContent(), cargoVersion);

  const validation = page.getByTestId("validation");
  assert.match(await validation.textContent(), /^OK: “how much is the pro plan\?”$/);
  await page.getByLabel("Try the input rule (3–500 characters)").fill(" hi ");
  assert.match(await validation.textContent(), /^query_too_short: /);
  await screenshot(page, "home");
  assert.deepEqual(errors, []);
  await page.close();
});

test("server rendering does not touch the wasm", async () => {
  const html = await (await fetch(site.url + "/")).text();
  assert.match(html, /Loading the offline module/);
});
