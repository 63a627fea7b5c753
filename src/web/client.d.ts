/** Options of {@link LevqorClient}. Numbers out of range are clamped; wrong types fall back to the default. */
export interface LevqorClientOptions {
  /** The API origin (optionally with a path prefix): `https://…`, or `http://localhost` / `http://127.0.0.1` / `http://[::1]`. Absent: every answer comes from the wasm. An unusable value is reported by `configError` (the client then runs on the wasm alone). */
  apiBase?: string;
  /** Per-request timeout in ms (the request is aborted). Default 15000, range 100–120000. */
  timeoutMs?: number;
  /** Consecutive failures that open the circuit breaker. Default 3, range 1–100. */
  failureThreshold?: number;
  /** How long the server is skipped once the breaker opens, ms; then one call probes it. Default 30000, range 0–3600000. */
  cooldownMs?: number;
  /** When the breaker's cool-down ends, probe `GET /health` (one request) so the status and queued escalations recover without waiting for the next call. Default true; with false the next real call is the probe. */
  healthProbe?: boolean;
  /** Largest response body accepted, bytes. Default 262144 (256 KB), range 1024–4194304. */
  maxResponseBytes?: number;
  /** Loads the assistant module when the client must answer offline (or on {@link LevqorClient.preloadAssistant}). Default: the package's own dynamic import of `levqor-wasm/assistant`, which bundlers split into a chunk of its own; pass `() => import("levqor-wasm/assistant")` to choose the chunk yourself. A failed load answers `{ success: false, code: "assistant_unavailable" }` and is retried on the next call. */
  loadAssistant?: () => Promise<unknown>;
  /** A `fetch` replacement (tests, instrumentation). Default: the global `fetch`. */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /** Where `api_call` telemetry goes (a {@link Telemetry} instance, or anything with the same `track`). Absent or `false`: nothing is recorded. */
  telemetry?: Telemetry | { track(event: "api_call", props: { endpoint: ApiEndpoint; source: AnswerSource; outcome: ApiCallOutcome; latency?: number }): unknown } | false | null;
}

/** `configError` of a client whose `apiBase` was refused. */
export interface ClientConfigError {
  success: false;
  error: string;
  code: ConfigErrorCode;
}

/** What `escalate()` takes. At least one non-empty line in `messages` (or `message`). Other keys are ignored. */
export interface EscalationRequest {
  /** The conversation so far, oldest first (the last 20 lines are sent, each up to 2000 characters). */
  messages?: string[];
  /** One more line. */
  message?: string;
  conversationId?: string;
  topic?: string;
  /** The page path. */
  page?: string;
  /** Where a person should reply, if the user gave it. */
  email?: string;
}

/** What `escalate()` resolves to. `queued`: saved on this device and sent automatically (same idempotency key) when the server is reachable — say so, don't claim it was sent. */
export type EscalationResult =
  | { status: "sent"; idempotencyKey: string; ticketId?: string }
  | { status: "queued"; idempotencyKey: string }
  | { status: "error"; idempotencyKey?: string; code: "invalid_request" | "not_configured" | "storage_unavailable" | string; error: string };
