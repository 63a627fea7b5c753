"use client";
// One levqor-wasm instance per page: loads the module (browser only), creates
// the LevqorClient (server first when an API is configured, wasm fallback
// otherwise) and the Telemetry batcher, and shares them with every component.
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { loadLevqor, type LevqorModule } from "@/lib/levqor";
import type { LevqorClient, Telemetry, ClientStatus } from "levqor-wasm";

export interface Levqor {
  mod: LevqorModule;
  client: LevqorClient;
  /** Null when no API is configured: there is nowhere to deliver batches. */
  telemetry: Telemetry | null;
}

const Ctx = createContext<{ levqor: Levqor | null; error: string | null; status: ClientStatus | null }>({
  levqor: null,
  error: null,
  status: null,
});

export function LevqorProvider({
  apiBase,
  timeoutMs,
  cooldownMs,
  telemetryFlushMs,
  children,
}: {
  /** The Levqor API origin; null: every answer comes from the wasm. */
  apiBase: string | null;
  timeoutMs?: number;
  cooldownMs?: number;
  /** How often batches are sent (default 30 s). */
  telemetryFlushMs?: number;
  children: ReactNode;
}) {
  const [levqor, setLevqor] = useState<Levqor | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<ClientStatus | null>(null);

  useEffect(() => {
    let live = true;
    let made: Levqor | null = null;
    let unsubscribe: (() => void) | undefined;
    loadLevqor().then(
      (mod) => {
        if (!live) return;
        const telemetry = apiBase ? new mod.Telemetry({ endpoint: `${apiBase}/api/telemetry/events`, flushIntervalMs: telemetryFlushMs }) : null;
        const client = new mod.LevqorClient({ apiBase: apiBase ?? undefined, telemetry: telemetry ?? undefined, timeoutMs, cooldownMs });
        made = { mod, client, telemetry };
        setStatus(client.status());
        unsubscribe = client.onStatusChange((s) => setStatus(s));
        setLevqor(made);
      },
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
      unsubscribe?.();
      made?.telemetry?.destroy();
      made?.client.destroy();
    };
  }, [apiBase, timeoutMs, cooldownMs, telemetryFlushMs]);

  return <Ctx.Provider value={{ levqor, error, status }}>{children}</Ctx.Provider>;
}

/** The shared instance (null while loading), a load error, and the API status. */
export function useLevqor() {
  return useContext(Ctx);
}

/**
 * A callback that fetches the offline assistant module ahead of time (once;
 * later calls are free). Components call it on intent: when the support
 * widget opens or an assistant's input gets focus, so a visitor who then
 * loses the network is still answered. Pages where nothing of the assistant
 * is opened never download it.
 */
export function usePreloadAssistant(): () => void {
  const { levqor } = useContext(Ctx);
  return useCallback(() => {
    void levqor?.client.preloadAssistant();
  }, [levqor]);
}
