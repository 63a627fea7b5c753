//! The ROI calculator: hours and money saved per month and per year by
//! automating manual work, exact to the penny, with per-field errors.
//!
//! Inputs are converted once to integers (hours in ten-thousandths, money in
//! minor units, the share in basis points) and every result is one integer
//! division rounded half-up, so no float drift ever reaches a formatted
//! string. A month is 52/12 weeks; a year is 52 weeks. The result is never
//! tied to a plan or a price. Text typed into the calculator's fields is read
//! by [`parse`] (locale-aware decimal and grouping marks).

mod json;
pub mod parse;

pub use parse::{parse_number, NumberError};

use crate::input::{self, Field};
use crate::json::Json;

/// Largest accepted hours per week (a week has 168 hours).
pub const MAX_HOURS_PER_WEEK: f64 = 168.0;
/// Largest accepted hourly rate, in major currency units.
pub const MAX_HOURLY_RATE: f64 = 10_000.0;
/// The share of manual work automation removes when none is given: half.
/// Automation takes the repetitive core of a task (copying, checking,
/// notifying) but people still handle exceptions, reviews and set-up, so we
/// credit half of the time rather than all of it — a deliberately
/// conservative figure (see the README).
pub const DEFAULT_AUTOMATION_SHARE: f64 = 0.5;

/// Currencies the formatter knows (generated from `[currency]` of
/// `src/vocab/vocab.txt`).
pub use crate::vocab::Currency;
/// Number-formatting conventions (generated from `[roi_locale]`).
pub use crate::vocab::Locale;

impl Currency {
    /// The currency a typed code names, case-insensitively (`gbp`, ` USD `).
    fn read(code: &str) -> Option<Self> {
        Self::parse(&code.trim().to_ascii_uppercase())
    }
    fn symbol(self) -> &'static str {
        match self {
            Self::Gbp => "£",
            Self::Usd => "$",
            Self::Eur => "€",
        }
    }
    fn default_locale(self) -> Locale {
        match self {
            Self::Gbp => Locale::EnGb,
            Self::Usd => Locale::EnUs,
            Self::Eur => Locale::EnIe,
        }
    }
}

impl Locale {
    /// The locale for reading typed numbers from a browser language tag
    /// (`navigator.language`): by language, so `de-AT` reads as German and
    /// `fr-CA` as French; `en-US` and `en-IE` as themselves; anything else
    /// (or nothing) as en-GB.
    pub fn for_input(tag: &str) -> Self {
        let t = tag.trim().to_ascii_lowercase();
        let t = crate::substr::replace(&t, "_", "-");
        let lang = t.split('-').next().unwrap_or("");
        match (lang, t.as_str()) {
            ("de", _) => Self::DeDe,
            ("fr", _) => Self::FrFr,
            (_, "en-us") => Self::EnUs,
            (_, "en-ie") => Self::EnIe,
            _ => Self::EnGb,
        }
    }
    /// The locale a tag names, leniently: any case, `_` for `-`, and the
    /// bare languages `en` and `de`.
    fn read(tag: &str) -> Option<Self> {
        match crate::substr::replace(&tag.trim().to_ascii_lowercase(), "_", "-").as_str() {
            "en-gb" | "en" => Some(Self::EnGb),
            "en-us" => Some(Self::EnUs),
            "en-ie" => Some(Self::EnIe),
            "de-de" | "de" => Some(Self::DeDe),
            "fr-fr" | "fr" => Some(Self::FrFr),
            _ => None,
        }
    }
    /// (group separator, decimal separator, symbol after the number)
    fn style(self) -> (&'static str, char, bool) {
        match self {
            Self::EnGb | Self::EnUs | Self::EnIe => (",", '.', false),
            Self::DeDe => (".", ',', true),
            Self::FrFr => ("\u{202f}", ',', true),
        }
    }
}

/// One input problem.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FieldError {
    /// `hoursPerWeek`, `hourlyRate`, `automationShare`, `currency`, `locale`
    /// or `input` (the whole input was not an object).
    pub field: &'static str,
    /// What a program switches on: `missing`, `not_a_number`, `not_finite`,
    /// `out_of_range`, `unsupported` or `invalid_type`.
    pub code: FieldErrorCode,
    /// A sentence a person can read.
    pub message: String,
}

pub use crate::vocab::FieldErrorCode;

impl FieldError {
    /// What a program switches on.
    pub fn code(&self) -> FieldErrorCode {
        self.code
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// Formatted strings of a result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Formatted {
    /// e.g. `21.7 hours`
    pub hours_per_month: String,
    /// e.g. `£758.33`
    pub value_per_month: String,
    /// e.g. `£9,100.00`
    pub value_per_year: String,
}

/// Money results in minor units (pence, cents): the exact integers behind
/// the numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Minor {
    /// Value saved per month, minor units.
    pub value_per_month: i64,
    /// Value saved per year, minor units.
    pub value_per_year: i64,
}

/// A successful calculation.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct RoiOk {
    /// Always `true`.
    pub ok: bool,
    /// Hours saved per month, to 0.1 h.
    pub hours_saved_per_month: f64,
    /// Value saved per month, to the penny.
    pub value_per_month: f64,
    /// Value saved per year, to the penny.
    pub value_per_year: f64,
    /// The currency used.
    pub currency: Currency,
    /// The locale used for `formatted`.
    pub locale: Locale,
    /// The share of the work counted as automated (0..1).
    pub automation_share: f64,
    /// The results as display strings.
    pub formatted: Formatted,
    /// The exact money results in minor units.
    pub minor: Minor,
}

/// The result: `{ ok: true, … }` or `{ ok: false, errors }`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum RoiResult {
    /// A calculation.
    Ok(RoiOk),
    /// Every problem with the input, one per field.
    Err {
        /// Always `false`.
        ok: bool,
        /// One entry per bad field.
        errors: Vec<FieldError>,
    },
}

fn err(field: &'static str, code: FieldErrorCode, message: String) -> FieldError {
    FieldError {
        field,
        code,
        message,
    }
}

/// Reads a number field within `[0, max]`; `None` with an error pushed when
/// it is not one.
fn bounded(
    v: &Json,
    field: &'static str,
    label: &str,
    max: f64,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<f64> {
    let range = [
        label,
        " must be a number from 0 to ",
        &group_thousands(max),
        ".",
    ]
    .concat();
    match input::number(v, field) {
        Field::Value(x) if (0.0..=max).contains(&x) => Some(x),
        Field::Value(_) => {
            errors.push(err(field, FieldErrorCode::OutOfRange, range));
            None
        }
        Field::Missing if required => {
            errors.push(err(
                field,
                FieldErrorCode::Missing,
                [label, " is required."].concat(),
            ));
            None
        }
        Field::Missing => None,
        Field::NotFinite => {
            errors.push(err(field, FieldErrorCode::NotFinite, range));
            None
        }
        Field::WrongType(_) => {
            errors.push(err(field, FieldErrorCode::NotANumber, range));
            None
        }
    }
}

fn group_thousands(x: f64) -> String {
    format_grouped(x as u64, ",")
}

/// Calculates the ROI for a request object (see the module docs and the
/// README for the fields). Never panics, whatever the input.
pub fn calculate(request: &Json) -> RoiResult {
    let mut errors = Vec::new();
    if !request.is_object() {
        errors.push(err(
            "input",
            FieldErrorCode::InvalidType,
            "Give the calculator an object such as { hoursPerWeek: 10, hourlyRate: 35 }.".into(),
        ));
        return RoiResult::Err { ok: false, errors };
    }
    let hours = bounded(
        request,
        "hoursPerWeek",
        "Hours per week",
        MAX_HOURS_PER_WEEK,
        true,
        &mut errors,
    );
    let rate = bounded(
        request,
        "hourlyRate",
        "Hourly rate",
        MAX_HOURLY_RATE,
        true,
        &mut errors,
    );
    let share = bounded(
        request,
        "automationShare",
        "The automated share",
        1.0,
        false,
        &mut errors,
    )
    .unwrap_or(DEFAULT_AUTOMATION_SHARE);
    let currency = match input::string(request, "currency") {
        Field::Missing => Some(Currency::Gbp),
        Field::Value(code) => Currency::read(code).or_else(|| {
            errors.push(err(
                "currency",
                FieldErrorCode::Unsupported,
                "Currency must be GBP, USD or EUR.".into(),
            ));
            None
        }),
        _ => {
            errors.push(err(
                "currency",
                FieldErrorCode::InvalidType,
                "Currency must be a code such as \"GBP\".".into(),
            ));
            None
        }
    };
    let locale = match input::string(request, "locale") {
        Field::Missing => None,
        Field::Value(tag) => Locale::read(tag).or_else(|| {
            errors.push(err(
                "locale",
                FieldErrorCode::Unsupported,
                "Locale must be en-GB, en-US, en-IE, de-DE or fr-FR.".into(),
            ));
            None
        }),
        _ => {
            errors.push(err(
                "locale",
                FieldErrorCode::InvalidType,
                "Locale must be a tag such as \"en-GB\".".into(),
            ));
            None
        }
    };
    match (hours, rate, currency, errors.is_empty()) {
        (Some(h), Some(r), Some(c), true) => RoiResult::Ok(compute(
            h,
            r,
            share,
            c,
            locale.unwrap_or(c.default_locale()),
        )),
        _ => RoiResult::Err { ok: false, errors },
    }
}

/// `n / d` rounded half-up, for non-negative `n` and positive `d`.
fn div_round(n: i64, d: i64) -> i64 {
    n.saturating_add(d / 2) / d
}

/// The arithmetic, on validated inputs.
pub fn compute(hours: f64, rate: f64, share: f64, currency: Currency, locale: Locale) -> RoiOk {
    // Exact integers: hours in 1/10_000 h, rate in minor units, share in basis points.
    // In i64 (no 128-bit division in the wasm): at the input bounds (168 h,
    // 10,000 per hour, share 1) the largest product, h * r * s * 52, is
    // 8.7e17, below i64::MAX (9.2e18); beyond them it saturates.
    let h = (hours * 10_000.0).round() as i64;
    let r = (rate * 100.0).round() as i64;
    let s = (share * 10_000.0).round() as i64;
    let hrs52 = h.saturating_mul(r).saturating_mul(s).saturating_mul(52);
    // per year: h/1e4 * r * s/1e4 * 52 ; per month: the same / 12
    let year_minor = div_round(hrs52, 100_000_000);
    let month_minor = div_round(hrs52, 100_000_000 * 12);
    // hours per month to 0.1 h: h/1e4 * s/1e4 * 52/12 * 10
    let tenth_hours = div_round(h.saturating_mul(s).saturating_mul(520), 100_000_000 * 12);
    RoiOk {
        ok: true,
        hours_saved_per_month: tenth_hours as f64 / 10.0,
        value_per_month: month_minor as f64 / 100.0,
        value_per_year: year_minor as f64 / 100.0,
        currency,
        locale,
        automation_share: s as f64 / 10_000.0,
        formatted: Formatted {
            hours_per_month: format_hours(tenth_hours, locale),
            value_per_month: format_money(month_minor, currency, locale),
            value_per_year: format_money(year_minor, currency, locale),
        },
        minor: Minor {
            value_per_month: month_minor,
            value_per_year: year_minor,
        },
    }
}

fn format_grouped(mut n: u64, sep: &str) -> String {
    let mut groups = Vec::new();
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        crate::digits::push_dec(&mut out, *g, if i == 0 { 1 } else { 3 });
    }
    out
}

/// Formats minor units, e.g. `123456` GBP en-GB -> `£1,234.56`.
pub fn format_money(minor: i64, currency: Currency, locale: Locale) -> String {
    let (group, decimal, after) = locale.style();
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let mut number = format_grouped(abs / 100, group);
    number.push(decimal);
    crate::digits::push_dec(&mut number, abs % 100, 2);
    if after {
        [sign, &number, "\u{a0}", currency.symbol()].concat()
    } else {
        [sign, currency.symbol(), &number].concat()
    }
}

fn format_hours(tenths: i64, locale: Locale) -> String {
    let (group, decimal, _) = locale.style();
    let abs = tenths.unsigned_abs();
    let whole = format_grouped(abs / 10, group);
    let unit = if tenths == 10 { "hour" } else { "hours" };
    let unit = match locale {
        Locale::DeDe => "Std.",
        Locale::FrFr => "h",
        _ => unit,
    };
    let mut out = whole;
    if abs % 10 != 0 {
        out.push(decimal);
        crate::digits::push_dec(&mut out, abs % 10, 1);
    }
    out.push(' ');
    out.push_str(unit);
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::json;
    use proptest::prelude::*;

    fn ok(v: Json) -> RoiOk {
        match calculate(&v) {
            RoiResult::Ok(r) => r,
            RoiResult::Err { errors, .. } => panic!("unexpected errors {errors:?}"),
        }
    }

    fn errors(v: Json) -> Vec<(&'static str, &'static str)> {
        match calculate(&v) {
            RoiResult::Ok(r) => panic!("unexpected result {r:?}"),
            RoiResult::Err { errors, .. } => {
                errors.iter().map(|e| (e.field, e.code.as_str())).collect()
            }
        }
    }

    #[test]
    fn worked_example() {
        // 10 h/week at £35, half automated: 5 h/week = 21.666… h/month,
        // £175/week = £758.333… /month, £9,100 /year
        let r = ok(json!({ "hoursPerWeek": 10, "hourlyRate": 35 }));
        assert_eq!(r.hours_saved_per_month, 21.7);
        assert_eq!(r.minor.value_per_month, 75_833);
        assert_eq!(r.minor.value_per_year, 910_000);
        assert_eq!(r.formatted.value_per_month, "£758.33");
        assert_eq!(r.formatted.value_per_year, "£9,100.00");
        assert_eq!(r.formatted.hours_per_month, "21.7 hours");
        assert_eq!(r.automation_share, 0.5);
    }

    #[test]
    fn no_float_drift() {
        // 0.1 * 3 is 0.30000000000000004 in floating point
        let r = ok(json!({ "hoursPerWeek": 3, "hourlyRate": 0.1, "automationShare": 1 }));
        assert_eq!(r.minor.value_per_year, 1_560); // 0.30 * 52
        assert_eq!(r.value_per_year, 15.6);
        assert_eq!(r.formatted.value_per_year, "£15.60");
    }

    #[test]
    fn currencies_and_locales() {
        let base = json!({ "hoursPerWeek": 40, "hourlyRate": 1000, "automationShare": 1 });
        let with = |c: &str, l: Option<&str>| {
            let mut v = base.clone();
            v["currency"] = json!(c);
            if let Some(l) = l {
                v["locale"] = json!(l);
            }
            ok(v).formatted.value_per_year
        };
        assert_eq!(with("GBP", None), "£2,080,000.00");
        assert_eq!(with("usd", None), "$2,080,000.00");
        assert_eq!(with("EUR", None), "€2,080,000.00");
        assert_eq!(with("EUR", Some("de-DE")), "2.080.000,00\u{a0}€");
        assert_eq!(
            with("EUR", Some("fr-FR")),
            "2\u{202f}080\u{202f}000,00\u{a0}€"
        );
        let r = ok(json!({ "hoursPerWeek": 2.5, "hourlyRate": 20, "locale": "de-DE" }));
        assert_eq!(r.formatted.hours_per_month, "5,4 Std.");
    }

    #[test]
    fn per_field_errors() {
        assert_eq!(
            errors(json!({})),
            [("hoursPerWeek", "missing"), ("hourlyRate", "missing")]
        );
        assert_eq!(
            errors(json!({ "hoursPerWeek": -1, "hourlyRate": 10_001 })),
            [
                ("hoursPerWeek", "out_of_range"),
                ("hourlyRate", "out_of_range")
            ]
        );
        assert_eq!(
            errors(json!({ "hoursPerWeek": "ten", "hourlyRate": input::non_finite("NaN") })),
            [
                ("hoursPerWeek", "not_a_number"),
                ("hourlyRate", "not_finite")
            ]
        );
        assert_eq!(
            errors(
                json!({ "hoursPerWeek": 1, "hourlyRate": 1, "automationShare": 1.5, "currency": "JPY", "locale": 7 })
            ),
            [
                ("automationShare", "out_of_range"),
                ("currency", "unsupported"),
                ("locale", "invalid_type")
            ]
        );
        assert_eq!(errors(json!(null)), [("input", "invalid_type")]);
        assert_eq!(errors(json!([1, 2])), [("input", "invalid_type")]);
    }

    #[test]
    fn bounds_are_inclusive() {
        let r = ok(json!({ "hoursPerWeek": 168, "hourlyRate": 10_000, "automationShare": 1 }));
        assert_eq!(r.minor.value_per_year, 168 * 10_000 * 100 * 52);
        let r = ok(json!({ "hoursPerWeek": 0, "hourlyRate": 0 }));
        assert_eq!(r.formatted.value_per_month, "£0.00");
        assert_eq!(r.formatted.hours_per_month, "0 hours");
    }

    #[test]
    fn serialises_as_documented() {
        let v = serde_json::to_value(calculate(&json!({ "hoursPerWeek": 1, "hourlyRate": 1 })))
            .unwrap();
        assert_eq!(v["ok"], true);
        assert_eq!(v["currency"], "GBP");
        assert_eq!(v["locale"], "en-GB");
        assert!(v["formatted"]["valuePerMonth"].is_string());
        let v = serde_json::to_value(calculate(&json!({}))).unwrap();
        assert_eq!(v["ok"], false);
        assert_eq!(v["errors"][0]["field"], "hoursPerWeek");
    }

    fn money(r: &RoiResult) -> Option<(i64, i64)> {
        match r {
            RoiResult::Ok(o) => Some((o.minor.value_per_month, o.minor.value_per_year)),
            RoiResult::Err { .. } => None,
        }
    }

    proptest! {
        #[test]
        fn never_panics_never_non_finite(h in any::<f64>(), r in any::<f64>(), s in any::<f64>()) {
            let v = json!({ "hoursPerWeek": h, "hourlyRate": r, "automationShare": s });
            if let RoiResult::Ok(o) = calculate(&v) {
                prop_assert!(o.value_per_month.is_finite() && o.value_per_year.is_finite());
                prop_assert!(o.hours_saved_per_month.is_finite());
                prop_assert!(o.minor.value_per_month >= 0 && o.minor.value_per_year >= 0);
            }
        }

        #[test]
        fn monotonic_in_hours_and_rate(h1 in 0.0..=168.0f64, h2 in 0.0..=168.0f64, r1 in 0.0..=10_000.0f64, r2 in 0.0..=10_000.0f64, s in 0.0..=1.0f64) {
            let (hl, hh) = if h1 <= h2 { (h1, h2) } else { (h2, h1) };
            let (rl, rh) = if r1 <= r2 { (r1, r2) } else { (r2, r1) };
            let lo = money(&calculate(&json!({ "hoursPerWeek": hl, "hourlyRate": rl, "automationShare": s }))).unwrap();
            let mid = money(&calculate(&json!({ "hoursPerWeek": hh, "hourlyRate": rl, "automationShare": s }))).unwrap();
            let hi = money(&calculate(&json!({ "hoursPerWeek": hh, "hourlyRate": rh, "automationShare": s }))).unwrap();
            prop_assert!(lo.0 <= mid.0 && mid.0 <= hi.0);
            prop_assert!(lo.1 <= mid.1 && mid.1 <= hi.1);
        }

        #[test]
        fn zero_in_zero_out(x in 0.0..=168.0f64, s in 0.0..=1.0f64) {
            let a = money(&calculate(&json!({ "hoursPerWeek": 0, "hourlyRate": x, "automationShare": s }))).unwrap();
            let b = money(&calculate(&json!({ "hoursPerWeek": x, "hourlyRate": 0, "automationShare": s }))).unwrap();
            prop_assert_eq!(a, (0, 0));
            prop_assert_eq!(b, (0, 0));
        }

        #[test]
        fn formatted_matches_minor(h in 0.0..=168.0f64, r in 0.0..=10_000.0f64) {
            if let RoiResult::Ok(o) = calculate(&json!({ "hoursPerWeek": h, "hourlyRate": r })) {
                let digits: String = o.formatted.value_per_year.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(digits.parse::<i64>().unwrap(), o.minor.value_per_year);
            }
        }
    }
}
