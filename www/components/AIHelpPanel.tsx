"use client";
// AIHelpPanel: contextual help chat over the Levqor knowledge base.
import { ChatThread } from "@/components/ChatThread";

export function AIHelpPanel() {
  return <ChatThread label="Ask Levqor" placeholder="e.g. How much is the Pro plan?" testId="help-panel" />;
}
