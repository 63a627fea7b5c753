#!/usr/bin/env bash
# The bench command: builds the release package, runs the native benchmarks
# (`cargo bench`), then the browser benchmark against the npm peers in
# headless Chromium, and writes BENCHMARKS.md and benches/results.json.
# Not part of the test command (it takes ~15-20 minutes on a 2-core machine,
# most of it posthog-js capturing a million events, and its figures depend on
# the machine). Installs what it needs, like scripts/setup.sh; the peers
# are dev dependencies of benches/browser only.
#   scripts/bench.sh [--events N] [--loads N]   (defaults 1000000 and 20)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '\033[1m[bench]\033[0m %s\n' "$*"; }
started=$(date +%s)

bash scripts/setup.sh
log "npm ci in benches/browser (the peers, esbuild, playwright-core)"
npm ci --prefix benches/browser --no-audit --no-fund --loglevel=error

log "release build of the package"
bash scripts/build.sh

mkdir -p target/bench
native=target/bench/native.txt
: > "$native"
for b in assistant workflow_debug exit_intent bridge telemetry; do
  log "native: cargo bench --bench $b"
  { echo "== $b"; cargo bench --quiet --bench "$b" 2>/dev/null; } | tee -a "$native"
done

log "browser: levqor-wasm against the peers in headless Chromium"
node benches/browser/run.mjs --native "$native" "$@"
log "done in $(( $(date +%s) - started )) s: BENCHMARKS.md, benches/results.json"
