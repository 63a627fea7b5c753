"use client";
// The floating support chat on every page, with "talk to a human" escalation.
import { useState } from "react";
import { ChatThread } from "@/components/ChatThread";

export function SupportChatWidget() {
  const [open, setOpen] = useState(false);
  return (
    <div className="widget">
      {open && (
        <section className="widget-panel" aria-label="Support chat" id="support-chat">
          <ChatThread label="Message support" placeholder="How can we help?" testId="support-widget" preloadOnMount />
        </section>
      )}
      <button type="button" aria-expanded={open} aria-controls="support-chat" onClick={() => setOpen((o) => !o)}>
        {open ? "Close support" : "Support"}
      </button>
    </div>
  );
}
