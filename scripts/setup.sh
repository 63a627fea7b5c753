#!/usr/bin/env bash
# Installs everything the build and the tests need, idempotently, on a fresh
# machine of this kind: the wasm32 target, wasm-bindgen-cli at exactly the
# version pinned in Cargo.toml, wasm-pack, geckodriver, Chromium, ChromeDriver
# and Firefox from Debian, and the npm packages (wasm-opt from `binaryen`,
# the www app). Safe to run again: each step checks before it installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# The exact wasm-bindgen version from Cargo.toml (`wasm-bindgen = "=X.Y.Z"`).
WB_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
[ -n "$WB_VERSION" ] || { echo "setup: cannot read the wasm-bindgen pin from Cargo.toml" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release build of the package uses nightly (see scripts/build.sh): it
# rebuilds std for size with panics as immediate aborts, -20 KB gzipped.
if ! rustup toolchain list | grep -q '^nightly'; then
  log "installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal || log "no nightly: the release wasm will be built with stable (larger)"
fi
if rustup toolchain list | grep -q '^nightly'; then
  rustup +nightly component list --installed 2>/dev/null | grep -q '^rust-src' || { log "adding rust-src to nightly"; rustup component add rust-src --toolchain nightly; }
  rustup +nightly target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown || { log "adding wasm32 to nightly"; rustup target add wasm32-unknown-unknown --toolchain nightly; }
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "installing wasm-bindgen-cli $WB_VERSION (about 2 minutes)"
  # no --locked: it fails to resolve on these machines
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v wasm-pack >/dev/null 2>&1; then
  log "installing wasm-pack (about 2 minutes)"
  cargo install wasm-pack --locked
fi

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
command -v firefox >/dev/null 2>&1 || command -v firefox-esr >/dev/null 2>&1 || need_apt+=(firefox-esr)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]} from Debian"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v geckodriver >/dev/null 2>&1; then
  log "installing geckodriver (about 2 minutes)"
  cargo install geckodriver --locked || log "geckodriver failed to install: Firefox tests will be skipped"
fi

# npm packages: wasm-opt (binaryen) for the size pass, and the www app.
if [ ! -x scripts/node_modules/.bin/wasm-opt ] || [ scripts/package-lock.json -nt scripts/node_modules/.package-lock.json ]; then
  log "npm ci in scripts/ (binaryen)"
  npm ci --prefix scripts --no-audit --no-fund --loglevel=error
fi
log "ready: $(wasm-bindgen --version), $(wasm-pack --version), $(chromium --version 2>/dev/null | head -n1)"
