//! Dev tool for speed work: every answer the assistant gives to every line
//! of the six corpora (as the wasm writes it, `Assistant::answer`), one per
//! line, so two builds can be diffed byte for byte (scripts/answers-diff.sh).
//! Each chat line is also asked on a page and as a follow-up, and each
//! debug error cut to the 500 characters a request may hold.
use levqor_wasm::assistant::Assistant;
use levqor_wasm::json::{self, Json};
use levqor_wasm::vocab::AssistantEndpoint as E;

fn lines(text: &str) -> impl Iterator<Item = Json> + '_ {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(json::parse)
}

fn field(req: &Json, key: &str) -> String {
    req[key].as_str().unwrap_or("").to_owned()
}

fn main() {
    let chat = [
        include_str!("../corpus/chat.jsonl"),
        include_str!("../corpus/chat_real.jsonl"),
    ];
    let wf = [
        include_str!("../corpus/workflow.jsonl"),
        include_str!("../corpus/workflow_real.jsonl"),
    ];
    let dbg = [
        include_str!("../corpus/debug.jsonl"),
        include_str!("../corpus/debug_real.jsonl"),
    ];
    let mut a = Assistant::default();
    let mut out = String::new();
    let mut put = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    for c in chat {
        for req in lines(c) {
            let q = field(&req, "query");
            put(a.answer(E::Chat, &req));
            put(a.answer(
                E::Chat,
                &levqor_wasm::json!({ "query": q, "context": { "page": "/pricing" } }),
            ));
            put(a.answer(
                E::Chat,
                &levqor_wasm::json!({ "query": q, "conversationId": "conv-1" }),
            ));
        }
    }
    for c in wf {
        for req in lines(c) {
            put(a.answer(E::Workflow, &req));
        }
    }
    for c in dbg {
        for req in lines(c) {
            put(a.answer(E::Debug, &req));
            let cut: String = field(&req, "error").chars().take(500).collect();
            put(a.answer(E::Debug, &levqor_wasm::json!({ "error": cut })));
        }
    }
    print!("{out}");
}
