import { AIHelpPanel } from "@/components/AIHelpPanel";

export default function HelpPage() {
  return (
    <main>
      <h1>Help</h1>
      <p className="muted">Questions about plans, the trial, billing, workflows or integrations.</p>
      <section className="card"><AIHelpPanel /></section>
    </main>
  );
}
