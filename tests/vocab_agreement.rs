//! The closed vocabularies agree everywhere they are written: the telemetry
//! schema (`events.json`), the Rust enums and tables, the TypeScript unions
//! of the `.d.ts` (their source in `src/web/`) and the README's event table.
//! A value added in one place and not the others fails here. (The wire
//! schema `wire.schema.json` is checked against `events.json` by
//! `tests/telemetry_wire.rs`.)
#![cfg(not(target_arch = "wasm32"))]
use levqor_wasm::assistant::debug::CATEGORIES;
use levqor_wasm::assistant::kb::Topic;
use levqor_wasm::bridge::validate::PATTERNS;
use levqor_wasm::bridge::Endpoint;
use serde_json::Value;
use std::collections::BTreeSet;

const EVENTS: &str = include_str!("../src/telemetry/events.json");
const README: &str = include_str!("../README.md");
const TS_TYPES: &str = include_str!("../src/web/types.rs");
const TS_EXIT: &str = include_str!("../src/web/exit_intent.rs");
const ENDPOINT_RS: &str = include_str!("../src/bridge/endpoint.rs");
const EXIT_RS: &str = include_str!("../src/exit_intent.rs");
const ONBOARDING_MD: &str = include_str!("../src/assistant/onboarding.md");

type Set = BTreeSet<String>;

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> Set {
    items.into_iter().map(str::to_owned).collect()
}

/// The closed set of `event.prop` in events.json.
fn schema(event: &str, prop: &str) -> Set {
    let v: Value = serde_json::from_str(EVENTS).expect("events.json is JSON");
    let arr = v["events"][event][prop]
        .as_array()
        .unwrap_or_else(|| panic!("events.json: {event}.{prop} is not a closed set"));
    arr.iter().map(|x| x.as_str().unwrap().to_owned()).collect()
}

/// The string literals of `export type NAME = "a" | "b" …;` in `src`.
fn ts_union(src: &str, name: &str) -> Set {
    let start = src
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no TS union {name}"));
    let rest = &src[start..];
    let body = &rest[..rest.find(';').expect("union ends with ;")];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// `Kind::Variant => "wire"` arms inside `impl Kind { … }` of `src`.
fn rust_arms(src: &str, kind: &str, selfname: &str) -> Set {
    let start = src
        .find(&format!("impl {kind} {{"))
        .unwrap_or_else(|| panic!("no impl {kind}"));
    let block = &src[start..];
    let block = &block[..block.find("\n}\n").unwrap_or(block.len())];
    let mut out = Set::new();
    for line in block.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix(&format!("{selfname}::")) {
            if let Some((_, wire)) = rest.split_once("=> \"") {
                if let Some(w) = wire.split('"').next() {
                    out.insert(w.to_owned());
                }
            }
        }
    }
    assert!(!out.is_empty(), "no arms found for {kind}");
    out
}

/// `prop: a \| b \| c` of the README's row for `event`.
fn readme(event: &str, prop: &str) -> Set {
    let row = README
        .lines()
        .find(|l| l.starts_with(&format!("| `{event}` |")))
        .unwrap_or_else(|| panic!("README: no row for {event}"));
    let cell = row.split(" | ").nth(1).expect("props cell");
    let part = cell
        .split("; ")
        .find(|p| p.starts_with(&format!("`{prop}`:")))
        .unwrap_or_else(|| panic!("README: {event} has no {prop}"));
    let values = part.split_once(": ").unwrap().1.trim_end_matches(" |");
    values.split(" \\| ").map(|s| s.trim().to_owned()).collect()
}

#[test]
fn every_closed_prop_of_the_schema_is_in_the_readme_table() {
    let v: Value = serde_json::from_str(EVENTS).unwrap();
    let mut checked = 0;
    for (event, props) in v["events"].as_object().unwrap() {
        for (prop, spec) in props.as_object().unwrap() {
            if spec.is_array() {
                assert_eq!(
                    readme(event, prop),
                    schema(event, prop),
                    "README row {event}.{prop}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "only {checked} closed props found");
}

#[test]
fn topics_agree() {
    let rust = set(Topic::NAMES);
    assert_eq!(schema("feedback", "topic"), rust);
    assert_eq!(ts_union(TS_TYPES, "ChatTopic"), rust);
}

#[test]
fn debug_categories_agree() {
    let rust = set(CATEGORIES);
    assert_eq!(schema("debug_analyse", "category"), rust);
    assert_eq!(ts_union(TS_TYPES, "DebugCategory"), rust);
}

#[test]
fn workflow_patterns_agree() {
    let rust = set(PATTERNS);
    assert_eq!(schema("workflow_run_preview", "pattern"), rust);
    assert_eq!(ts_union(TS_TYPES, "WorkflowPattern"), rust);
}

#[test]
fn onboarding_steps_agree() {
    let mut data: Set = ONBOARDING_MD
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(|l| l.split(':').next().unwrap().trim().to_owned())
        .collect();
    data.insert("all_set".into());
    assert_eq!(schema("onboarding_step", "step"), data);
    assert_eq!(ts_union(TS_TYPES, "OnboardingStepId"), data);
}

#[test]
fn exit_reasons_agree() {
    let rust = rust_arms(EXIT_RS, "Reason", "Self");
    assert_eq!(schema("exit_intent_shown", "reason"), rust);
    assert_eq!(schema("exit_intent_converted", "reason"), rust);
    assert_eq!(ts_union(TS_EXIT, "ExitIntentReason"), rust);
}

#[test]
fn api_call_outcomes_and_endpoints_agree() {
    assert_eq!(
        schema("api_call", "outcome"),
        rust_arms(ENDPOINT_RS, "Outcome", "Outcome")
    );
    let all = [
        Endpoint::Chat,
        Endpoint::Workflow,
        Endpoint::Debug,
        Endpoint::Onboarding,
        Endpoint::Escalate,
        Endpoint::Health,
    ];
    assert_eq!(
        schema("api_call", "endpoint"),
        set(all.iter().map(|e| e.name()))
    );
    let assistant = set(all[..4].iter().map(|e| e.name()));
    for event in ["ai_request", "ai_fallback_used", "feedback"] {
        assert_eq!(schema(event, "endpoint"), assistant, "{event}.endpoint");
    }
}
