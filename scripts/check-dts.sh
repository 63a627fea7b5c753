#!/usr/bin/env bash
# Type-checks the generated declarations under `tsc --strict` and refuses `any`
# on the public API. The `InitOutput` interface (raw wasm exports that
# wasm-bindgen generates for `initSync` callers) is not API and is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
# Both entry points: levqor-wasm (the core) and levqor-wasm/assistant.
tsc=www/node_modules/.bin/tsc
[ -x "$tsc" ] || { npm ci --prefix www --no-audit --no-fund --loglevel=error >/dev/null; }
for dts in pkg/levqor_wasm.d.ts pkg/levqor_wasm_assistant.d.ts; do
  test -f "$dts" || { echo "check-dts: $dts missing: run scripts/build.sh" >&2; exit 1; }
  "$tsc" --noEmit --strict --skipLibCheck false --lib esnext,dom --target es2022 --module esnext \
    --moduleResolution bundler "$dts"
  public=$(awk '/^export interface InitOutput/ {skip=1} skip && /^}/ {skip=0; next} !skip' "$dts")
  if printf '%s\n' "$public" | grep -nE '(:|<|\(|\||,)\s*any\b|\bany\[\]|\bany\s*[>,)|;]' ; then
    echo "check-dts: \`any\` on the public API of $dts (lines above)" >&2
    exit 1
  fi
  echo "check-dts: $dts: $(grep -c '^export' "$dts") exports, strict, no \`any\` on the public API"
done
