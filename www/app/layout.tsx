import type { Metadata } from "next";
import type { ReactNode } from "react";
import Link from "next/link";
import { LevqorProvider } from "@/lib/levqor-context";
import { StatusBadge } from "@/components/StatusBadge";
import { SupportChatWidget } from "@/components/SupportChatWidget";
import "./globals.css";

export const metadata: Metadata = {
  title: "Levqor — levqor-wasm demo",
  description: "The Levqor site's AI helpers, ROI calculator, exit intent and telemetry, working offline.",
};

// Read LEVQOR_API_BASE when a page is served, not when it is built, so one
// build can run against any API (or none: every answer then comes from the wasm).
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  const apiBase = process.env.LEVQOR_API_BASE || null;
  // Optional tuning (the e2e tests shorten them); unset means the package defaults.
  const timeoutMs = Number(process.env.LEVQOR_TIMEOUT_MS) || undefined;
  const cooldownMs = Number(process.env.LEVQOR_COOLDOWN_MS) || undefined;
  const telemetryFlushMs = Number(process.env.LEVQOR_TELEMETRY_FLUSH_MS) || undefined;
  return (
    <html lang="en-GB">
      <body>
        <LevqorProvider apiBase={apiBase} timeoutMs={timeoutMs} cooldownMs={cooldownMs} telemetryFlushMs={telemetryFlushMs}>
          <header className="site-header">
            <nav aria-label="Main">
              <Link href="/" className="brand">Levqor</Link>
              <Link href="/help">Help</Link>
              <Link href="/workflows">Workflow builder</Link>
              <Link href="/debug">Debug assistant</Link>
              <Link href="/onboarding">Get started</Link>
              <Link href="/pricing">Pricing</Link>
            </nav>
            <StatusBadge />
          </header>
          {children}
          <SupportChatWidget />
        </LevqorProvider>
      </body>
    </html>
  );
}
