#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release, --target web), then
# wasm-opt -Oz from the npm `binaryen` package (wasm-pack's own wasm-opt step is
# off in Cargo.toml: it would download binaryen from GitHub).
# Usage: scripts/build.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/scripts/node_modules/.bin:$PATH"

profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev

wasm-pack build $profile --target web --out-dir pkg --out-name levqor_wasm 2>&1 | grep -v '^\[INFO\]' || true
test -f pkg/levqor_wasm_bg.wasm || { echo "build: wasm-pack produced no pkg/levqor_wasm_bg.wasm" >&2; exit 1; }

if [ "$profile" = --release ]; then
  # The target_features section tells wasm-opt which post-MVP features rustc used.
  wasm-opt -Oz --detect-features pkg/levqor_wasm_bg.wasm -o pkg/levqor_wasm_bg.wasm.opt
  mv pkg/levqor_wasm_bg.wasm.opt pkg/levqor_wasm_bg.wasm
fi
echo "build: pkg/ ready ($(wc -c < pkg/levqor_wasm_bg.wasm) bytes of wasm)"
