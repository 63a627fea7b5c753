"use client";
// The page of every consumer app that scripts/consumer-apps.sh generates: it
// uses the installed tarball the way the npm README tells a new user to,
// through both entry points, with the API unreachable, and reports what
// happened in <pre id="result"> for scripts/consumer-apps/check.mjs.
import { useEffect, useState } from "react";
import type { AssistantError, ChatResponse } from "levqor-wasm";

// The npm README's example, verbatim: it must compile under the app's
// tsconfig, with or without strictNullChecks.
export function say(reply: ChatResponse | AssistantError): string {
  return reply.success ? reply.answer : reply.error;
}

// Nothing listens on port 9: every API call fails at once.
const UNREACHABLE = "http://127.0.0.1:9";

async function run(otlp: string | null): Promise<Record<string, unknown>> {
  const m = await import("levqor-wasm");
  await m.default();
  const out: Record<string, unknown> = { version: m.version() };

  // Telemetry in OTLP to the local receiver; the client records its api_call.
  const telemetry = otlp
    ? new m.Telemetry({ endpoint: otlp, format: "otlp", serviceName: "levqor-consumer-app", storageKey: "consumer" })
    : null;

  // 1. `levqor-wasm`: the client falls back and fetches the assistant itself.
  const client = new m.LevqorClient({ apiBase: UNREACHABLE, timeoutMs: 3000, telemetry });
  const reply = await client.chat({ query: "How much is the Pro plan?", context: { page: "/pricing" } });
  out.client = {
    text: say(reply),
    source: reply.success ? reply.meta.source : null,
    fallbackReason: reply.success ? reply.meta.fallbackReason : reply.code,
    engine: reply.success ? reply.meta.engine : null,
  };

  // 2. `levqor-wasm/assistant`, imported by the app.
  const a = await import("levqor-wasm/assistant");
  await a.default();
  const direct = new a.Assistant().chat({ query: "Is there a free trial?" });
  out.assistant = { text: say(direct), topic: direct.success ? direct.meta.topic : null };

  // 3. A client that loads the assistant through its option.
  const chosen = new m.LevqorClient({
    apiBase: UNREACHABLE,
    timeoutMs: 3000,
    loadAssistant: () => import("levqor-wasm/assistant"),
  });
  const again = await chosen.chat({ query: "Can I get a refund?" });
  out.loadAssistant = { text: say(again), source: again.success ? again.meta.source : null };

  if (telemetry) {
    telemetry.track("ai_request", { endpoint: "chat", source: "fallback", query_length: 25, page: "/pricing" });
    telemetry.track("ai_request", { page: "/users/jo@example.com" }); // refused, counted
    out.telemetry = await telemetry.flush();
    telemetry.destroy();
  }
  return out;
}

export default function Probe() {
  const [result, setResult] = useState<string>("");
  useEffect(() => {
    const otlp = new URLSearchParams(window.location.search).get("otlp");
    run(otlp).then(
      (r) => setResult(JSON.stringify(r)),
      (e: unknown) => setResult(JSON.stringify({ error: String(e) })),
    );
  }, []);
  return (
    <main>
      <h1>levqor-wasm in a fresh app</h1>
      <pre id="result" data-done={result ? "1" : undefined}>{result || "running…"}</pre>
    </main>
  );
}
