#!/usr/bin/env bash
# Prints the path of a python that has the official OTLP protobuf definitions
# (PyPI `opentelemetry-proto`, `protobuf`), creating target/otlp-venv once.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$PWD/target/otlp-venv
if ! "$venv/bin/python" -c 'import opentelemetry.proto.collector.metrics.v1.metrics_service_pb2' 2>/dev/null; then
  rm -rf "$venv"
  # Debian's python3 needs python3-venv for this (a fresh machine may lack it).
  python3 -m venv "$venv" >&2 2>/dev/null || {
    rm -rf "$venv"
    apt-get install -y -qq python3-venv >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
    python3 -m venv "$venv" >&2
  }
  "$venv/bin/pip" install --quiet --disable-pip-version-check opentelemetry-proto protobuf >&2
fi
echo "$venv/bin/python"
