//! Evaluation entry point: answers JSON Lines requests exactly as the wasm
//! does, one JSON response per line, in order.
//!
//! ```sh
//! cargo run --release --example assistant -- chat questions.jsonl
//! echo '{"query": "how much is it?"}' | cargo run --release --example assistant -- chat
//! ```
//! Modes: `chat` (`{"query", "context"?, "conversationId"?}`), `workflow`
//! (`{"query"}`), `debug` (`{"error"}`), `onboarding` (`{"completed": [...]}`).
//! A line that is not JSON answers `{"success": false, "code": "invalid_json", …}`;
//! blank lines are skipped. One `Assistant` serves the whole input, so
//! conversations carry across lines.

use levqor_wasm::assistant::{Assistant, AssistantError, ErrorCode};
use levqor_wasm::json::{self, Json};
use serde_json::{json, Value};
use std::io::{self, BufRead, BufReader, Write};
use std::process::ExitCode;

fn answer(a: &mut Assistant, mode: &str, req: &Json) -> Value {
    let out = match mode {
        "chat" => a.chat(req).map(serde_json::to_value),
        "onboarding" => a.onboarding_next_step(req).map(serde_json::to_value),
        "workflow" => a.workflow(req).map(serde_json::to_value),
        "debug" => a.debug(req).map(serde_json::to_value),
        _ => unreachable!("mode checked in main"),
    };
    match out {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => json!({ "success": false, "error": e.to_string(), "code": "internal" }),
        Err(e) => serde_json::to_value(e).unwrap_or(Value::Null),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(mode) = args
        .first()
        .filter(|m| matches!(m.as_str(), "chat" | "workflow" | "debug" | "onboarding"))
    else {
        eprintln!("usage: assistant <chat|workflow|debug|onboarding> [FILE]   (JSON Lines on FILE or stdin)");
        return ExitCode::from(2);
    };
    let input: Box<dyn BufRead> = match args.get(1) {
        Some(path) => match std::fs::File::open(path) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                eprintln!("assistant: cannot open {path}: {e}");
                return ExitCode::from(2);
            }
        },
        None => Box::new(BufReader::new(io::stdin())),
    };
    let mut a = Assistant::default();
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for line in input.split(b'\n') {
        let Ok(bytes) = line else { break };
        let text = String::from_utf8_lossy(&bytes);
        if text.trim().is_empty() {
            continue;
        }
        // Read as the wasm reads it; serde_json (which refuses the same
        // lines) says why a line is not JSON.
        let resp = match json::parse(&text) {
            Some(req) => answer(&mut a, mode, &req),
            None => {
                let why = serde_json::from_str::<Value>(&text)
                    .err()
                    .map(|e| e.to_string())
                    .unwrap_or_default();
                serde_json::to_value(AssistantError::new(
                    ErrorCode::InvalidJson,
                    format!("This line is not JSON: {why}."),
                ))
                .unwrap_or(Value::Null)
            }
        };
        if writeln!(out, "{resp}").is_err() {
            return ExitCode::from(1);
        }
    }
    let _ = out.flush();
    ExitCode::SUCCESS
}
