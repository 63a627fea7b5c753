"use client";
// NaturalLanguageWorkflowBuilder: plain English in, a readable flow out —
// trigger, conditions, delays and actions with their apps, schedule and cron.
import { useId, useState, type FormEvent } from "react";
import { useLevqor, usePreloadAssistant } from "@/lib/levqor-context";
import { FeedbackControl } from "@/components/FeedbackControl";
import type { WorkflowResponse, AssistantError } from "levqor-wasm";

const KIND: Record<string, string> = {
  trigger: "When",
  condition: "Only if",
  delay: "Wait",
  action: "Then",
  notification: "Notify",
};

export function NaturalLanguageWorkflowBuilder() {
  const { levqor } = useLevqor();
  const preload = usePreloadAssistant();
  const id = useId();
  const [text, setText] = useState("Save new Gmail attachments to Google Drive");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<WorkflowResponse | AssistantError | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!levqor) return;
    setBusy(true);
    setResult(await levqor.client.workflow({ query: text }));
    setBusy(false);
  }

  return (
    <div data-testid="workflow-builder">
      <form onSubmit={submit}>
        <label htmlFor={id}>Describe the workflow you want</label>
        <textarea id={id} rows={3} onFocus={preload} value={text} onChange={(e) => setText(e.target.value)} />
        <p><button type="submit" disabled={!levqor || busy}>{busy ? "Building…" : levqor ? "Build workflow" : "Loading…"}</button></p>
      </form>
      {result && !result.success && <p className="error" role="alert" data-code={result.code}>{result.error}</p>}
      {result?.success && (
        <div aria-live="polite" data-source={result.meta.source}>
          <p>{result.answer}</p>
          <p className="muted">
            Pattern: <strong data-testid="workflow-pattern">{result.meta.pattern}</strong> · confidence {Math.round(result.meta.confidence * 100)}% ·{" "}
            {result.meta.source === "server" ? "built by Levqor" : "built offline"}
          </p>
          <ol className="flow" aria-label="Workflow steps">
            {result.steps.map((s, i) => (
              <li key={i} data-type={s.type}>
                <span className="kind">{KIND[s.type] ?? s.type}</span>
                <div><strong>{s.label}</strong>{s.app && <> · <span data-testid="step-app">{s.app}</span></>}</div>
                <div className="muted">{s.description}</div>
                {s.schedule && (
                  <div>
                    {s.schedule.text} · <code data-testid="step-cron">{s.schedule.cron}</code>
                  </div>
                )}
              </li>
            ))}
          </ol>
          <FeedbackControl key={result.answer} endpoint="workflow" source={result.meta.source} />
        </div>
      )}
    </div>
  );
}
