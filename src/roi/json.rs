//! The calculator's results as JSON text, written by hand: byte for byte
//! what their `Serialize` derives write (the test below checks it), so that
//! serde's serialiser stays out of the core's wasm.

use super::{FieldError, Formatted, Minor, RoiResult};
use crate::json_write::{Obj, ToJson};

impl ToJson for RoiResult {
    fn write_json(&self, out: &mut String) {
        match self {
            RoiResult::Ok(r) => Obj::new(out)
                .bool("ok", r.ok)
                .float("hoursSavedPerMonth", r.hours_saved_per_month)
                .float("valuePerMonth", r.value_per_month)
                .float("valuePerYear", r.value_per_year)
                .str("currency", r.currency.as_str())
                .str("locale", r.locale.as_str())
                .float("automationShare", r.automation_share)
                .field("formatted", &r.formatted)
                .field("minor", &r.minor)
                .end(),
            RoiResult::Err { ok, errors } => {
                Obj::new(out).bool("ok", *ok).field("errors", errors).end()
            }
        }
    }
}

impl ToJson for FieldError {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("field", self.field)
            .str("code", self.code.as_str())
            .str("message", &self.message)
            .end();
    }
}

impl ToJson for Formatted {
    fn write_json(&self, out: &mut String) {
        Obj::new(out)
            .str("hoursPerMonth", &self.hours_per_month)
            .str("valuePerMonth", &self.value_per_month)
            .str("valuePerYear", &self.value_per_year)
            .end();
    }
}

impl ToJson for Minor {
    fn write_json(&self, out: &mut String) {
        let mut o = Obj::new(out);
        crate::digits::push_i64(o.key("valuePerMonth"), self.value_per_month);
        crate::digits::push_i64(o.key("valuePerYear"), self.value_per_year);
        o.end();
    }
}

#[cfg(test)]
mod tests {
    use super::super::calculate;
    use crate::json;
    use crate::json_write::ToJson;

    #[test]
    fn results_are_written_as_the_derives_write_them() {
        for v in [
            json!({ "hoursPerWeek": 10, "hourlyRate": 35 }),
            json!({ "hoursPerWeek": 2.5, "hourlyRate": 20, "locale": "de-DE", "currency": "EUR" }),
            json!({ "hoursPerWeek": 168, "hourlyRate": 10_000, "automationShare": 1 }),
            json!({ "hoursPerWeek": 3, "hourlyRate": 0.1, "automationShare": 0.33 }),
            json!({ "hoursPerWeek": -1, "hourlyRate": "ten", "locale": 7 }),
            json!(null),
        ] {
            let r = calculate(&v);
            assert_eq!(r.to_json(), serde_json::to_string(&r).unwrap(), "{v}");
        }
    }
}
