// Fetches the assistant wasm module (levqor-wasm/assistant) for the core's
// LevqorClient, once, on demand, as a wasm-bindgen snippet. Rust decides when
// to load it and what to do when it cannot; this file only imports it and
// passes JSON text in and out. Nothing here throws: failures resolve to null,
// and a failed load is forgotten so the next call tries again.
//
// The default import path is relative to this snippet's place in the package
// (pkg/snippets/<crate>/src/web/js/assistant.js -> pkg/levqor_wasm_assistant.js),
// a static string, so every bundler (webpack, Turbopack, Vite) turns it into
// a separate chunk fetched only when this function runs.

/** @type {Map<unknown, Promise<object | null>>} */
const loads = new Map();

/**
 * Loads (once) and initialises the assistant module. Resolves to the module
 * or to null when it cannot be fetched or is not the assistant.
 * @param {(() => Promise<unknown>) | null | undefined} custom  `LevqorClientOptions.loadAssistant`
 * @returns {Promise<object | null>}
 */
export function loadAssistant(custom) {
  const key = typeof custom === "function" ? custom : null;
  let p = loads.get(key);
  if (!p) {
    p = (async () => {
      try {
        const m = key ? await key() : await import("../../../../../levqor_wasm_assistant.js");
        if (!m || typeof m.respondJson !== "function") return null;
        if (typeof m.default === "function") await m.default();
        return m;
      } catch (_) {
        return null;
      }
    })();
    loads.set(key, p);
    p.then((m) => {
      if (!m) loads.delete(key);
    });
  }
  return p;
}

/**
 * One answer from a loaded assistant module: JSON text in, JSON text out
 * (null if the call threw, which the module's own exports never do).
 * @param {{ respondJson: (endpoint: string, body: string) => string }} m
 * @param {string} endpoint
 * @param {string} body
 * @returns {string | null}
 */
export function respondWith(m, endpoint, body) {
  try {
    const out = m.respondJson(endpoint, body);
    return typeof out === "string" ? out : null;
  } catch (_) {
    return null;
  }
}
