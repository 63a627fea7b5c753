// The OpenTelemetry JS metrics SDK with its OTLP/HTTP (JSON) exporter, as a
// browser app would set it up to send the same counts: one Counter per event
// name, the props as attributes, delta temporality, a periodic export.
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { OTLPMetricExporter, AggregationTemporalityPreference } from "@opentelemetry/exporter-metrics-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";

export function createOtel(url, exportIntervalMillis) {
  const exporter = new OTLPMetricExporter({ url, temporalityPreference: AggregationTemporalityPreference.DELTA });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis });
  const provider = new MeterProvider({ resource: resourceFromAttributes({ "service.name": "levqor-web" }), readers: [reader] });
  const meter = provider.getMeter("levqor-bench");
  const counters = new Map();
  return {
    track(event, props) {
      let c = counters.get(event);
      if (!c) counters.set(event, (c = meter.createCounter(`levqor.${event}`, { unit: "{event}" })));
      c.add(1, props);
    },
    flush: () => provider.forceFlush(),
  };
}
