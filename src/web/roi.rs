//! `calculateRoi` and `parseRoiNumber` for JS: converts the arguments, runs
//! [`crate::roi`].

use super::convert::{from_js, json_to_js, to_js};
use crate::json_write::Obj;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ROI: &str = r#"
/** Input of {@link calculateRoi}. Numbers only: text, NaN, ±Infinity and out-of-range values get a per-field error. */
export interface RoiInput {
  /** Hours a week spent on manual workflows, 0–168. */
  hoursPerWeek: number;
  /** Average hourly cost of that time, 0–10,000 (major units of `currency`). */
  hourlyRate: number;
  /** Share of that work automation removes, 0–1. Default 0.5 (see the README). */
  automationShare?: number;
  /** Default "GBP". */
  currency?: RoiCurrency;
  /** Formatting; default follows the currency (GBP en-GB, USD en-US, EUR en-IE). */
  locale?: RoiLocale;
}
/** One bad field. */
export interface RoiFieldError {
  field: "hoursPerWeek" | "hourlyRate" | "automationShare" | "currency" | "locale" | "input";
  code: RoiFieldErrorCode;
  message: string;
}
/** Result of {@link calculateRoi}. Money is exact to the penny (`minor` holds the integers). */
export type RoiResult =
  | {
      ok: true;
      /** To 0.1 h. */
      hoursSavedPerMonth: number;
      valuePerMonth: number;
      valuePerYear: number;
      currency: RoiCurrency;
      locale: RoiLocale;
      automationShare: number;
      formatted: { hoursPerMonth: string; valuePerMonth: string; valuePerYear: string };
      minor: { valuePerMonth: number; valuePerYear: number };
    }
  | { ok: false; errors: RoiFieldError[] };
/** What {@link parseRoiNumber} answers; `locale` is the one the text was read in. */
export type RoiNumberParse =
  | { ok: true; value: number; locale: RoiLocale }
  | { ok: false; code: RoiNumberError; message: string; locale: RoiLocale };
"#;

/// Hours and money saved per month and per year (a month is 52/12 weeks),
/// exact to the penny. Never throws: bad input answers `{ ok: false, errors }`
/// with one entry per field.
///
/// @example
/// ```ts
/// const r = calculateRoi({ hoursPerWeek: 10, hourlyRate: 35 });
/// if (r.ok) console.log(r.formatted.valuePerMonth); // "£758.33"
/// calculateRoi({ hoursPerWeek: -1, hourlyRate: NaN });
/// // { ok: false, errors: [{ field: "hoursPerWeek", code: "out_of_range", … }, { field: "hourlyRate", code: "not_finite", … }] }
/// ```
#[wasm_bindgen(js_name = calculateRoi, unchecked_return_type = "RoiResult")]
pub fn calculate_roi(
    #[wasm_bindgen(unchecked_param_type = "RoiInput | Record<string, unknown>")] input: JsValue,
) -> JsValue {
    to_js(&crate::roi::calculate(&from_js(&input)))
}

/// Reads a number typed into an ROI field with the decimal and grouping
/// marks of `locale` (a browser language tag such as `navigator.language`:
/// German and French read `35,5` as 35.5; anything else reads as en-GB).
/// Grouping must be well formed, so `1,5` in English is an error, never 15.
/// Never throws: a non-string answers `not_a_number`.
///
/// @example
/// ```ts
/// parseRoiNumber("35,5", "de-DE");        // { ok: true, value: 35.5, locale: "de-DE" }
/// parseRoiNumber("1.234,5", "de-DE");     // { ok: true, value: 1234.5, locale: "de-DE" }
/// parseRoiNumber("1\u202f234,5", "fr-FR"); // { ok: true, value: 1234.5, locale: "fr-FR" }
/// parseRoiNumber("1,5", "en-GB");         // { ok: false, code: "bad_grouping", message: "…", locale: "en-GB" }
/// ```
#[wasm_bindgen(js_name = parseRoiNumber, unchecked_return_type = "RoiNumberParse")]
pub fn parse_roi_number(
    #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
    #[wasm_bindgen(unchecked_param_type = "RoiLocale | string | undefined")] locale: JsValue,
) -> JsValue {
    let locale = crate::roi::Locale::for_input(&locale.as_string().unwrap_or_default());
    let r = match text.as_string() {
        Some(t) => crate::roi::parse_number(&t, locale),
        None => Err(crate::roi::NumberError::NotANumber),
    };
    // `{ ok, value, locale }` or `{ ok, code, message, locale }`, in that order.
    let mut text = String::new();
    let mut o = Obj::new(&mut text);
    match r {
        Ok(value) => o.bool("ok", true).float("value", value),
        Err(e) => o
            .bool("ok", false)
            .str("code", e.code().as_str())
            .str("message", e.message()),
    }
    .str("locale", locale.as_str())
    .end();
    json_to_js(&text)
}
