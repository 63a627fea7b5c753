"use client";
// A conversation with the Levqor assistant: used by the help panel and the
// support widget. Answers are rendered as text (never as HTML); steps as a
// list; suggestions as buttons; "Talk to a human" appears when the answer
// suggests escalation, and says honestly whether the request was sent or queued.
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useLevqor, usePreloadAssistant } from "@/lib/levqor-context";
import { FeedbackControl } from "@/components/FeedbackControl";
import type { ChatResponse, AssistantError, EscalationResult } from "levqor-wasm";

type Turn =
  | { role: "user"; text: string }
  | { role: "bot"; reply: ChatResponse }
  | { role: "error"; reply: AssistantError };

export function ChatThread({
  label,
  placeholder,
  testId,
  preloadOnMount = false,
}: {
  label: string;
  placeholder: string;
  testId: string;
  /** Fetch the offline assistant as soon as the thread is shown (the support widget: opening it is the intent). */
  preloadOnMount?: boolean;
}) {
  const { levqor } = useLevqor();
  const preload = usePreloadAssistant();
  useEffect(() => {
    if (preloadOnMount) preload();
  }, [preloadOnMount, preload]);
  const inputId = useId();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [query, setQuery] = useState("");
  const [busy, setBusy] = useState(false);
  const [escalation, setEscalation] = useState<EscalationResult | null>(null);
  const conversationId = useRef<string | undefined>(undefined);
  const page = typeof window === "undefined" ? "/" : window.location.pathname;

  async function ask(text: string) {
    if (!levqor || busy) return;
    setBusy(true);
    setTurns((t) => [...t, { role: "user", text }]);
    const reply = await levqor.client.chat({ query: text, context: { page }, conversationId: conversationId.current });
    if (reply.success) conversationId.current = reply.conversationId;
    setTurns((t) => [...t, reply.success ? { role: "bot", reply } : { role: "error", reply }]);
    setBusy(false);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    const text = query;
    setQuery("");
    void ask(text);
  }

  async function escalate(last: ChatResponse) {
    if (!levqor) return;
    const transcript = turns.flatMap((t) => (t.role === "user" ? [t.text] : []));
    setEscalation(await levqor.client.escalate({ conversationId: last.conversationId, topic: last.meta.topic, messages: transcript, page }));
  }

  const last = [...turns].reverse().find((t): t is Extract<Turn, { role: "bot" }> => t.role === "bot");

  return (
    <div data-testid={testId}>
      <ul className="chat-log" role="log" aria-live="polite" aria-label={`${label} conversation`}>
        {turns.map((t, i) =>
          t.role === "user" ? (
            <li key={i} className="msg user">{t.text}</li>
          ) : t.role === "error" ? (
            <li key={i} className="msg bot error" data-code={t.reply.code}>{t.reply.error}</li>
          ) : (
            <li key={i} className="msg bot" data-source={t.reply.meta.source} data-topic={t.reply.meta.topic}>
              {t.reply.answer}
              {t.reply.steps.length > 0 && (
                <ol>{t.reply.steps.map((s, j) => <li key={j}>{s}</li>)}</ol>
              )}
              <span className="meta">
                {t.reply.meta.source === "server" ? "Answered by Levqor" : "Answered offline"} · {t.reply.meta.topic}
              </span>
              <FeedbackControl endpoint="chat" source={t.reply.meta.source} topic={t.reply.meta.topic} />
            </li>
          ),
        )}
        {busy && <li className="msg bot muted" aria-busy="true">Thinking…</li>}
      </ul>
      {last && last.reply.suggestions.length > 0 && (
        <div className="chips" aria-label="Suggested questions">
          {last.reply.suggestions.map((s) => (
            <button key={s} type="button" onClick={() => void ask(s)} disabled={busy}>{s}</button>
          ))}
        </div>
      )}
      {last?.reply.escalationSuggested && !escalation && (
        <p>
          <button type="button" className="secondary" data-testid="escalate" onClick={() => void escalate(last.reply)}>Talk to a human</button>
        </p>
      )}
      {escalation && (
        <p className="notice" role="status" data-testid="escalation-status" data-state={escalation.status}>
          {escalation.status === "sent"
            ? "A person from our support team will reply by email."
            : escalation.status === "queued"
              ? "You're offline: we saved your request and will send it to our team as soon as the connection is back."
              : `We couldn't send your request: ${escalation.error}`}
        </p>
      )}
      <form onSubmit={submit} className="row">
        <div>
          <label htmlFor={inputId}>{label}</label>
          <input id={inputId} value={query} onFocus={preload} onChange={(e) => setQuery(e.target.value)} placeholder={placeholder} autoComplete="off" />
        </div>
        <button type="submit" disabled={!levqor || busy}>{levqor ? "Send" : "Loading…"}</button>
      </form>
    </div>
  );
}
