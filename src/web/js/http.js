// Network I/O of the bridge (LevqorClient), as a wasm-bindgen snippet. Rust
// decides what to call and judges the answer; this file only talks to the
// browser: fetch with an AbortController (so a timeout really aborts), a
// byte cap while reading the body, navigator.onLine and online/offline
// events. Nothing here throws or rejects; cookies are never sent and
// redirects are refused (so only the configured origin is ever contacted).

/**
 * A set of in-flight requests that `abortAll` cancels (one per client).
 * @returns {{ controllers: Set<AbortController> }}
 */
export function newGroup() {
  return { controllers: new Set() };
}

/**
 * Aborts every request of `group` (their promises resolve with kind "aborted").
 * @param {{ controllers: Set<AbortController> }} group
 */
export function abortAll(group) {
  try {
    for (const c of group.controllers) c.abort();
    group.controllers.clear();
  } catch (_) {
    // nothing to do
  }
}

/**
 * One HTTP request. Resolves (never rejects) to
 * `{ kind: "reply" | "timeout" | "network" | "too_large" | "aborted", status, contentType, body }`.
 * @param {{ controllers: Set<AbortController> }} group
 * @param {((url: string, init: RequestInit) => Promise<Response>) | null | undefined} fetchImpl
 * @param {string} url
 * @param {string} method
 * @param {string | null | undefined} body
 * @param {string | null | undefined} idempotencyKey
 * @param {number} timeoutMs
 * @param {number} maxBytes
 */
export function request(group, fetchImpl, url, method, body, idempotencyKey, timeoutMs, maxBytes) {
  const result = (kind, status = 0, contentType = "", text = "") => ({ kind, status, contentType, body: text });
  let controller = null;
  let timer = null;
  let timedOut = false;
  const done = (r) => {
    if (timer !== null) clearTimeout(timer);
    if (controller) group.controllers.delete(controller);
    return r;
  };
  try {
    controller = typeof AbortController === "function" ? new AbortController() : null;
    if (controller) group.controllers.add(controller);
    const headers = { accept: "application/json" };
    if (body != null) headers["content-type"] = "application/json";
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    const init = {
      method,
      headers,
      body: body == null ? undefined : body,
      credentials: "omit",
      redirect: "error",
      cache: "no-store",
      mode: "cors",
      signal: controller ? controller.signal : undefined,
    };
    const f = typeof fetchImpl === "function" ? fetchImpl : typeof fetch === "function" ? fetch : null;
    if (!f) return Promise.resolve(done(result("network")));
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        timedOut = true;
        try { if (controller) controller.abort(); } catch (_) { /* ignore */ }
        resolve("timeout");
      }, Math.max(0, timeoutMs));
    });
    const work = (async () => {
      const res = typeof fetchImpl === "function" ? await f(url, init) : await fetch(url, init);
      const status = res.status | 0;
      const contentType = String((res.headers && res.headers.get("content-type")) || "");
      const declared = Number(res.headers && res.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > maxBytes) {
        try { if (controller) controller.abort(); } catch (_) { /* ignore */ }
        return result("too_large", status, contentType);
      }
      if (!res.body || typeof res.body.getReader !== "function") {
        const text = await res.text();
        return text.length > maxBytes ? result("too_large", status, contentType) : result("reply", status, contentType, text);
      }
      const reader = res.body.getReader();
      const chunks = [];
      let size = 0;
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) break;
        size += value.byteLength;
        if (size > maxBytes) {
          try { await reader.cancel(); } catch (_) { /* ignore */ }
          try { if (controller) controller.abort(); } catch (_) { /* ignore */ }
          return result("too_large", status, contentType);
        }
        chunks.push(value);
      }
      const all = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) { all.set(c, at); at += c.byteLength; }
      return result("reply", status, contentType, new TextDecoder().decode(all));
    })().catch(() => (timedOut ? "timeout" : controller && controller.signal.aborted ? "aborted" : "network"));
    return Promise.race([work, timeout]).then(
      (r) => done(typeof r === "string" ? result(r) : r),
      () => done(result("network")),
    );
  } catch (_) {
    return Promise.resolve(done(result("network")));
  }
}

/** `navigator.onLine`, true when unknown. @returns {boolean} */
export function browserOnline() {
  try {
    return typeof navigator === "undefined" || navigator.onLine !== false;
  } catch (_) {
    return true;
  }
}

/**
 * Calls `cb(true|false)` on the window's online/offline events.
 * @param {(online: boolean) => void} cb
 * @returns {() => void} removes the listeners
 */
export function watchOnline(cb) {
  try {
    if (typeof window === "undefined" || !window.addEventListener) return () => {};
    const on = () => cb(true);
    const off = () => cb(false);
    window.addEventListener("online", on);
    window.addEventListener("offline", off);
    return () => {
      window.removeEventListener("online", on);
      window.removeEventListener("offline", off);
    };
  } catch (_) {
    return () => {};
  }
}

/** A monotonic clock in ms (`performance.now()`, else `Date.now()`). @returns {number} */
export function monotonicNow() {
  try {
    return typeof performance !== "undefined" ? performance.now() : Date.now();
  } catch (_) {
    return Date.now();
  }
}

// The assistant module (levqor-wasm/assistant), fetched for the core's
// LevqorClient once, on demand. (In this file, not a snippet of its own: every
// snippet is one more module request before the wasm can start.) Rust decides when
// to load it and what to do when it cannot; this file only imports it and
// passes JSON text in and out. Nothing here throws: failures resolve to null,
// and a failed load is forgotten so the next call tries again.
//
// The default import path is relative to this snippet's place in the package
// (pkg/snippets/<crate>/src/web/js/http.js -> pkg/levqor_wasm_assistant.js),
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
