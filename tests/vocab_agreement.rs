//! The closed vocabularies agree everywhere they appear. Each has one home
//! (`src/vocab/vocab.txt`, or the data file it names, or
//! `src/telemetry/events.json` for the telemetry-only sets) and build.rs
//! generates the Rust enums, the telemetry tables and the `.d.ts` unions;
//! this test reads what was generated (`$OUT_DIR/vocab.d.ts`,
//! `$OUT_DIR/telemetry.d.ts`), the compiled tables, the hand-written JSON
//! schema (`wire.schema.json`) and the README's tables, and fails when any
//! two disagree or a hand-written copy of a union comes back in `src/web/`.
#![cfg(not(target_arch = "wasm32"))]
use levqor_wasm::assistant::debug::CATEGORIES;
use levqor_wasm::assistant::kb::ONBOARDING;
use levqor_wasm::bridge::validate::{PATTERNS, STEP_TYPES, TOPICS};
use levqor_wasm::telemetry::schema::{PropKind, BUCKETS, EVENTS};
use levqor_wasm::vocab::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

const VOCAB_TS: &str = include_str!(concat!(env!("OUT_DIR"), "/vocab.d.ts"));
const TELEMETRY_TS: &str = include_str!(concat!(env!("OUT_DIR"), "/telemetry.d.ts"));
const WIRE_SCHEMA: &str = include_str!("../src/telemetry/wire.schema.json");
const README: &str = include_str!("../README.md");

type Set = BTreeSet<String>;

fn set<'a>(items: impl IntoIterator<Item = &'a str>) -> Set {
    items.into_iter().map(str::to_owned).collect()
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Every `export type NAME = "a" | "b" …;` of `src`, values in order.
fn ts_unions(src: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    let mut rest = src;
    while let Some(i) = rest.find("export type ") {
        rest = &rest[i + "export type ".len()..];
        let (name, body) = rest.split_once(" =").expect("`export type X =`");
        let body = &body[..body.find(';').expect("union ends with ;")];
        let values = body.split('"').skip(1).step_by(2).map(str::to_owned);
        out.insert(name.trim().to_owned(), values.collect());
    }
    out
}

/// The closed props of compiled event `event`, values in order.
fn schema(event: &str, prop: &str) -> Vec<String> {
    let def = EVENTS
        .iter()
        .find(|e| e.name == event)
        .unwrap_or_else(|| panic!("no event {event}"));
    match def.prop(prop).map(|(_, p)| &p.kind) {
        Some(PropKind::OneOf(v)) => list(v),
        _ => panic!("{event}.{prop} is not a closed set"),
    }
}

#[test]
fn generated_unions_are_the_rust_enums() {
    let ts = ts_unions(VOCAB_TS);
    let expected: [(&str, &[&str]); 20] = [
        ("ChatTopic", &Topic::NAMES),
        ("WorkflowPattern", &WorkflowPattern::NAMES),
        ("DebugCategory", &DebugCategory::NAMES),
        ("OnboardingStepId", &OnboardingStep::NAMES),
        ("ExitIntentReason", &ExitReason::NAMES),
        ("ApiEndpoint", &Endpoint::NAMES),
        ("AssistantEndpoint", &AssistantEndpoint::NAMES),
        ("AnswerSource", &AnswerSource::NAMES),
        ("ApiCallOutcome", &Outcome::NAMES),
        ("FallbackOutcome", &FallbackOutcome::NAMES),
        ("FallbackReason", &FallbackReason::NAMES),
        ("ClientStatus", &Status::NAMES),
        ("WorkflowStepType", &StepType::NAMES),
        ("TelemetryRefusalReason", &RefusalReason::NAMES),
        ("AssistantErrorCode", &ErrorCode::NAMES),
        ("ConfigErrorCode", &ConfigErrorCode::NAMES),
        ("RoiFieldErrorCode", &FieldErrorCode::NAMES),
        ("RoiNumberError", &NumberError::NAMES),
        ("RoiCurrency", &Currency::NAMES),
        ("RoiLocale", &Locale::NAMES),
    ];
    assert_eq!(
        ts.keys().cloned().collect::<Set>(),
        set(expected.iter().map(|(n, _)| *n)),
        "vocab.d.ts declares a union this test does not check (add it here)"
    );
    for (name, names) in expected {
        assert_eq!(ts[name], list(names), "{name}");
    }
}

#[test]
fn every_enum_round_trips_its_wire_names() {
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        as_str: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for &x in all {
            assert_eq!(parse(as_str(x)), Some(x));
        }
        assert_eq!(parse("not_a_value"), None);
    }
    check(&Topic::ALL, Topic::as_str, Topic::parse);
    check(
        &WorkflowPattern::ALL,
        WorkflowPattern::as_str,
        WorkflowPattern::parse,
    );
    check(
        &DebugCategory::ALL,
        DebugCategory::as_str,
        DebugCategory::parse,
    );
    check(
        &OnboardingStep::ALL,
        OnboardingStep::as_str,
        OnboardingStep::parse,
    );
    check(&ExitReason::ALL, ExitReason::as_str, ExitReason::parse);
    check(&Endpoint::ALL, Endpoint::as_str, Endpoint::parse);
    check(&Outcome::ALL, Outcome::as_str, Outcome::parse);
    check(
        &FallbackReason::ALL,
        FallbackReason::as_str,
        FallbackReason::parse,
    );
    check(&Status::ALL, Status::as_str, Status::parse);
    check(&StepType::ALL, StepType::as_str, StepType::parse);
    check(
        &RefusalReason::ALL,
        RefusalReason::as_str,
        RefusalReason::parse,
    );
    check(&ErrorCode::ALL, ErrorCode::as_str, ErrorCode::parse);
    check(
        &ConfigErrorCode::ALL,
        ConfigErrorCode::as_str,
        ConfigErrorCode::parse,
    );
    check(
        &FieldErrorCode::ALL,
        FieldErrorCode::as_str,
        FieldErrorCode::parse,
    );
    check(&NumberError::ALL, NumberError::as_str, NumberError::parse);
    check(&Currency::ALL, Currency::as_str, Currency::parse);
    check(&Locale::ALL, Locale::as_str, Locale::parse);
    assert_eq!(serde_json::to_value(Locale::FrFr).unwrap(), "fr-FR");
    check(
        &StorageError::ALL,
        StorageError::as_str,
        StorageError::parse,
    );
    assert_eq!(
        serde_json::to_value(Topic::CancelRefund).unwrap(),
        "cancel_refund"
    );
    assert_eq!(
        serde_json::to_value(FallbackReason::InvalidResponse).unwrap(),
        "invalid_response"
    );
}

#[test]
fn the_data_homes_are_the_enums() {
    assert_eq!(list(&CATEGORIES), list(&DebugCategory::NAMES));
    let mut steps: Vec<String> = ONBOARDING.iter().map(|s| s.id.to_owned()).collect();
    steps.push("all_set".into());
    assert_eq!(steps, list(&OnboardingStep::NAMES));
    assert_eq!(list(&PATTERNS), list(&WorkflowPattern::NAMES));
    assert_eq!(list(&STEP_TYPES), list(&StepType::NAMES));
    assert_eq!(list(&TOPICS), list(&Topic::NAMES));
    for e in AssistantEndpoint::ALL {
        assert!(Endpoint::parse(e.as_str()).is_some(), "{e:?}");
    }
    for o in FallbackOutcome::ALL {
        assert!(Outcome::parse(o.as_str()).is_some(), "{o:?}");
    }
}

#[test]
fn the_telemetry_schema_uses_the_vocabularies() {
    assert_eq!(schema("feedback", "topic"), list(&Topic::NAMES));
    assert_eq!(
        schema("workflow_run_preview", "pattern"),
        list(&WorkflowPattern::NAMES)
    );
    assert_eq!(
        schema("debug_analyse", "category"),
        list(&DebugCategory::NAMES)
    );
    assert_eq!(
        schema("onboarding_step", "step"),
        list(&OnboardingStep::NAMES)
    );
    for e in ["exit_intent_shown", "exit_intent_converted"] {
        assert_eq!(schema(e, "reason"), list(&ExitReason::NAMES), "{e}");
    }
    assert_eq!(schema("api_call", "endpoint"), list(&Endpoint::NAMES));
    assert_eq!(schema("api_call", "outcome"), list(&Outcome::NAMES));
    for e in ["ai_request", "ai_fallback_used", "feedback"] {
        assert_eq!(
            schema(e, "endpoint"),
            list(&AssistantEndpoint::NAMES),
            "{e}"
        );
    }
    for e in [
        "ai_request",
        "workflow_run_preview",
        "debug_analyse",
        "api_call",
        "feedback",
    ] {
        assert_eq!(schema(e, "source"), list(&AnswerSource::NAMES), "{e}");
    }
    assert_eq!(
        schema("ai_fallback_used", "reason"),
        list(&FallbackOutcome::NAMES)
    );
    // the ROI event's currency: the calculator's currencies, plus "other"
    let mut currencies = list(&Currency::NAMES);
    currencies.push("other".into());
    assert_eq!(schema("roi_calculated", "currency"), currencies);
}

/// `"key": ["a", …]`-style TS props of `event` in `TelemetryEventProps`.
fn ts_props(event: &str) -> BTreeMap<String, String> {
    let start = TELEMETRY_TS
        .find(&format!("\n  {event}: {{\n"))
        .unwrap_or_else(|| panic!("telemetry.d.ts: no props for {event}"));
    let block = &TELEMETRY_TS[start..];
    let block = &block[block.find('{').unwrap() + 1..block.find("\n  };").unwrap()];
    block
        .lines()
        .filter_map(|l| l.trim().split_once("?: "))
        .map(|(k, t)| (k.to_owned(), t.trim_end_matches(';').to_owned()))
        .collect()
}

#[test]
fn the_generated_telemetry_types_are_the_schema() {
    let unions = ts_unions(TELEMETRY_TS);
    assert_eq!(
        set(unions["TelemetryEventName"].iter().map(String::as_str)),
        set(EVENTS.iter().map(|e| e.name))
    );
    for b in BUCKETS {
        let name = format!(
            "TelemetryBucket{}",
            b.name
                .split('_')
                .map(|w| w[..1].to_uppercase() + &w[1..])
                .collect::<String>()
        );
        assert_eq!(unions[&name], list(b.labels), "{name}");
    }
    for def in EVENTS {
        let props = ts_props(def.name);
        assert_eq!(
            props.keys().cloned().collect::<Set>(),
            set(def.props.iter().map(|p| p.key)),
            "{}",
            def.name
        );
        for p in def.props {
            let t = &props[p.key];
            match p.kind {
                PropKind::OneOf(v) => {
                    let got: Vec<String> =
                        t.split('"').skip(1).step_by(2).map(str::to_owned).collect();
                    assert_eq!(got, list(v), "{}.{}", def.name, p.key);
                }
                PropKind::Bucket(b) => assert!(
                    t.starts_with("number | TelemetryBucket"),
                    "{}.{} {} {t}",
                    def.name,
                    p.key,
                    b.name
                ),
                PropKind::Path => assert_eq!(t, "string"),
                PropKind::LatencyHistogram => assert_eq!(t, "number"),
            }
        }
    }
}

#[test]
fn the_wire_schema_agrees() {
    let doc: Value = serde_json::from_str(WIRE_SCHEMA).expect("wire.schema.json");
    let mut seen = Set::new();
    let mut walk = vec![&doc];
    while let Some(v) = walk.pop() {
        if let Some(name) = v.pointer("/properties/event/const").and_then(Value::as_str) {
            let def = EVENTS
                .iter()
                .find(|e| e.name == name)
                .unwrap_or_else(|| panic!("wire.schema.json: unknown event {name}"));
            let props = v
                .pointer("/properties/props/properties")
                .and_then(Value::as_object)
                .unwrap_or_else(|| panic!("wire.schema.json: {name} has no props"));
            // A latency histogram travels in `latency[]`, not as a prop.
            let counted = def
                .props
                .iter()
                .filter(|p| !matches!(p.kind, PropKind::LatencyHistogram));
            assert_eq!(
                props.keys().cloned().collect::<Set>(),
                set(counted.map(|p| p.key)),
                "wire.schema.json: props of {name}"
            );
            for p in def.props {
                if let PropKind::OneOf(vals) = p.kind {
                    let got: Set = props[p.key]["enum"]
                        .as_array()
                        .unwrap_or_else(|| panic!("wire.schema.json: {name}.{} has no enum", p.key))
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect();
                    assert_eq!(
                        got,
                        set(vals.iter().copied()),
                        "wire.schema.json: {name}.{}",
                        p.key
                    );
                }
            }
            seen.insert(name.to_owned());
        }
        match v {
            Value::Object(m) => walk.extend(m.values()),
            Value::Array(a) => walk.extend(a.iter()),
            _ => {}
        }
    }
    assert_eq!(
        seen,
        set(EVENTS.iter().map(|e| e.name)),
        "wire.schema.json events"
    );
    let refused: Vec<String> = doc
        .pointer("/properties/refused/propertyNames/enum")
        .and_then(Value::as_array)
        .expect("wire.schema.json: refused reasons")
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    assert_eq!(
        refused,
        list(&RefusalReason::NAMES),
        "wire.schema.json refused"
    );
}

/// `(first cell, second cell)` of each README table row whose first cell is
/// a backticked name, in the table that starts with `header`.
fn readme_table(header: &str) -> Vec<(String, Vec<String>)> {
    let start = README
        .find(header)
        .unwrap_or_else(|| panic!("README: no table `{header}`"));
    README[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|row| {
            let cells: Vec<String> = row
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_owned())
                .collect();
            (cells[0].trim_matches('`').to_owned(), cells[1..].to_vec())
        })
        .collect()
}

#[test]
fn the_readme_event_table_is_the_schema() {
    let rows = readme_table("| event | props |");
    assert_eq!(
        rows.iter().map(|(e, _)| e.clone()).collect::<Set>(),
        set(EVENTS.iter().map(|e| e.name)),
        "README event table rows"
    );
    for (event, cells) in &rows {
        let def = EVENTS.iter().find(|e| e.name == event).unwrap();
        let parts: BTreeMap<String, String> = cells[0]
            .split("; ")
            .filter_map(|p| p.split_once(": "))
            .map(|(k, v)| (k.trim_matches('`').to_owned(), v.to_owned()))
            .collect();
        assert_eq!(
            parts.keys().cloned().collect::<Set>(),
            set(def.props.iter().map(|p| p.key)),
            "README props of {event}"
        );
        for p in def.props {
            let cell = &parts[p.key];
            match p.kind {
                PropKind::OneOf(vals) => assert_eq!(
                    cell.split(" \\| ")
                        .map(|s| s.trim().to_owned())
                        .collect::<Vec<_>>(),
                    list(vals),
                    "README {event}.{}",
                    p.key
                ),
                PropKind::Bucket(b) => assert!(
                    cell.contains(&format!("`{}` bucket", b.name)),
                    "README {event}.{}: {cell}",
                    p.key
                ),
                PropKind::Path => assert!(cell.contains("path"), "README {event}.{}", p.key),
                PropKind::LatencyHistogram => {}
            }
        }
    }
}

#[test]
fn the_readme_bucket_table_is_the_schema() {
    let rows = readme_table("| bucket scale | unit |");
    assert_eq!(
        rows.iter().map(|(b, _)| b.clone()).collect::<Set>(),
        set(BUCKETS.iter().map(|b| b.name))
    );
    for (name, cells) in rows {
        let b = BUCKETS.iter().find(|b| b.name == name).unwrap();
        assert_eq!(cells[0], b.unit, "README unit of {name}");
        let labels: Vec<String> = cells[1]
            .split(", ")
            .map(|l| l.trim_matches('`').to_owned())
            .collect();
        assert_eq!(labels, list(b.labels), "README labels of {name}");
    }
}

#[test]
fn no_hand_written_copy_of_a_union_is_left_in_the_web_layer() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/web");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("src/web") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "rs" || e == "ts") {
            files.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    assert!(files.len() > 5);
    let generated: Vec<(String, Vec<String>)> = ts_unions(VOCAB_TS)
        .into_iter()
        .chain(ts_unions(TELEMETRY_TS))
        .collect();
    for (file, text) in &files {
        for (name, values) in &generated {
            assert!(
                !text.contains(&format!("export type {name} =")),
                "{file} declares {name} by hand"
            );
            if values.len() > 1 {
                let literal = values
                    .iter()
                    .map(|v| format!("{v:?}"))
                    .collect::<Vec<_>>()
                    .join(" | ");
                assert!(!text.contains(&literal), "{file} copies {name}: {literal}");
            }
        }
    }
}

#[test]
fn the_readme_error_code_table_is_the_code_enums() {
    let rows = readme_table("| error type | `code` | sentence in |");
    let expected: [(&str, &[&str]); 5] = [
        ("AssistantError", &ErrorCode::NAMES),
        ("ClientConfigError", &ConfigErrorCode::NAMES),
        ("RoiFieldError", &FieldErrorCode::NAMES),
        ("RoiNumberError", &NumberError::NAMES),
        ("StorageError", &StorageError::NAMES),
    ];
    assert_eq!(rows.len(), expected.len(), "README error code rows");
    for ((name, cells), (want, names)) in rows.iter().zip(expected) {
        assert!(name.starts_with(want), "README row {name}, expected {want}");
        let got: Vec<String> = cells[0]
            .split(" \\| ")
            .map(|s| s.trim().to_owned())
            .collect();
        assert_eq!(got, list(names), "README codes of {want}");
    }
}

#[test]
fn the_readme_names_every_refusal_reason() {
    let start = README
        .find("**Refusal reasons**")
        .expect("README: refusal reasons");
    let para = &README[start..];
    let para = &para[..para.find("\n\n").unwrap_or(para.len())];
    let named: Set = para
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    for r in RefusalReason::NAMES {
        assert!(named.contains(r), "README refusal reasons lack `{r}`");
    }
}
