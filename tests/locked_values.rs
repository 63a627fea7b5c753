//! The SPEC's locked business values, everywhere they appear: the knowledge
//! base the assistant answers from (`src/assistant/kb/`, onboarding) and the
//! demo site (`www/`) quote plan prices, done-for-you setup prices, the
//! canonical trial text, the refund window and the support SLAs exactly, and
//! no other £ amount, trial length or refund window appears anywhere.

use std::fs;
use std::path::{Path, PathBuf};

const MONTHLY: [&str; 4] = ["£9", "£29", "£59", "£149"];
const YEARLY: [&str; 4] = ["£90", "£290", "£590", "£1490"];
const SETUP: [&str; 3] = ["£149", "£299", "£499"];
const SLAS: [&str; 4] = ["48h", "24h", "12h", "4h"];
const TRIAL: &str = "7-day free trial • Card required • Cancel before Day 7 to avoid charges";

fn kb() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/assistant");
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("kb"))
        .expect("src/assistant/kb")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.push(dir.join("onboarding.md"));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let t = fs::read_to_string(&p).expect("readable");
            (p, t)
        })
        .collect()
}

#[test]
fn knowledge_base_quotes_every_locked_value() {
    let all: String = kb()
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("\n");
    let monthly = [
        "Starter £9/month",
        "Growth £29/month",
        "Pro £59/month",
        "Business £149/month",
    ];
    let yearly = [
        "Starter £90/year",
        "Growth £290/year",
        "Pro £590/year",
        "Business £1490/year",
    ];
    for v in monthly.iter().chain(&yearly) {
        assert!(all.contains(v), "knowledge base lacks `{v}`");
    }
    assert!(
        all.contains("£149 (one workflow), £299 (up to three workflows) or £499"),
        "setup prices"
    );
    assert!(all.contains(TRIAL), "canonical trial text");
    assert!(all.contains("30-day refund policy"), "refund window");
    assert!(
        all.contains("48h on Starter, 24h on Growth, 12h on Pro and 4h on Business"),
        "support SLAs, lowest to highest"
    );
}

#[test]
fn knowledge_base_has_no_other_price_trial_or_refund_window() {
    let allowed = allowed_prices();
    for (path, text) in kb() {
        check_text(&path, &text, &allowed);
    }
}

/// Every £ amount the SPEC allows anywhere: plan and setup prices.
fn allowed_prices() -> Vec<&'static str> {
    MONTHLY
        .iter()
        .chain(&YEARLY)
        .chain(&SETUP)
        .copied()
        .collect()
}

fn check_text(path: &Path, text: &str, allowed: &[&str]) {
    for amount in pound_amounts(text) {
        assert!(
            allowed.contains(&amount.as_str()),
            "{}: unexpected price {amount}",
            path.display()
        );
    }
    for (i, _) in text.match_indices("-day") {
        let before: String = text[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        let days: String = before.chars().rev().collect();
        let after = &text[i..];
        if after.starts_with("-day free trial") || after.starts_with("-day trial") {
            assert_eq!(days, "7", "{}: trial length", path.display());
        }
        if after.starts_with("-day refund") || after.starts_with("-day money") {
            assert_eq!(days, "30", "{}: refund window", path.display());
        }
    }
    for (i, _) in text.match_indices("h on ") {
        let hours: String = text[..i]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        if !hours.is_empty() {
            let hours: String = hours.chars().rev().collect();
            assert!(
                SLAS.contains(&format!("{hours}h").as_str()),
                "{}: SLA {hours}h",
                path.display()
            );
        }
    }
}

fn www() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("www")
}

fn field_values(src: &str, field: &str) -> Vec<String> {
    let needle = format!("{field}: \"");
    src.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &src[i + needle.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect()
}

#[test]
fn plans_file_quotes_the_locked_values_in_order() {
    let src = fs::read_to_string(www().join("lib/plans.ts")).expect("www/lib/plans.ts exists");
    assert_eq!(field_values(&src, "monthly"), MONTHLY);
    assert_eq!(field_values(&src, "yearly"), YEARLY);
    assert_eq!(field_values(&src, "support"), SLAS);
    let setup = src
        .split("SETUP_PRICES = [")
        .nth(1)
        .and_then(|r| r.split(']').next())
        .expect("SETUP_PRICES is declared");
    let setup: Vec<&str> = setup
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .collect();
    assert_eq!(setup, SETUP);
    assert!(
        src.contains(&format!("TRIAL_TEXT = \"{TRIAL}\"")),
        "canonical trial text"
    );
}

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if p.is_dir() {
            if !matches!(
                name.as_ref(),
                "node_modules" | ".next" | "e2e" | "test-results"
            ) {
                sources(&p, out);
            }
        } else if name.ends_with(".tsx") || name.ends_with(".ts") {
            out.push(p);
        }
    }
}

/// Every `£` amount, e.g. "£1,490.00" -> "£1490".
fn pound_amounts(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('£') {
        let digits: String = text[i + '£'.len_utf8()..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ',')
            .filter(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            out.push(format!("£{digits}"));
        }
    }
    out
}

#[test]
fn no_other_price_or_trial_length_appears_on_the_site() {
    let mut files = Vec::new();
    sources(&www(), &mut files);
    assert!(files.len() > 5, "found the site's sources");
    let allowed = allowed_prices();
    for f in files {
        let text = fs::read_to_string(&f).unwrap_or_default();
        check_text(&f, &text, &allowed);
    }
}

#[test]
fn the_scanner_catches_drift() {
    assert_eq!(
        pound_amounts("now £39/month or £1,490 a year"),
        ["£39", "£1490"]
    );
    assert_eq!(
        field_values(r#"{ monthly: "£9", x: 1, monthly: "£29" }"#, "monthly"),
        ["£9", "£29"]
    );
}
