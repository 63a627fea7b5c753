//! The browser boundary (compiled only for `wasm32`): converts JS values to
//! and from the core's types, wires DOM events and timers, and nothing else.
//! Every export takes whatever JS passes and answers with a typed object;
//! none throws on input.

#[cfg(feature = "assistant")]
pub mod assistant;
#[cfg(feature = "assistant")]
pub mod assistant_tools;
#[cfg(feature = "core")]
pub mod client;
#[cfg(feature = "core")]
pub mod client_io;
pub mod convert;
#[cfg(feature = "core")]
pub mod exit_intent;
pub mod platform;
#[cfg(feature = "core")]
pub mod roi;
#[cfg(feature = "core")]
pub mod telemetry;
pub mod types;

#[cfg(feature = "core")]
use crate::assistant::validate_query as core_validate_query;
#[cfg(feature = "core")]
use crate::input::Field;
#[cfg(feature = "core")]
use convert::{from_js, to_js};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_COMMON: &str = r#"
/** The error object every assistant endpoint returns for bad input (the server answers it with HTTP 400/422). */
export interface AssistantError {
  success: false;
  /** A sentence a person can read. */
  error: string;
  /** What a program switches on. */
  code: AssistantErrorCode;
}

/** Result of {@link validateQuery}. */
export type QueryValidation =
  | { success: true; /** The trimmed query, control characters removed. */ query: string; error?: never; code?: never }
  | AssistantError;
"#;

/// A promise of `fut`'s value, through one `future_to_promise` for every
/// export: each instantiation of it carried its own executor closure and
/// drop glue (~400 bytes of wasm apiece). The futures never fail.
#[cfg(feature = "core")]
pub(crate) fn promise(
    fut: impl std::future::Future<Output = JsValue> + 'static,
) -> js_sys::Promise {
    boxed_promise(Box::pin(fut))
}

#[cfg(feature = "core")]
fn boxed_promise(
    fut: std::pin::Pin<Box<dyn std::future::Future<Output = JsValue>>>,
) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move { Ok(fut.await) })
}

/// Sets the panic hook once, when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    #[cfg(feature = "console_error_panic_hook")]
    console_error_panic_hook::set_once();
}

/// The module version, e.g. `"0.1.0"` (also `meta.engine` in answers).
///
/// @example
/// ```ts
/// import init, { version } from "levqor-wasm";
/// await init();
/// console.log(version()); // "0.1.0"
/// ```
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Applies the assistant's input rule: the trimmed query must be 3–500
/// characters (Unicode code points, as the server counts). Never throws:
/// any other value answers with a typed error.
///
/// @example
/// ```ts
/// validateQuery("  how much?  "); // { success: true, query: "how much?" }
/// validateQuery("hi");           // { success: false, code: "query_too_short", error: "…" }
/// validateQuery(42);             // { success: false, code: "invalid_type", error: "…" }
/// ```
#[cfg(feature = "core")]
#[wasm_bindgen(js_name = validateQuery, unchecked_return_type = "QueryValidation")]
pub fn validate_query(#[wasm_bindgen(unchecked_param_type = "unknown")] query: JsValue) -> JsValue {
    let value = from_js(&query);
    let field = match &value {
        crate::json::Json::Null => Field::Missing,
        crate::json::Json::String(s) => Field::Value(s.as_str()),
        other => Field::WrongType(crate::input::type_name(other)),
    };
    // `Field::WrongType("number")` also covers NaN/±Infinity (the marker).
    match core_validate_query(field, "query") {
        Ok(query) => {
            // Keys in serde_json's (sorted) order, as before.
            let mut out = String::new();
            crate::json_write::Obj::new(&mut out)
                .str("query", &query)
                .bool("success", true)
                .end();
            convert::json_to_js(&out)
        }
        Err(e) => to_js(&e),
    }
}
