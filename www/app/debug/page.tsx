import { AIDebugAssistant } from "@/components/AIDebugAssistant";

export default function DebugPage() {
  return (
    <main>
      <h1>Debug assistant</h1>
      <p className="muted">Paste what went wrong; get what it means and how to fix it.</p>
      <section className="card"><AIDebugAssistant /></section>
    </main>
  );
}
