// Network I/O for levqor-wasm, as a wasm-bindgen snippet. Every decision
// (what to send, when, retries) is made in Rust; these functions only touch
// the browser APIs, never throw, and never send cookies.

// ---- telemetry ------------------------------------------------------------

/**
 * POSTs a JSON body. With `keepalive` the request outlives the page (used on
 * page hide; bodies in flight must stay under 64 KB, which Rust enforces).
 * Falls back to `navigator.sendBeacon` when `fetch` is missing or throws.
 * Resolves to `{ status, retryAfter }`; status 0 means "no answer" (network
 * error, or a beacon whose delivery cannot be confirmed). Never rejects.
 * @param {string} url
 * @param {string} body
 * @param {boolean} keepalive
 * @returns {Promise<{status: number, retryAfter: string | null}>}
 */
export function postJson(url, body, keepalive) {
  const none = { status: 0, retryAfter: null };
  try {
    if (typeof fetch === "function") {
      return fetch(url, {
        method: "POST",
        body,
        keepalive: !!keepalive,
        credentials: "omit",
        headers: { "content-type": "application/json" },
      }).then(
        (r) => ({ status: r.status, retryAfter: r.headers.get("retry-after") }),
        () => none,
      );
    }
  } catch (_) {
    // fall through to the beacon
  }
  sendBeacon(url, body);
  return Promise.resolve(none);
}

/**
 * `navigator.sendBeacon` with a JSON blob; false when unavailable or refused.
 * @param {string} url
 * @param {string} body
 * @returns {boolean}
 */
export function sendBeacon(url, body) {
  try {
    return typeof navigator !== "undefined" && typeof navigator.sendBeacon === "function"
      ? navigator.sendBeacon(url, new Blob([body], { type: "application/json" }))
      : false;
  } catch (_) {
    return false;
  }
}

/** `navigator.onLine`, true when unknown. @returns {boolean} */
export function isOnline() {
  return typeof navigator === "undefined" || navigator.onLine !== false;
}
