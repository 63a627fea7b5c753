"use client";
// Which side is answering: the Levqor API (online), the API with failures
// (degraded), or the wasm fallback alone (offline).
import { useLevqor } from "@/lib/levqor-context";

const LABELS = {
  online: "Server online",
  degraded: "Server degraded",
  offline: "Offline answers",
} as const;

export function StatusBadge() {
  const { status, error } = useLevqor();
  if (error) return <span className="badge" data-status="offline" data-testid="status-badge">Assistant unavailable</span>;
  return (
    <span className="badge" data-status={status ?? "loading"} data-testid="status-badge" role="status" aria-live="polite">
      {status ? LABELS[status] : "Starting…"}
    </span>
  );
}
