//! Browser tests of `new Telemetry({ format: "otlp" })`: the transport gets
//! OTLP/HTTP JSON with the configured `service.name`, a retried batch keeps
//! its `levqor.batch_id`, every body stays under `maxBodyBytes`, and without
//! the option the body is still the Levqor document.
#![cfg(target_arch = "wasm32")]

use levqor_wasm::web::telemetry::{TelemetryOptionsJs, WebTelemetry};
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

#[path = "support/js.rs"]
mod js_support;
use js_support::{at, js};

wasm_bindgen_test_configure!(run_in_browser);

/// Options (`extra` is spliced in) whose transport records every request in
/// `globalThis[log]` and answers `globalThis[log + 'Status']`.
fn opts(key: &str, log: &str, extra: &str) -> TelemetryOptionsJs {
    js(&format!(
        "(globalThis['{log}'] = [], globalThis['{log}Status'] = 200, localStorage.removeItem('{key}'), \
         {{ storageKey: '{key}', flushIntervalMs: 3600000, {extra} \
         transport: (r) => {{ globalThis['{log}'].push(r); return {{ status: globalThis['{log}Status'] }}; }} }})"
    ))
    .unchecked_into()
}

fn bodies(log: &str) -> Vec<String> {
    let a: js_sys::Array = js(&format!("globalThis['{log}']")).into();
    a.iter()
        .map(|r| at(&r, "body").as_string().unwrap_or_default())
        .collect()
}

/// The resource attribute `key` of an OTLP body.
fn resource_attr(body: &str, key: &str) -> Option<String> {
    let v = js_sys::JSON::parse(body).ok()?;
    let rm: js_sys::Array = at(&v, "resourceMetrics").into();
    let attrs: js_sys::Array = at(&at(&rm.get(0), "resource"), "attributes").into();
    attrs
        .iter()
        .find(|a| at(a, "key").as_string().as_deref() == Some(key))
        .and_then(|a| at(&at(&a, "value"), "stringValue").as_string())
}

async fn flush(t: &WebTelemetry) -> JsValue {
    JsFuture::from(t.flush()).await.expect("flush resolves")
}

#[wasm_bindgen_test]
async fn otlp_bodies_name_the_service_and_keep_the_batch_id_on_retry() {
    let t = WebTelemetry::new(Some(opts(
        "t-otlp",
        "otlp1",
        "format: 'otlp', serviceName: 'levqor-site',",
    )));
    t.track(
        js("'ai_request'"),
        js("({ endpoint: 'chat', source: 'fallback', page: '/pricing' })"),
    );
    js("globalThis['otlp1Status'] = 503");
    assert_eq!(at(&flush(&t).await, "delivered").as_f64(), Some(0.0));
    js("globalThis['otlp1Status'] = 200");
    assert_eq!(at(&flush(&t).await, "delivered").as_f64(), Some(1.0));
    let sent = bodies("otlp1");
    assert_eq!(sent.len(), 2);
    for b in &sent {
        assert!(b.contains("\"levqor.ai_request\""), "{b}");
        assert_eq!(
            resource_attr(b, "service.name").as_deref(),
            Some("levqor-site")
        );
        assert_eq!(
            resource_attr(b, "telemetry.sdk.name").as_deref(),
            Some("levqor-wasm")
        );
    }
    let id = resource_attr(&sent[0], "levqor.batch_id");
    assert!(id.as_ref().is_some_and(|i| i.len() == 32), "{id:?}");
    assert_eq!(
        resource_attr(&sent[1], "levqor.batch_id"),
        id,
        "a retry keeps its id"
    );
    t.destroy();
}

#[wasm_bindgen_test]
async fn otlp_bodies_stay_under_max_body_bytes() {
    let t = WebTelemetry::new(Some(opts(
        "t-otlp-size",
        "otlp2",
        "format: 'otlp', maxBodyBytes: 2048,",
    )));
    let pages = [
        "/pricing",
        "/",
        "/help",
        "/workflows",
        "/debug",
        "/onboarding",
    ];
    for (i, page) in pages.iter().enumerate() {
        for step in ["profile_setup", "first_workflow", "invite_team"] {
            t.track(
                js("'onboarding_step'"),
                js(&format!("({{ step: '{step}', action: 'shown' }})")),
            );
            t.track(
                js("'exit_intent_shown'"),
                js(&format!("({{ reason: 'pointer_exit', page: '{page}' }})")),
            );
            t.track(
                js("'api_call'"),
                js(&format!(
                    "({{ endpoint: 'chat', source: 'server', outcome: 'ok', latency: {} }})",
                    100 * (i + 1)
                )),
            );
        }
    }
    flush(&t).await;
    let sent = bodies("otlp2");
    assert!(sent.len() > 1, "split into several batches");
    for b in &sent {
        assert!(b.len() <= 2048, "{} bytes", b.len());
        assert_eq!(
            resource_attr(b, "service.name").as_deref(),
            Some("levqor-web")
        );
    }
    t.destroy();
}

#[wasm_bindgen_test]
async fn without_the_option_the_body_is_the_levqor_batch() {
    let t = WebTelemetry::new(Some(opts("t-otlp-none", "otlp3", "format: 'zipkin',")));
    t.track(js("'feedback'"), js("({ rating: 'up' })"));
    flush(&t).await;
    let sent = bodies("otlp3");
    assert_eq!(sent.len(), 1);
    let v = js_sys::JSON::parse(&sent[0]).expect("JSON");
    assert_eq!(at(&v, "v").as_f64(), Some(1.0));
    assert!(at(&v, "resourceMetrics").is_undefined());
    t.destroy();
}
