"use client";
// ExitIntentModal on /pricing: when the visitor is about to leave, offer the
// free trial (no discounts). "Start free trial" scrolls to the plans, "Maybe
// later" and Escape close it; focus is trapped while it is open and returns
// where it was. The decision (when, how often) is the wasm's ExitIntent.
import { useEffect, useRef, useState } from "react";
import { useLevqor } from "@/lib/levqor-context";
import type { ExitIntent, ExitIntentReason } from "levqor-wasm";

export function ExitIntentModal() {
  const { levqor } = useLevqor();
  const [reason, setReason] = useState<ExitIntentReason | null>(null);
  const detector = useRef<ExitIntent | null>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const returnFocus = useRef<Element | null>(null);

  useEffect(() => {
    if (!levqor) return;
    const d = new levqor.mod.ExitIntent({ suppressDays: 0 }, (r: ExitIntentReason) => {
      returnFocus.current = document.activeElement;
      setReason(r);
      levqor.telemetry?.track("exit_intent_shown", { reason: r });
    });
    detector.current = d;
    return () => {
      d.destroy();
      detector.current = null;
    };
  }, [levqor]);

  useEffect(() => {
    if (!reason) return;
    const root = dialog.current;
    root?.querySelector<HTMLElement>("button")?.focus();
    function onKey(e: KeyboardEvent) {
      if (e.key === "Escape") {
        e.preventDefault();
        close(false);
      } else if (e.key === "Tab" && root) {
        const items = Array.from(root.querySelectorAll<HTMLElement>("button, [href], input, [tabindex]:not([tabindex='-1'])"));
        const first = items[0];
        const last = items[items.length - 1];
        if (!first || !last) return;
        if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  });

  function close(converted: boolean) {
    setReason(null);
    if (converted) {
      // the reason the offer was shown for comes from the detector itself
      const shownFor = detector.current?.markConverted() ?? reason ?? undefined;
      levqor?.telemetry?.track("exit_intent_converted", { reason: shownFor, action: "start_trial", page: window.location.pathname });
      const plans = document.getElementById("plans");
      plans?.scrollIntoView({ behavior: "smooth", block: "start" });
      plans?.focus({ preventScroll: true });
    } else {
      detector.current?.markDismissed();
      (returnFocus.current as HTMLElement | null)?.focus?.();
    }
  }

  if (!reason) return null;
  return (
    <div className="modal-backdrop" onClick={(e) => e.target === e.currentTarget && close(false)}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="exit-title" aria-describedby="exit-body" ref={dialog} data-testid="exit-intent-modal" data-reason={reason}>
        <h2 id="exit-title">Not ready yet?</h2>
        <p id="exit-body">Start your 7-day free trial and see what Levqor automates for you. Card required; cancel before Day 7 to avoid charges.</p>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => close(false)}>Maybe later</button>
          <button type="button" onClick={() => close(true)}>Start free trial</button>
        </div>
      </div>
    </div>
  );
}
