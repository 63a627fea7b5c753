"use client";
// Shows values computed by the wasm: its version and a live validateQuery
// check, proving the package initialised in the browser.
import { useEffect, useState } from "react";
import { loadLevqor, type LevqorModule } from "@/lib/levqor";
import type { QueryValidation } from "levqor-wasm";

export function WasmStatus() {
  const [mod, setMod] = useState<LevqorModule>();
  const [failed, setFailed] = useState<string>();
  const [query, setQuery] = useState("how much is the pro plan?");

  useEffect(() => {
    let live = true;
    loadLevqor().then(
      (m) => live && setMod(m),
      (e: unknown) => live && setFailed(String(e)),
    );
    return () => {
      live = false;
    };
  }, []);

  if (failed) return <p className="error" role="alert">The offline module failed to load: {failed}</p>;
  if (!mod) return <p className="muted" aria-busy="true">Loading the offline module…</p>;

  const check: QueryValidation = mod.validateQuery(query);
  return (
    <div>
      <p>
        levqor-wasm <span data-testid="wasm-version" className="mono">{mod.version()}</span> is running in your browser.
      </p>
      <label htmlFor="probe">Try the input rule (3–500 characters)</label>
      <input id="probe" value={query} onChange={(e) => setQuery(e.target.value)} />
      <p data-testid="validation" className={check.success ? "" : "error"}>
        {check.success ? `OK: “${check.query}”` : `${check.code}: ${check.error}`}
      </p>
    </div>
  );
}
