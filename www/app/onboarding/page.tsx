import { AIOnboardingTutor } from "@/components/AIOnboardingTutor";

export default function OnboardingPage() {
  return (
    <main>
      <h1>Get started</h1>
      <section className="card"><AIOnboardingTutor /></section>
    </main>
  );
}
