import { PLANS, SETUP_PRICES, TRIAL_TEXT } from "@/lib/plans";
import { ROIInlineCalculator } from "@/components/ROIInlineCalculator";
import { ExitIntentModal } from "@/components/ExitIntentModal";

export default function PricingPage() {
  return (
    <main>
      <h1>Pricing</h1>
      <p data-testid="trial-text">{TRIAL_TEXT}</p>
      <section id="plans" aria-labelledby="plans-h" tabIndex={-1}>
        <h2 id="plans-h">Plans</h2>
        <div className="grid">
          {PLANS.map((p) => (
            <article key={p.name} className="plan" aria-label={`${p.name} plan`}>
              <h3>{p.name}</h3>
              <p className="price">{p.monthly}<span className="muted">/month</span></p>
              <p className="muted">or {p.yearly}/year</p>
              <p>{p.blurb}</p>
              <p className="muted">Support replies within {p.support}</p>
            </article>
          ))}
        </div>
        <p className="muted">Done-for-you setup: {SETUP_PRICES.join(" / ")} · 30-day refund policy</p>
      </section>
      <section className="card" aria-labelledby="roi-h">
        <h2 id="roi-h">Your return on investment</h2>
        <ROIInlineCalculator />
      </section>
      <ExitIntentModal />
    </main>
  );
}
