// A stub of the Levqor API for tests, on 127.0.0.1 only, no dependencies.
// Implements /health, /api/ai/{chat,workflow,debug,onboarding/next-step},
// /api/support/escalate and /api/telemetry/events with the server's response
// shapes, and can be switched between behaviours:
//   healthy    answers at once
//   slow       answers after `delayMs` (default 2000)
//   failing    HTTP 500
//   hanging    never answers (the client's timeout must fire)
//   malformed  200 with a body that is not JSON
//   html       200 text/html (an error page from a proxy)
//   huge       200 with a 5 MB JSON body
//   down       closes every connection without a response
//   lose-ack   handles the request (records batches, escalations) but closes
//              the connection instead of answering: a lost 2xx, so the
//              client retries what the server already has
// Control (works in every mode): POST /__control {"mode": "...", "delayMs": n},
// GET /__state (received telemetry batches, escalations, request counts, and
// `log`: every request received, in order, recorded before the mode is applied
// and before any dedupe — tests count these, so a client that sends twice
// cannot hide behind the stub's dedupe), POST /__reset.
//
// CLI: node www/e2e/stub-api.mjs --port 8787
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";

export const MODES = ["healthy", "slow", "failing", "hanging", "malformed", "html", "huge", "down", "lose-ack"];

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const ENGINE = "levqor-api/stub";

/** The server's answers, in the same shapes as the wasm fallback. */
export function answer(path, body) {
  const text = typeof body?.query === "string" ? body.query.trim() : typeof body?.error === "string" ? body.error.trim() : null;
  if (path !== "/api/ai/onboarding/next-step" && (text === null || text.length < 3 || text.length > 500)) {
    const code = text === null ? "query_missing" : text.length < 3 ? "query_too_short" : "query_too_long";
    return [422, { success: false, error: "The query must be 3 to 500 characters.", code }];
  }
  switch (path) {
    case "/api/ai/chat":
      return [200, {
        success: true,
        answer: "Server answer: Levqor plans start at £9 a month, with a 7-day free trial.",
        steps: [],
        suggestions: ["What does the trial include?", "Can I pay yearly?"],
        escalationSuggested: false,
        conversationId: typeof body.conversationId === "string" ? body.conversationId : "srv-1",
        meta: { source: "server", topic: "pricing", confidence: 0.97, engine: ENGINE },
      }];
    case "/api/ai/workflow":
      return [200, {
        success: true,
        answer: "Server plan: when a new Gmail attachment arrives, save it to Google Drive.",
        steps: [
          { type: "trigger", label: "New attachment in Gmail", description: "Runs when an email with an attachment arrives.", app: "Gmail" },
          { type: "action", label: "Upload to Google Drive", description: "Saves the attachment to a folder.", app: "Google Drive" },
        ],
        meta: { source: "server", pattern: "backup", confidence: 0.95, engine: ENGINE },
      }];
    case "/api/ai/debug":
      return [200, {
        success: true,
        answer: "Server diagnosis: the token was rejected.",
        explanation: "Server diagnosis: the API rejected the credentials (HTTP 401).",
        steps: ["Reconnect the account in Levqor.", "Run the workflow again."],
        prevention: "Reconnect accounts before their tokens expire.",
        meta: { source: "server", category: "auth", confidence: 0.9, engine: ENGINE, signals: { httpStatus: 401 } },
      }];
    case "/api/ai/onboarding/next-step": {
      const done = Array.isArray(body?.completed) ? body.completed.length : 0;
      return [200, {
        success: true,
        step: { id: "first_workflow", title: "Server: build your first workflow", description: "Pick a template.", tips: ["Start small."], estimatedMinutes: 5 },
        progress: { done, total: 5, percent: Math.round((done / 5) * 100) },
        meta: { source: "server", engine: ENGINE },
      }];
    }
  }
  return [404, { success: false, error: "Not found", code: "not_found" }];
}

/**
 * What the stub's `log` keeps of one request: method, path, the mode it met
 * (whether the server kept it: `healthy`, `slow` and `lose-ack` do), and for
 * telemetry the batch id and its counts per event; for escalations the
 * idempotency key.
 */
export function logEntry(req, path, mode, body) {
  const entry = { method: req.method, path, mode, kept: ["healthy", "slow", "lose-ack"].includes(mode) };
  if (path === "/api/telemetry/events" && body && typeof body === "object") {
    entry.batchId = typeof body.batchId === "string" ? body.batchId : null;
    const perEvent = {};
    for (const c of Array.isArray(body.counts) ? body.counts : []) perEvent[c.event] = (perEvent[c.event] ?? 0) + (Number(c.n) || 0);
    entry.counts = perEvent;
    entry.dropped = Number(body.dropped?.events) || 0;
    entry.unconfirmed = body.unconfirmed && typeof body.unconfirmed === "object" ? body.unconfirmed : {};
  }
  if (path === "/api/support/escalate") entry.key = req.headers["idempotency-key"] ?? body?.idempotencyKey ?? null;
  return entry;
}

export function startStub({ port = 0, host = "127.0.0.1" } = {}) {
  const state = { mode: "healthy", delayMs: 2000, batches: [], batchIds: new Set(), duplicates: 0, escalations: [], escalationKeys: new Set(), requests: {}, log: [] };
  const hanging = new Set();

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://stub");
    res.setHeader("access-control-allow-origin", "*");
    res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
    res.setHeader("access-control-allow-headers", "content-type, idempotency-key, x-levqor-batch-id");
    res.setHeader("access-control-max-age", "600");
    if (req.method === "OPTIONS") { res.writeHead(204); return res.end(); }

    let raw = "";
    for await (const chunk of req) { raw += chunk; if (raw.length > 1 << 20) break; }
    let body = null;
    try { body = raw ? JSON.parse(raw) : null; } catch { body = undefined; }

    if (url.pathname === "/__control") {
      if (body && MODES.includes(body.mode)) state.mode = body.mode;
      if (body && Number.isFinite(body.delayMs)) state.delayMs = body.delayMs;
      if (state.mode !== "hanging") { for (const r of hanging) r.destroy(); hanging.clear(); }
      return json(res, 200, { mode: state.mode, delayMs: state.delayMs });
    }
    if (url.pathname === "/__state") {
      return json(res, 200, { mode: state.mode, batches: state.batches, duplicates: state.duplicates, escalations: state.escalations, requests: state.requests, log: state.log });
    }
    if (url.pathname === "/__reset") {
      Object.assign(state, { mode: "healthy", batches: [], duplicates: 0, escalations: [], requests: {}, log: [] });
      state.batchIds.clear(); state.escalationKeys.clear();
      return json(res, 200, { ok: true });
    }

    state.requests[url.pathname] = (state.requests[url.pathname] ?? 0) + 1;
    state.log.push(logEntry(req, url.pathname, state.mode, body));
    if (state.mode === "lose-ack") {
      // the handlers below run; whatever they answer is never sent
      res.end = () => { req.socket.destroy(); return res; };
    }
    switch (state.mode) {
      case "down": return req.socket.destroy();
      case "hanging": hanging.add(res); res.on("close", () => hanging.delete(res)); return;
      case "failing": return json(res, 500, { success: false, error: "Internal Server Error" });
      case "malformed": res.writeHead(200, { "content-type": "application/json" }); return res.end('{"success": true, "answer": ');
      case "html": res.writeHead(200, { "content-type": "text/html" }); return res.end("<html><body><script>alert(1)</script>Bad gateway</body></html>");
      case "huge": {
        res.writeHead(200, { "content-type": "application/json" });
        return res.end(JSON.stringify({ success: true, answer: "x".repeat(5 * 1024 * 1024), steps: [], meta: { source: "server" } }));
      }
      case "slow": await new Promise((r) => setTimeout(r, state.delayMs)); break;
    }

    if (url.pathname === "/health") return json(res, 200, { status: "ok" });
    if (req.method !== "POST") return json(res, 405, { success: false, error: "Use POST", code: "method_not_allowed" });
    if (body === undefined) return json(res, 400, { success: false, error: "Body is not JSON", code: "invalid_json" });
    if (url.pathname === "/api/telemetry/events") {
      const id = body?.batchId;
      if (typeof id === "string" && state.batchIds.has(id)) { state.duplicates++; return json(res, 200, { accepted: true, duplicate: true }); }
      if (typeof id === "string") state.batchIds.add(id);
      state.batches.push(body);
      return json(res, 202, { accepted: true });
    }
    if (url.pathname === "/api/support/escalate") {
      const key = req.headers["idempotency-key"] ?? body?.idempotencyKey;
      if (key && state.escalationKeys.has(key)) return json(res, 200, { success: true, ticketId: `T-${key}`, duplicate: true });
      if (key) state.escalationKeys.add(key);
      state.escalations.push(body);
      return json(res, 201, { success: true, ticketId: `T-${state.escalations.length}` });
    }
    const [status, payload] = answer(url.pathname, body);
    return json(res, status, payload);
  });

  return new Promise((resolve) => {
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({
        url: `http://${host}:${actual}`,
        state,
        async setMode(mode, delayMs) {
          state.mode = mode;
          if (delayMs !== undefined) state.delayMs = delayMs;
          if (mode !== "hanging") { for (const r of hanging) r.destroy(); hanging.clear(); }
        },
        close: () => new Promise((r) => { for (const x of hanging) x.destroy(); server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : 8787;
  const stub = await startStub({ port });
  console.log(`stub Levqor API on ${stub.url}`);
}
