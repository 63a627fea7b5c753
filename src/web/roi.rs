//! `calculateRoi` for JS: converts the input object, runs [`crate::roi`].

use super::convert::{from_js, to_js};
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
export type RoiCurrency = "GBP" | "USD" | "EUR";
export type RoiLocale = "en-GB" | "en-US" | "en-IE" | "de-DE" | "fr-FR";
/** One bad field. */
export interface RoiFieldError {
  field: "hoursPerWeek" | "hourlyRate" | "automationShare" | "currency" | "locale" | "input";
  code: "missing" | "not_a_number" | "not_finite" | "out_of_range" | "unsupported" | "invalid_type";
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
