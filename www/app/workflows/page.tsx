import { NaturalLanguageWorkflowBuilder } from "@/components/NaturalLanguageWorkflowBuilder";

export default function WorkflowsPage() {
  return (
    <main>
      <h1>Workflow builder</h1>
      <p className="muted">Say what should happen, in your own words.</p>
      <section className="card"><NaturalLanguageWorkflowBuilder /></section>
    </main>
  );
}
