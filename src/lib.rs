//! levqor-wasm: the client-side module of the Levqor site.
//!
//! Everything that decides something lives in plain Rust modules with no
//! wasm-bindgen (tested natively with `cargo test`); the browser boundary is
//! [`web`], compiled only for `wasm32`.
//!
//! | module | owns |
//! | --- | --- |
//! | [`digits`] | integers as text without `core::fmt` (smaller wasm) |
//! | [`json`] | the crate's JSON value ([`json::Json`], smaller wasm than `serde_json::Value`) and reading JSON text into it (smaller wasm than serde_json's parser) |
//! | [`json_write`] | writing JSON text by hand, as serde_json does (smaller wasm than serde's serialiser) |
//! | [`input`] | reading loosely-typed request objects ([`json::Json`]) without panicking |
//! | [`assistant`] | the offline assistant: validation, chat, onboarding, workflow, debug |
//! | [`roi`] | the ROI calculator |
//! | [`exit_intent`] | the exit-intent state machine |
//! | [`heap`] | the wasm modules' allocator: power-of-two classes with free lists (smaller wasm than dlmalloc) |
//! | [`telemetry`] | privacy-safe event schema, aggregation, batching, delivery policy |
//! | [`bridge`] | server-or-fallback policy: circuit breaker, response validation |
//! | [`small_map`] | a small ordered map on a sorted `Vec` (smaller wasm than `BTreeMap`) |
//! | [`substr`] | substring search and replace by a plain scan (smaller wasm than core's searcher) |
//! | [`sort`] | one stable sort shared by every caller (smaller wasm) |
//! | [`platform`] | side-effect traits (clock, storage, randomness) and in-memory fakes |
//! | [`vocab`] | the closed vocabularies, generated from `src/vocab/vocab.txt` |

pub mod assistant;
pub mod bridge;
pub mod digits;
pub mod exit_intent;
pub mod heap;
pub mod input;
pub mod json;
pub mod json_write;
pub mod platform;
pub mod roi;
pub mod small_map;
pub mod sort;
pub mod substr;
pub mod telemetry;
pub mod text;
pub mod vocab;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static HEAP: heap::WasmHeap = heap::WasmHeap::new();

/// The module version, reported as `meta.engine` in every assistant answer.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `meta.engine` value: crate name and version, e.g. `levqor-wasm/0.1.0`.
pub const ENGINE: &str = concat!("levqor-wasm/", env!("CARGO_PKG_VERSION"));
