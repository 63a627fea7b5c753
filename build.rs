//! Build-time work: data files (knowledge base, catalogs, schemas) are read
//! and turned into Rust tables here, so start-up does not scale with them.
//! Each area keeps its generator in its own file and adds one call below.

#[path = "src/assistant/build_catalog.rs"]
mod assistant_catalog;
#[path = "src/assistant/build_debug.rs"]
mod assistant_debug;
#[path = "src/assistant/build_kb.rs"]
mod assistant_kb;
#[path = "src/assistant/build_packed.rs"]
mod build_packed;
#[path = "src/assistant/build_chat_model.rs"]
mod chat_model;
#[path = "src/telemetry/build_schema.rs"]
mod telemetry_schema;
#[path = "src/vocab/build_vocab.rs"]
mod vocab;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    vocab::generate();
    assistant_catalog::generate();
    assistant_kb::generate();
    assistant_debug::generate();
    chat_model::generate();
    telemetry_schema::generate();
}
