#!/usr/bin/env bash
# Builds the npm package into pkg/: wasm-pack (release, --target web), then
# wasm-opt -Oz from the npm `binaryen` package (wasm-pack's own wasm-opt step is
# off in Cargo.toml: it would download binaryen from GitHub).
#
# The release build uses the nightly toolchain to rebuild std for size:
# `-Cpanic=immediate-abort` (no panic formatting machinery; the crate never
# panics on input anyway, and release already aborts), `-Zlocation-detail=none`
# and `-Zfmt-debug=none` (no file paths or Debug impls in the binary). That is
# ~20 KB gzipped. Tests (cargo test, wasm-pack test) run on stable. Without a
# nightly that has rust-src, or with LEVQOR_STABLE_BUILD=1, it builds on stable.
# Usage: scripts/build.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/scripts/node_modules/.bin:$PATH"

profile=--release
[ "${1:-}" = "--dev" ] && profile=--dev

extra=()
if [ "$profile" = --release ] && [ -z "${LEVQOR_STABLE_BUILD:-}" ] \
  && rustup +nightly component list --installed 2>/dev/null | grep -q '^rust-src' \
  && rustup +nightly target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "build: release wasm with nightly build-std ($(rustc +nightly --version))"
  export RUSTUP_TOOLCHAIN=nightly
  # Its own target dir: different flags would otherwise rebuild the stable cache.
  export CARGO_TARGET_DIR=$PWD/target/size
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
  # With immediate aborts the panic hook could never run: leave it out.
  extra=(-Z build-std=std,panic_abort)
elif [ "$profile" = --release ]; then
  echo "build: release wasm on stable (no nightly with rust-src; larger)" >&2
fi

# Two wasm modules from this one crate (Cargo features): the core, loaded by
# every page, and the assistant, which the core's client fetches only when it
# must answer offline or the page preloads it. Each is built into its own
# directory, then both are laid side by side in pkg/.
build_one() { # FEATURE OUT_NAME DIR
  local feature=$1 name=$2 dir=$3
  # The panic hook only where panics can still be caught (not with immediate aborts).
  [ ${#extra[@]} -eq 0 ] && feature="$feature,console_error_panic_hook"
  rm -rf "$dir"
  wasm-pack build $profile --target web --out-dir "$dir" --out-name "$name" . \
    -- --no-default-features --features "$feature" "${extra[@]}" 2>&1 | grep -v '^\[INFO\]' || true
  test -f "$dir/${name}_bg.wasm" || { echo "build: wasm-pack produced no $dir/${name}_bg.wasm" >&2; exit 1; }
  if [ "$profile" = --release ]; then
    # The target_features section tells wasm-opt which post-MVP features rustc
    # used; once read, it and the producers section are dropped (no runtime
    # reads them). --converge repeats -Oz while it still shrinks.
    # --low-memory-unused: rustc puts the stack first (it grows down from
    # 1 MiB), so the lowest 1 KiB is never addressed and constant offsets
    # there fold. Then --flatten --rereloop rebuilds the control flow from the
    # flattened CFG and -Oz runs again: about 500 bytes gzipped off each module
    # (core 82,533 -> 82,021, assistant 142,049 -> 141,563 with gzip -9), for
    # ~15 s more build time.
    wasm-opt -Oz --converge --flatten --rereloop -Oz --converge \
      --low-memory-unused --detect-features --strip-producers \
      --strip-target-features "$dir/${name}_bg.wasm" -o "$dir/${name}_bg.wasm.opt"
    mv "$dir/${name}_bg.wasm.opt" "$dir/${name}_bg.wasm"
  fi
}
build_one core levqor_wasm "$PWD/target/pkg-core"
build_one assistant levqor_wasm_assistant "$PWD/target/pkg-assistant"

rm -rf pkg
mkdir -p pkg
for dir in target/pkg-core target/pkg-assistant; do
  cp "$dir"/*.js "$dir"/*.d.ts "$dir"/*_bg.wasm pkg/
  [ -d "$dir/snippets" ] && cp -r "$dir/snippets" pkg/
done
node scripts/package.mjs pkg
echo "build: pkg/ ready (core $(wc -c < pkg/levqor_wasm_bg.wasm) bytes, assistant $(wc -c < pkg/levqor_wasm_assistant_bg.wasm) bytes of wasm)"
