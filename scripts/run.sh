#!/usr/bin/env bash
# The main job: set up (idempotent), build the package, build www/ for
# production and serve it on http://127.0.0.1:${PORT:-3000}. No backend is
# needed: every component answers from the embedded wasm fallback. Set
# NEXT_PUBLIC_LEVQOR_API to a Levqor API origin to try the server first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/scripts/node_modules/.bin:$PATH"
export NEXT_TELEMETRY_DISABLED=1
bash scripts/setup.sh
bash scripts/build.sh
npm ci --prefix www --no-audit --no-fund --loglevel=error
npm --prefix www run --silent build
PORT=${PORT:-3000}
echo "run: serving http://127.0.0.1:$PORT (Ctrl-C stops it)"
cd www && exec node node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$PORT"
