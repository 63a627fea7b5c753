"use client";
// AIDebugAssistant: paste an error, get its category, what it means, how to
// fix it in order, and how to avoid it next time.
import { useId, useState, type FormEvent } from "react";
import { useLevqor, usePreloadAssistant } from "@/lib/levqor-context";
import { FeedbackControl } from "@/components/FeedbackControl";
import type { DebugResponse, AssistantError } from "levqor-wasm";

export function AIDebugAssistant() {
  const { levqor } = useLevqor();
  const preload = usePreloadAssistant();
  const id = useId();
  const [text, setText] = useState("Request failed with status code 403");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<DebugResponse | AssistantError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!levqor) return;
    setBusy(true);
    setResult(await levqor.client.debug({ error: text }));
    setBusy(false);
  }

  return (
    <div data-testid="debug-assistant">
      <form onSubmit={submit}>
        <label htmlFor={id}>Paste the error message, log line or response</label>
        <textarea id={id} rows={4} onFocus={preload} value={text} onChange={(e) => setText(e.target.value)} className="mono" />
        <p><button type="submit" disabled={!levqor || busy}>{busy ? "Analysing…" : levqor ? "Analyse error" : "Loading…"}</button></p>
      </form>
      {result && !result.success && <p className="error" role="alert" data-code={result.code}>{result.error}</p>}
      {result?.success && (
        <div aria-live="polite" data-source={result.meta.source}>
          <p>
            Category: <strong data-testid="debug-category">{result.meta.category}</strong> ·{" "}
            {result.meta.source === "server" ? "analysed by Levqor" : "analysed offline"}
          </p>
          <p>{result.explanation}</p>
          <h3>How to fix it</h3>
          <ol>{result.steps.map((s, i) => <li key={i}>{s}</li>)}</ol>
          <h3>Next time</h3>
          <p>{result.prevention}</p>
          <FeedbackControl key={result.meta.category + result.explanation} endpoint="debug" source={result.meta.source} />
        </div>
      )}
    </div>
  );
}
