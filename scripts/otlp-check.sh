#!/usr/bin/env bash
# The OTLP wire format against the official protobuf definitions: the native
# test writes every OTLP document it produces to target/otlp-samples/, and
# scripts/otlp-check.py parses each into ExportMetricsServiceRequest
# (unknown fields rejected).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
py=$(bash scripts/otlp-venv.sh)
rm -rf target/otlp-samples
log=$(cargo test --release --quiet --test telemetry_otlp 2>&1) || { printf '%s\n' "$log"; exit 1; }
"$py" scripts/otlp-check.py target/otlp-samples
