// Levqor API stub for the bridge's browser tests (tests/web_client.rs).
// Plain Node http, no dependencies, listens on 127.0.0.1 only.
//
// Each test uses its own session: apiBase = http://127.0.0.1:PORT/s/<session>
// so the client calls /s/<session>/api/ai/chat etc. Sessions start "healthy"
// and keep their own request counts, so tests never disturb each other.
// Modes (per session):
//   healthy       the server's answers (shapes from www/e2e/stub-api.mjs)
//   slow          answers after delayMs (default 2000)
//   failing       HTTP 500 JSON
//   hanging       never answers
//   malformed     200 application/json, truncated JSON
//   html          200 text/html error page with a <script>
//   huge          200 JSON, 5 MB, with Content-Length
//   huge_chunked  200 JSON, 5 MB, streamed without Content-Length
//   bad_shape     200 JSON of the wrong shape ({success:true, answer: 42})
//   not_found     404 text/plain
//   refuse        422 {success:false, error, code:"query_too_long"} (a validation error)
//   down          closes the connection without a response
// Control:
//   POST /__ctl/<session>   {"mode": "...", "delayMs": n}
//   GET  /__state/<session> {mode, requests: {path: n}, escalations: [...], duplicates,
//                            log: every request received, in order, before the
//                            mode is applied and before any dedupe}
//
// Run: node tests/server/stub.mjs [--port 8787]   (or LEVQOR_STUB_PORT=8787)
import { createServer } from "node:http";
import { answer, logEntry } from "../../www/e2e/stub-api.mjs";

const MODES = ["healthy", "slow", "failing", "hanging", "malformed", "html", "huge", "huge_chunked", "bad_shape", "not_found", "refuse", "down"];
const sessions = new Map();
const session = (id) => {
  if (!sessions.has(id)) sessions.set(id, { mode: "healthy", delayMs: 2000, requests: {}, escalations: [], keys: new Set(), duplicates: 0, log: [] });
  return sessions.get(id);
};

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

const server = createServer(async (req, res) => {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-allow-methods", "GET, POST, OPTIONS");
  res.setHeader("access-control-allow-headers", "content-type, accept, idempotency-key");
  res.setHeader("access-control-max-age", "600");
  if (req.method === "OPTIONS") { res.writeHead(204); return res.end(); }
  const url = new URL(req.url, "http://stub");
  let raw = "";
  for await (const chunk of req) { raw += chunk; if (raw.length > 1 << 20) break; }
  let body = null;
  try { body = raw ? JSON.parse(raw) : null; } catch { body = undefined; }

  // Readiness, for the wait loop in scripts/test.sh (outside any session).
  if (url.pathname === "/health") return json(res, 200, { status: "ok" });
  let m = url.pathname.match(/^\/__ctl\/([\w-]+)$/);
  if (m) {
    const s = session(m[1]);
    if (body && MODES.includes(body.mode)) s.mode = body.mode;
    if (body && Number.isFinite(body.delayMs)) s.delayMs = body.delayMs;
    return json(res, 200, { mode: s.mode });
  }
  m = url.pathname.match(/^\/__state\/([\w-]+)$/);
  if (m) {
    const s = session(m[1]);
    return json(res, 200, { mode: s.mode, requests: s.requests, escalations: s.escalations, duplicates: s.duplicates, log: s.log });
  }
  m = url.pathname.match(/^\/s\/([\w-]+)(\/.*)$/);
  if (!m) return json(res, 404, { success: false, error: "Unknown path", code: "not_found" });
  const s = session(m[1]);
  const path = m[2];
  s.requests[path] = (s.requests[path] ?? 0) + 1;
  s.log.push(logEntry(req, path, s.mode, body));

  switch (s.mode) {
    case "down": return req.socket.destroy();
    case "hanging": return; // never answers; the client aborts
    case "failing": return json(res, 500, { success: false, error: "Internal Server Error" });
    case "malformed": res.writeHead(200, { "content-type": "application/json" }); return res.end('{"success": true, "answer": ');
    case "html": res.writeHead(200, { "content-type": "text/html" }); return res.end("<html><body><script>alert(1)</script>Bad gateway</body></html>");
    case "huge": return json(res, 200, { success: true, answer: "x".repeat(5 * 1024 * 1024), steps: [], meta: { source: "server" } });
    case "huge_chunked": {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"success": true, "answer": "');
      const chunk = "x".repeat(64 * 1024);
      for (let i = 0; i < 80 && !res.destroyed; i++) {
        if (!res.write(chunk)) await new Promise((r) => { res.once("drain", r); res.once("close", r); });
      }
      return res.end('"}');
    }
    case "bad_shape": return json(res, 200, { success: true, answer: 42, steps: "none", meta: {} });
    case "refuse": return json(res, 422, { success: false, error: "The server refused this query.", code: "query_too_long" });
    case "not_found": res.writeHead(404, { "content-type": "text/plain" }); return res.end("Not Found");
    case "slow": await new Promise((r) => setTimeout(r, s.delayMs)); break;
  }

  if (path === "/health") return json(res, 200, { status: "ok" });
  if (req.method !== "POST") return json(res, 405, { success: false, error: "Use POST", code: "method_not_allowed" });
  if (body === undefined) return json(res, 400, { success: false, error: "Body is not JSON", code: "invalid_json" });
  if (path === "/api/support/escalate") {
    const key = req.headers["idempotency-key"] ?? body?.idempotencyKey;
    if (key && s.keys.has(key)) { s.duplicates++; return json(res, 200, { success: true, ticketId: `T-${key.slice(0, 8)}`, duplicate: true }); }
    if (key) s.keys.add(key);
    s.escalations.push({ key: key ?? null, headerKey: req.headers["idempotency-key"] ?? null, body });
    return json(res, 201, { success: true, ticketId: `T-${s.escalations.length}` });
  }
  const [status, payload] = answer(path, body);
  return json(res, status, payload);
});

const i = process.argv.indexOf("--port");
const port = Number(i > 0 ? process.argv[i + 1] : process.env.LEVQOR_STUB_PORT ?? 8787);
server.listen(port, "127.0.0.1", () => console.log(`bridge stub on http://127.0.0.1:${server.address().port}`));
