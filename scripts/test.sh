#!/usr/bin/env bash
# The test command: every layer, each step run even if an earlier one failed,
# ending with one "total: N passed, N failed" line and a non-zero exit on any
# failure. Test runners' own counts are summed; a check that is not a test
# runner (fmt, clippy, size budget, tsc, next build) counts as one.
#   scripts/test.sh            everything
#   SKIP_FIREFOX=1 scripts/test.sh   skip the Firefox browser tests (said in
#                                    the summary; without it, a missing
#                                    geckodriver or firefox fails that step)
# Each step runs in its own process group; SIGINT/SIGTERM (Ctrl-C, a CI time
# limit) stops the running step's group and the stub API's, so no server is
# left running (the e2e harness stops the servers it detached itself).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/scripts/node_modules/.bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export GECKODRIVER=${GECKODRIVER:-$HOME/.cargo/bin/geckodriver}
export NEXT_TELEMETRY_DISABLED=1
export CARGO_TERM_COLOR=never
LOGS=$ROOT/target/test-logs
mkdir -p "$LOGS"

bash scripts/setup.sh || { echo "setup failed"; echo "total: 0 passed, 1 failed"; exit 1; }

PASSED=0; FAILED=0; FAILED_STEPS=(); SKIPPED_STEPS=()
STUB_PID=""
STEP_PID_FILE=$LOGS/.step.pid
rm -f "$STEP_PID_FILE"

# Process groups this run started: the running step's and the stub's.
stop_groups() {
  local groups=()
  [ -s "$STEP_PID_FILE" ] && groups+=("$(cat "$STEP_PID_FILE")")
  [ -n "$STUB_PID" ] && groups+=("$STUB_PID")
  [ ${#groups[@]} -eq 0 ] && return
  for g in "${groups[@]}"; do kill -TERM -- -"$g" 2>/dev/null; done
  for _ in $(seq 50); do
    local alive=0
    for g in "${groups[@]}"; do kill -0 -- -"$g" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for g in "${groups[@]}"; do kill -KILL -- -"$g" 2>/dev/null; done
}
on_signal() {
  printf '\ninterrupted by %s: stopping the servers this run started\n' "$1"
  stop_groups
  echo "total: $PASSED passed, $((FAILED + 1)) failed (interrupted)"
  exit 130
}
trap 'on_signal SIGINT' INT
trap 'on_signal SIGTERM' TERM

# step NAME KIND CMD...  — KIND is cargo | node | check
step() {
  local name=$1 kind=$2; shift 2
  local log="$LOGS/$name.log" start=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  # setsid: the step leads its own process group (its pid is the group id),
  # so an interrupt can stop it with everything it started. The pipeline
  # runs in the background and is waited for: bash runs a trap only once a
  # foreground command ends, but interrupts `wait` at once.
  ( setsid "$@" 2>&1 & echo $! > "$STEP_PID_FILE"; wait $!; echo $? > "$LOGS/.step.rc" ) | tee "$log" &
  wait $!
  local rc p=0 f=0
  rc=$(cat "$LOGS/.step.rc" 2>/dev/null || echo 1)
  rm -f "$STEP_PID_FILE" "$LOGS/.step.rc"
  case $kind in
    cargo)
      p=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1/' | paste -sd+ - | bc 2>/dev/null || echo 0)
      f=$(grep -E '^test result:' "$log" | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\2/' | paste -sd+ - | bc 2>/dev/null || echo 0)
      ;;
    node)
      p=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
      f=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
      ;;
  esac
  p=${p:-0}; f=${f:-0}
  if [ "$kind" = check ]; then
    if [ "$rc" -eq 0 ]; then p=1; else f=1; fi
  elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1 # the runner failed without a count (build error, crash)
  fi
  if [ "$rc" -eq 0 ] && [ "$kind" != check ] && [ "$p" -eq 0 ]; then
    echo "!! $name ran no test"; f=$((f + 1))
  fi
  PASSED=$((PASSED + p)); FAILED=$((FAILED + f))
  [ "$f" -gt 0 ] && FAILED_STEPS+=("$name")
  printf '\033[1m<== %s: %s passed, %s failed (%ss)\033[0m\n' "$name" "$p" "$f" "$((SECONDS - start))"
}

command -v bc >/dev/null || { apt-get install -y -qq bc >/dev/null 2>&1 || true; }

step fmt check cargo fmt --all -- --check
step clippy-native check cargo clippy --all-targets -- -D warnings
step clippy-wasm32 check cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
step cargo-test cargo cargo test --release
step otlp-proto check bash scripts/otlp-check.sh

# Browser tests (tests/web*.rs) need the stub Levqor API for the bridge tests.
if [ -f tests/server/stub.mjs ]; then
  export LEVQOR_STUB_PORT=${LEVQOR_STUB_PORT:-8787}
  setsid node tests/server/stub.mjs --port "$LEVQOR_STUB_PORT" > "$LOGS/stub.log" 2>&1 &
  STUB_PID=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$LEVQOR_STUB_PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
fi
step wasm-chrome cargo wasm-pack test --headless --chrome
if [ -n "${SKIP_FIREFOX:-}" ]; then
  echo "==> wasm-firefox: skipped (SKIP_FIREFOX=1)"
  SKIPPED_STEPS+=("wasm-firefox (SKIP_FIREFOX=1)")
elif [ -x "$GECKODRIVER" ] && command -v firefox >/dev/null; then
  step wasm-firefox cargo wasm-pack test --headless --firefox
else
  step wasm-firefox check bash -c 'echo "geckodriver ($GECKODRIVER) or firefox is missing: install them, or set SKIP_FIREFOX=1 to skip this step"; exit 1'
fi
[ -n "$STUB_PID" ] && kill -- -"$STUB_PID" 2>/dev/null
STUB_PID=""

step build check bash scripts/build.sh
# Budgets (gzipped .wasm): core 80 KB, assistant 140 KB, each a little above
# what it measures. Both are above issue #20's targets (core 50 KB, assistant
# 120 KB): they stop growth while the size work goes on (README "Size" says
# what each module holds).
step size check node scripts/size.mjs --budget-core-kb 80 --budget-assistant-kb 140 --json target/size.json
step dts check bash scripts/check-dts.sh
step www-install check npm ci --prefix www --no-audit --no-fund --loglevel=error
step www-tsc check npm --prefix www run --silent typecheck
step www-build check npm --prefix www run --silent build
step www-e2e node npm --prefix www run --silent e2e
step consumer-apps check bash scripts/consumer-apps.sh
if [ -z "${SKIP_NEXT_LATEST:-}" ]; then
  step next-latest check bash scripts/next-latest.sh
fi

printf '\n'
[ ${#SKIPPED_STEPS[@]} -gt 0 ] && echo "skipped steps: ${SKIPPED_STEPS[*]}"
[ ${#FAILED_STEPS[@]} -gt 0 ] && echo "failed steps: ${FAILED_STEPS[*]}"
echo "total: $PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
