// A tiny static file server on 127.0.0.1 for tests that load pkg/ directly
// (no Next.js): serves the repository root with the right MIME types.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { once } from "node:events";

const TYPES = { ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm", ".html": "text/html", ".json": "application/json", ".d.ts": "text/plain" };

/** Serves `root`; `pages` maps extra paths to HTML strings. */
export async function startStatic(root, pages = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end(pages[url.pathname]);
    }
    const file = path.join(root, path.normalize(url.pathname));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}
