import { WasmStatus } from "@/components/WasmStatus";

export default function Home() {
  return (
    <main>
      <h1>Levqor</h1>
      <p className="muted">Workflow automation that keeps helping when the network doesn&apos;t.</p>
      <section className="card" aria-labelledby="engine">
        <h2 id="engine">Offline engine</h2>
        <WasmStatus />
      </section>
    </main>
  );
}
