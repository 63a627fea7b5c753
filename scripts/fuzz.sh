#!/usr/bin/env bash
# Runs every cargo-fuzz target for a set time (default 60 s each) on the
# nightly toolchain and prints executions and findings per target.
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Crashes land in fuzz/artifacts/<target>/; turn each into a regression test.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
secs=${1:-60}; shift || true
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
status=0
for t in "${targets[@]}"; do
  log=target/fuzz-$t.log
  mkdir -p target
  cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -rss_limit_mb=2048 > "$log" 2>&1
  rc=$?
  execs=$(grep -oE 'Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' | tail -1)
  [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  if [ $rc -eq 0 ]; then
    echo "fuzz $t: ${execs:-?} executions in ${secs}s, no findings"
  else
    echo "fuzz $t: FINDING after ${execs:-?} executions (exit $rc); see $log and fuzz/artifacts/$t/"
    status=1
  fi
done
exit $status
