#!/usr/bin/env python3
"""Parses OTLP/HTTP JSON metrics requests with the official protobuf
definitions (PyPI `opentelemetry-proto`) and checks what OTLP requires of
them beyond the schema.

  scripts/otlp-check.py FILE_OR_DIR...     check the documents, exit 1 on any failure
  scripts/otlp-check.py --serve PORT DIR   an OTLP/HTTP receiver: POST /v1/metrics
                                           bodies are parsed and checked, then saved
                                           in DIR (400 with the reason if not valid)

`json_format.Parse` rejects unknown fields (ignore_unknown_fields=False), so
a misspelt field fails here, not silently at a collector.
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from google.protobuf import json_format
from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import (
    ExportMetricsServiceRequest,
)
from opentelemetry.proto.metrics.v1.metrics_pb2 import AggregationTemporality

DELTA = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA


def check(text):
    """Returns (request, points) or raises ValueError with what is wrong."""
    req = ExportMetricsServiceRequest()
    try:
        json_format.Parse(text, req, ignore_unknown_fields=False)
    except json_format.ParseError as e:
        raise ValueError(f"not an ExportMetricsServiceRequest: {e}") from e
    if len(req.resource_metrics) != 1:
        raise ValueError("expected one ResourceMetrics per batch")
    rm = req.resource_metrics[0]
    res = {a.key: a.value.string_value for a in rm.resource.attributes}
    for key in ("service.name", "telemetry.sdk.name", "telemetry.sdk.version", "levqor.batch_id"):
        if not res.get(key):
            raise ValueError(f"resource lacks {key}")
    if res["telemetry.sdk.name"] != "levqor-wasm":
        raise ValueError("telemetry.sdk.name is not levqor-wasm")
    points = 0
    for sm in rm.scope_metrics:
        for m in sm.metrics:
            kind = m.WhichOneof("data")
            if kind == "sum":
                if m.sum.aggregation_temporality != DELTA or not m.sum.is_monotonic:
                    raise ValueError(f"{m.name}: not a delta monotonic sum")
                for p in m.sum.data_points:
                    if p.WhichOneof("value") != "as_int" or p.as_int < 0:
                        raise ValueError(f"{m.name}: a point without a non-negative asInt")
                    if not p.start_time_unix_nano < p.time_unix_nano:
                        raise ValueError(f"{m.name}: start not before end")
                    points += 1
            elif kind == "histogram":
                if m.histogram.aggregation_temporality != DELTA:
                    raise ValueError(f"{m.name}: not a delta histogram")
                for p in m.histogram.data_points:
                    if len(p.bucket_counts) != len(p.explicit_bounds) + 1:
                        raise ValueError(f"{m.name}: bucketCounts must be explicitBounds + 1")
                    if list(p.explicit_bounds) != sorted(set(p.explicit_bounds)):
                        raise ValueError(f"{m.name}: bounds not strictly increasing")
                    if sum(p.bucket_counts) != p.count:
                        raise ValueError(f"{m.name}: count is not the sum of the buckets")
                    points += 1
            else:
                raise ValueError(f"{m.name}: unexpected data {kind}")
    return req, points


def files(args):
    for a in args:
        if os.path.isdir(a):
            for n in sorted(os.listdir(a)):
                if n.endswith(".json"):
                    yield os.path.join(a, n)
        else:
            yield a


def main_check(args):
    failed = checked = 0
    for f in files(args):
        checked += 1
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        try:
            _, points = check(text)
            print(f"ok   {f}: {points} data points, {len(text)} bytes")
        except ValueError as e:
            failed += 1
            print(f"FAIL {f}: {e}")
    if checked == 0:
        print("otlp-check: no documents given (run `cargo test --test telemetry_otlp` first)")
        return 1
    print(f"otlp-check: {checked - failed}/{checked} documents parse as ExportMetricsServiceRequest")
    return 1 if failed else 0


def main_serve(port, out):
    os.makedirs(out, exist_ok=True)
    seq = [0]

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def cors(self):
            self.send_header("access-control-allow-origin", self.headers.get("origin") or "*")
            self.send_header("access-control-allow-methods", "POST, OPTIONS")
            self.send_header("access-control-allow-headers", "content-type")

        def do_OPTIONS(self):
            self.send_response(204)
            self.cors()
            self.end_headers()

        def do_GET(self):
            self.send_response(200 if self.path == "/health" else 404)
            self.cors()
            self.end_headers()

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            ok, reason = self.path == "/v1/metrics", "not /v1/metrics"
            if ok:
                try:
                    check(body.decode("utf-8"))
                except (ValueError, UnicodeDecodeError) as e:
                    ok, reason = False, str(e)
            seq[0] += 1
            name = f"{seq[0]:04d}-{'ok' if ok else 'bad'}.json"
            with open(os.path.join(out, name), "wb") as fh:
                fh.write(body)
            self.send_response(200 if ok else 400)
            self.cors()
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(b"{}" if ok else json.dumps({"error": reason}).encode())

    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"otlp receiver on http://127.0.0.1:{srv.server_address[1]}/v1/metrics", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--serve":
        main_serve(int(sys.argv[2]), sys.argv[3])
    else:
        sys.exit(main_check(sys.argv[1:]))
