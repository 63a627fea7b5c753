"use client";
// FeedbackControl: 👍/👎 under an assistant answer. One rating per answer,
// tracked as `feedback` through the page's Telemetry with closed-set props
// only (rating, endpoint, source, topic, page path): never the question, the
// answer or any id.
import { useState } from "react";
import { useLevqor } from "@/lib/levqor-context";
import type { TelemetryEventProps } from "levqor-wasm";

type FeedbackProps = TelemetryEventProps["feedback"];

export function FeedbackControl({ endpoint, source, topic }: {
  endpoint: NonNullable<FeedbackProps["endpoint"]>;
  source?: FeedbackProps["source"];
  topic?: FeedbackProps["topic"];
}) {
  const { levqor } = useLevqor();
  const [rated, setRated] = useState<"up" | "down" | null>(null);

  function rate(rating: "up" | "down") {
    if (rated) return;
    setRated(rating);
    levqor?.telemetry?.track("feedback", { rating, endpoint, source, topic, page: window.location.pathname });
  }

  return (
    <span className="feedback" role="group" aria-label="Was this answer helpful?" data-testid="feedback" data-rated={rated ?? undefined}>
      <button type="button" className="icon" aria-label="Helpful" aria-pressed={rated === "up"} disabled={rated !== null} onClick={() => rate("up")}>👍</button>
      <button type="button" className="icon" aria-label="Not helpful" aria-pressed={rated === "down"} disabled={rated !== null} onClick={() => rate("down")}>👎</button>
      {rated && <span className="muted" role="status">Thanks for telling us.</span>}
    </span>
  );
}
