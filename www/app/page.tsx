import Link from "next/link";
import { WasmStatus } from "@/components/WasmStatus";
import { AIHelpPanel } from "@/components/AIHelpPanel";
import { ROIInlineCalculator } from "@/components/ROIInlineCalculator";

export default function Home() {
  return (
    <main>
      <h1>Levqor</h1>
      <p className="muted">Workflow automation that keeps helping when the network doesn&apos;t.</p>
      <section className="card" aria-labelledby="help-h">
        <h2 id="help-h">Ask anything</h2>
        <AIHelpPanel />
      </section>
      <section className="card" aria-labelledby="roi-h">
        <h2 id="roi-h">What could automation save you?</h2>
        <ROIInlineCalculator />
      </section>
      <section className="card" aria-labelledby="engine">
        <h2 id="engine">Offline engine</h2>
        <WasmStatus />
        <p className="muted">
          Also try the <Link href="/workflows">workflow builder</Link>, the <Link href="/debug">debug assistant</Link> and the{" "}
          <Link href="/onboarding">onboarding guide</Link>.
        </p>
      </section>
    </main>
  );
}
