//! Native tests of the ROI field parser (`roi::parse_number`): the decimal
//! and grouping marks of en-GB, en-US, de-DE and fr-FR, well-formed grouping
//! only, typed errors, and no panic on any input.
#![cfg(not(target_arch = "wasm32"))]

use levqor_wasm::roi::{parse_number, Locale, NumberError};
use proptest::prelude::*;

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn ok(text: &str, locale: Locale, want: f64) {
    assert_eq!(
        parse_number(text, locale),
        Ok(want),
        "{text:?} in {locale:?}"
    );
}

fn err(text: &str, locale: Locale, want: NumberError) {
    assert_eq!(
        parse_number(text, locale),
        Err(want),
        "{text:?} in {locale:?}"
    );
}

#[test]
fn german_decimal_comma_and_dot_groups() {
    let de = Locale::DeDe;
    ok("35,5", de, 35.5);
    ok("35", de, 35.0);
    ok("1.234,5", de, 1234.5);
    ok("1.234.567,89", de, 1_234_567.89);
    ok("1.234", de, 1234.0);
    ok(" 10,25 ", de, 10.25);
    ok(",5", de, 0.5);
    ok("-3,5", de, -3.5);
    ok(&format!("1{NBSP}234,5"), de, 1234.5);
    // a dot is the group mark in German: "35.5" is not 35.5, nor 355
    err("35.5", de, NumberError::BadGrouping);
    err("1.23,4", de, NumberError::BadGrouping);
    err("12.34.567", de, NumberError::BadGrouping);
    err("1,2,3", de, NumberError::NotANumber);
    err("35,5 €", de, NumberError::NotANumber);
}

#[test]
fn french_decimal_comma_and_space_groups() {
    let fr = Locale::FrFr;
    ok("35,5", fr, 35.5);
    ok(&format!("1{NNBSP}234,5"), fr, 1234.5);
    ok(&format!("1{NBSP}234,5"), fr, 1234.5);
    ok("1 234,5", fr, 1234.5);
    ok(&format!("1{NNBSP}234{NNBSP}567"), fr, 1_234_567.0);
    ok("35.5", fr, 35.5); // a dot is never a group mark in French
    err("1 23,5", fr, NumberError::BadGrouping);
    err("1.234,5", fr, NumberError::NotANumber);
    err("35,5,5", fr, NumberError::NotANumber);
}

#[test]
fn english_decimal_point_and_comma_groups() {
    for en in [Locale::EnGb, Locale::EnUs] {
        ok("35.5", en, 35.5);
        ok("1,234.5", en, 1234.5);
        ok("1,234,567", en, 1_234_567.0);
        ok("10", en, 10.0);
        ok("+7", en, 7.0);
        ok("\u{2212}2.5", en, -2.5);
        // the old component stripped commas: "1,5" became 15
        err("1,5", en, NumberError::BadGrouping);
        err("35,5", en, NumberError::BadGrouping);
        err("1,23,456", en, NumberError::BadGrouping);
        err("1.2.3", en, NumberError::NotANumber);
        err("1e3", en, NumberError::NotANumber);
        err("NaN", en, NumberError::NotANumber);
        err("Infinity", en, NumberError::NotANumber);
        err("-", en, NumberError::NotANumber);
        err(".", en, NumberError::NotANumber);
        err("", en, NumberError::Empty);
        err("   ", en, NumberError::Empty);
        err(&"9".repeat(65), en, NumberError::TooLong);
    }
}

#[test]
fn browser_language_tags_pick_the_input_locale() {
    assert_eq!(Locale::for_input("de-DE"), Locale::DeDe);
    assert_eq!(Locale::for_input("de-AT"), Locale::DeDe);
    assert_eq!(Locale::for_input("fr"), Locale::FrFr);
    assert_eq!(Locale::for_input("fr-CA"), Locale::FrFr);
    assert_eq!(Locale::for_input("en-US"), Locale::EnUs);
    assert_eq!(Locale::for_input("en-GB"), Locale::EnGb);
    assert_eq!(Locale::for_input(""), Locale::EnGb);
    assert_eq!(Locale::for_input("ja-JP"), Locale::EnGb);
}

#[test]
fn errors_have_codes_and_messages() {
    for e in [
        NumberError::Empty,
        NumberError::TooLong,
        NumberError::BadGrouping,
        NumberError::NotANumber,
    ] {
        assert!(!e.code().as_str().is_empty());
        assert!(e.to_string().ends_with('.'));
    }
}

proptest! {
    #[test]
    fn never_panics(text in "\\PC{0,80}", l in 0usize..5) {
        let locale = [Locale::EnGb, Locale::EnUs, Locale::EnIe, Locale::DeDe, Locale::FrFr][l];
        if let Ok(v) = parse_number(&text, locale) {
            prop_assert!(v.is_finite());
        }
    }

    #[test]
    fn the_value_is_the_one_the_std_parser_gives(int in 0u64..10_000_000_000, frac in 0u32..100_000, width in 0usize..6) {
        // up to 15 significant digits (10 + 5), the documented exact range
        let text = if width == 0 { int.to_string() } else { format!("{int}.{frac:0width$}") };
        let want: f64 = text.parse().expect("a decimal");
        prop_assert_eq!(parse_number(&text, Locale::EnGb), Ok(want), "{}", text);
    }

    #[test]
    fn formatted_by_the_core_reads_back(minor in 0i64..1_000_000_000) {
        // what the calculator writes (money with its groups) it reads back
        for locale in [Locale::EnGb, Locale::DeDe, Locale::FrFr] {
            let s = levqor_wasm::roi::format_money(minor, levqor_wasm::roi::Currency::Eur, locale);
            let number: String = s.chars().filter(|c| !"£$€".contains(*c)).collect();
            let number = number.trim_matches(|c: char| c.is_whitespace());
            let v = parse_number(number, locale);
            prop_assert_eq!(v, Ok(minor as f64 / 100.0), "{:?} {:?}", s, locale);
        }
    }
}
