//! The demo site (`www/`) quotes the SPEC's locked business values exactly:
//! plan prices in order, done-for-you setup prices, the canonical trial text,
//! the refund window and the support SLAs; and no other £ amount or trial
//! length appears anywhere in its pages and components.

use std::fs;
use std::path::{Path, PathBuf};

const MONTHLY: [&str; 4] = ["£9", "£29", "£59", "£149"];
const YEARLY: [&str; 4] = ["£90", "£290", "£590", "£1490"];
const SETUP: [&str; 3] = ["£149", "£299", "£499"];
const SLAS: [&str; 4] = ["48h", "24h", "12h", "4h"];
const TRIAL: &str = "7-day free trial • Card required • Cancel before Day 7 to avoid charges";

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
    let allowed: Vec<&str> = MONTHLY
        .iter()
        .chain(&YEARLY)
        .chain(&SETUP)
        .copied()
        .collect();
    for f in files {
        let text = fs::read_to_string(&f).unwrap_or_default();
        for amount in pound_amounts(&text) {
            assert!(
                allowed.contains(&amount.as_str()),
                "{}: unexpected price {amount}",
                f.display()
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
                assert_eq!(days, "7", "{}: trial length", f.display());
            }
            if after.starts_with("-day refund") || after.starts_with("-day money") {
                assert_eq!(days, "30", "{}: refund window", f.display());
            }
        }
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
