"use client";
// AIOnboardingTutor: the guided path, a progress bar and the next step.
import { useCallback, useEffect, useState } from "react";
import { useLevqor, usePreloadAssistant } from "@/lib/levqor-context";
import { FeedbackControl } from "@/components/FeedbackControl";
import type { OnboardingResponse, AssistantError } from "levqor-wasm";

export function AIOnboardingTutor() {
  const { levqor } = useLevqor();
  const preload = usePreloadAssistant();
  const [completed, setCompleted] = useState<string[]>([]);
  const [result, setResult] = useState<OnboardingResponse | AssistantError | null>(null);

  const refresh = useCallback(
    async (done: string[]) => {
      if (levqor) setResult(await levqor.client.onboardingNextStep({ completed: done }));
    },
    [levqor],
  );
  useEffect(() => {
    void refresh(completed);
  }, [refresh, completed]);

  if (!result) return <p className="muted" aria-busy="true">Loading your next step…</p>;
  if (!result.success) return <p className="error" role="alert">{result.error}</p>;
  const { step, progress } = result;
  return (
    <div data-testid="onboarding-tutor">
      <p id="onboarding-progress-label">
        {progress.done} of {progress.total} steps done ({progress.percent}%)
      </p>
      <div className="progress" role="progressbar" aria-labelledby="onboarding-progress-label" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.percent}>
        <div style={{ width: `${progress.percent}%` }} />
      </div>
      <h3 data-testid="onboarding-title">{step.title}</h3>
      <p>{step.description}</p>
      {step.tips.length > 0 && <ul>{step.tips.map((t, i) => <li key={i}>{t}</li>)}</ul>}
      {step.estimatedMinutes > 0 && <p className="muted">About {step.estimatedMinutes} minutes</p>}
      {progress.done < progress.total && (
        <button type="button" onFocus={preload} onPointerEnter={preload} onClick={() => setCompleted((c) => [...c, step.id])}>Mark as done</button>
      )}
      <FeedbackControl key={step.id} endpoint="onboarding" source={result.meta.source} />
    </div>
  );
}
