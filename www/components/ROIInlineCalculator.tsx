"use client";
// ROIInlineCalculator: live as you type, per-field errors, exact to the penny
// (the maths and the formatting are the wasm's; this only renders them).
import { useEffect, useId, useState } from "react";
import { useLevqor } from "@/lib/levqor-context";
import type { LevqorModule } from "@/lib/levqor";
import type { RoiCurrency, RoiResult } from "levqor-wasm";

type FieldName = "hoursPerWeek" | "hourlyRate" | "automationShare";

/**
 * Text from an <input> to what the calculator takes: the number the wasm reads
 * with the visitor's decimal and grouping marks ("35,5" is 35.5 in de-DE and
 * fr-FR, "1,234.5" is 1234.5 in en-GB), nothing when empty, or the text as
 * typed so the wasm can say what's wrong ("1,5" in en-GB is an error, not 15).
 */
function toNumber(mod: LevqorModule, text: string, lang: string): number | string | undefined {
  const r = mod.parseRoiNumber(text, lang);
  if (r.ok) return r.value;
  return r.code === "empty" ? undefined : text.trim();
}

export function ROIInlineCalculator() {
  const { levqor } = useLevqor();
  const ids = { hours: useId(), rate: useId(), share: useId(), currency: useId() };
  const [hours, setHours] = useState("10");
  const [rate, setRate] = useState("35");
  const [share, setShare] = useState("");
  const [currency, setCurrency] = useState<RoiCurrency>("GBP");
  const [result, setResult] = useState<RoiResult | null>(null);

  useEffect(() => {
    if (!levqor) return;
    const lang = typeof navigator === "undefined" ? "en-GB" : navigator.language;
    const sharePct = toNumber(levqor.mod, share, lang);
    const h = toNumber(levqor.mod, hours, lang);
    const rt = toNumber(levqor.mod, rate, lang);
    const r = levqor.mod.calculateRoi({
      hoursPerWeek: h,
      hourlyRate: rt,
      automationShare: typeof sharePct === "number" ? sharePct / 100 : sharePct,
      currency,
    });
    setResult(r);
    // One event once the visitor stops typing; numbers become coarse ranges
    // inside the telemetry module.
    if (!r.ok || typeof h !== "number" || typeof rt !== "number") return;
    const t = window.setTimeout(() => {
      levqor.telemetry?.track("roi_calculated", { currency, hours_per_week: h, hourly_rate: rt, page: window.location.pathname });
    }, 1500);
    return () => window.clearTimeout(t);
  }, [levqor, hours, rate, share, currency]);

  const errorFor = (field: FieldName) => (result && !result.ok ? result.errors.find((e) => e.field === field)?.message : undefined);
  const input = (id: string, field: FieldName, label: string, value: string, set: (v: string) => void, hint: string) => {
    const err = errorFor(field);
    return (
      <div>
        <label htmlFor={id}>{label}</label>
        <input id={id} inputMode="decimal" value={value} onChange={(e) => set(e.target.value)} placeholder={hint}
          aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-err` : undefined} />
        {err && <p className="field-error" id={`${id}-err`} data-testid={`roi-error-${field}`}>{err}</p>}
      </div>
    );
  };

  return (
    <div data-testid="roi-calculator">
      <div className="grid">
        {input(ids.hours, "hoursPerWeek", "Hours a week on manual work", hours, setHours, "0–168")}
        {input(ids.rate, "hourlyRate", "Average hourly cost", rate, setRate, "0–10,000")}
        {input(ids.share, "automationShare", "Share automated (%)", share, setShare, "default")}
        <div>
          <label htmlFor={ids.currency}>Currency</label>
          <select id={ids.currency} value={currency} onChange={(e) => setCurrency(e.target.value as RoiCurrency)}>
            <option value="GBP">GBP (£)</option>
            <option value="USD">USD ($)</option>
            <option value="EUR">EUR (€)</option>
          </select>
        </div>
      </div>
      {!levqor && <p className="muted" aria-busy="true">Loading the calculator…</p>}
      {result?.ok && (
        <div className="results" aria-live="polite">
          <div><span className="muted">Hours saved a month</span><strong data-testid="roi-hours">{result.formatted.hoursPerMonth}</strong></div>
          <div><span className="muted">Saved a month</span><strong data-testid="roi-month">{result.formatted.valuePerMonth}</strong></div>
          <div><span className="muted">Saved a year</span><strong data-testid="roi-year">{result.formatted.valuePerYear}</strong></div>
        </div>
      )}
    </div>
  );
}
