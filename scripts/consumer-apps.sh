#!/usr/bin/env bash
# The package as its users get it: `npm pack`s pkg/, checks the tarball
# (scripts/consumer-apps/files.mjs: metadata, exactly the imported files), and
# installs the tarball (extracted into node_modules, not linked) into fresh
# apps generated under target/consumer-apps/:
#   next14      Next.js 14 (webpack), no tsconfig.json: the one Next writes
#               ("strict": false) is kept, and the README example compiles there
#   next-latest the current Next.js, App Router, Turbopack
#   vite        Vite + React, tsc --strict before the build
# Each is built (timed), served, and checked in headless Chromium
# (scripts/consumer-apps/check.mjs): both entry points answer a chat question
# with the API unreachable, and OTLP telemetry reaches a local receiver that
# parses it with the official protobuf definitions (scripts/otlp-check.py).
# Needs: pkg/ (scripts/build.sh), node/npm, python3, /usr/bin/chromium, the
# npm registry. Usage: scripts/consumer-apps.sh [APP...]
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/consumer-apps
HERE=$ROOT/scripts/consumer-apps
export NEXT_TELEMETRY_DISABLED=1
apps=("$@")
[ ${#apps[@]} -eq 0 ] && apps=(next14 next-latest vite)

test -f pkg/package.json || { echo "consumer-apps: no pkg/package.json: run scripts/build.sh" >&2; exit 1; }
[ -d www/node_modules/playwright-core ] || npm ci --prefix www --no-audit --no-fund --loglevel=error >/dev/null
py=$(bash scripts/otlp-venv.sh)
version=$(node -p 'require("./pkg/package.json").version')

rm -rf "$OUT" && mkdir -p "$OUT"
# npm pack runs from a folder of its own so the tarball lands there.
tgz=$OUT/$(cd "$OUT" && npm pack "$ROOT/pkg" --silent --loglevel=error | tail -1)
node "$HERE/files.mjs" "$tgz"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -- -"$p" 2>/dev/null || true; done; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() { # URL LOG
  for _ in $(seq 300); do curl -fs -o /dev/null "$1" && return 0; sleep 0.2; done
  echo "consumer-apps: $1 did not come up" >&2; tail -30 "$2" >&2; return 1
}
npm_i() { npm install --no-audit --no-fund --loglevel=error "$@" >/dev/null; }

make_next() { # DIR NEXT_VERSION REACT_VERSION TYPES_VERSION
  mkdir -p "$1/app"
  echo '{ "name": "consumer-app", "private": true }' > "$1/package.json"
  cp "$HERE/probe.tsx" "$1/app/probe.tsx"
  cat > "$1/app/layout.tsx" <<'EOF'
import type { ReactNode } from "react";
export const metadata = { title: "levqor-wasm consumer" };
export default function RootLayout({ children }: { children: ReactNode }) {
  return (<html lang="en"><body>{children}</body></html>);
}
EOF
  cat > "$1/app/page.tsx" <<'EOF'
import Probe from "./probe";
export default function Page() { return <Probe />; }
EOF
  (cd "$1" && npm_i "next@$2" "react@$3" "react-dom@$3" typescript@5 "@types/react@$4" "@types/react-dom@$4" @types/node@20 "$tgz")
}

make_vite() { # DIR
  mkdir -p "$1/src"
  cat > "$1/package.json" <<'EOF'
{ "name": "consumer-app", "private": true, "type": "module" }
EOF
  cp "$HERE/probe.tsx" "$1/src/probe.tsx"
  cat > "$1/index.html" <<'EOF'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>levqor-wasm consumer</title></head>
<body><div id="root"></div><script type="module" src="/src/main.tsx"></script></body></html>
EOF
  cat > "$1/src/main.tsx" <<'EOF'
import { createRoot } from "react-dom/client";
import Probe from "./probe";
createRoot(document.getElementById("root")!).render(<Probe />);
EOF
  cat > "$1/vite.config.js" <<'EOF'
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
export default defineConfig({ plugins: [react()] });
EOF
  cat > "$1/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2022", "lib": ["ES2022", "DOM", "DOM.Iterable"], "module": "ESNext",
    "moduleResolution": "bundler", "jsx": "react-jsx", "strict": true, "noEmit": true,
    "skipLibCheck": false, "isolatedModules": true, "types": []
  },
  "include": ["src"]
}
EOF
  (cd "$1" && npm_i vite@8 @vitejs/plugin-react@6 react@19 react-dom@19 typescript @types/react@19 @types/react-dom@19 "$tgz")
}

summary=()
for app in "${apps[@]}"; do
  dir=$OUT/$app
  echo "consumer-apps: $app: generating and installing the tarball"
  case $app in
    next14) make_next "$dir" 14.2.35 18.3.1 18 ;;
    next-latest) make_next "$dir" latest latest latest ;;
    vite) make_vite "$dir" ;;
    *) echo "consumer-apps: unknown app $app" >&2; exit 2 ;;
  esac
  # Installed from the tarball: a real folder holding the tarball's files.
  test -d "$dir/node_modules/levqor-wasm" && ! test -L "$dir/node_modules/levqor-wasm"
  cmp -s "$ROOT/pkg/levqor_wasm_bg.wasm" "$dir/node_modules/levqor-wasm/levqor_wasm_bg.wasm"

  port=$(free_port)
  start=$(date +%s%N)
  case $app in
    next14 | next-latest)
      (cd "$dir" && npx next build > build.log 2>&1) || { tail -40 "$dir/build.log"; exit 1; }
      ;;
    vite)
      (cd "$dir" && npx tsc -p . > build.log 2>&1 && npx vite build >> build.log 2>&1) || { tail -40 "$dir/build.log"; exit 1; }
      ;;
  esac
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  secs=$((ms / 1000)).$(( (ms % 1000) / 100 ))
  tool=$(cd "$dir" && case $app in vite) echo "vite $(node -p 'require("vite/package.json").version')" ;; *) echo "next $(node -p 'require("next/package.json").version')" ;; esac)
  if [ "$app" = next14 ]; then
    # The tsconfig.json Next wrote for a project that had none: not strict.
    node -e 'const c = require(process.argv[1]); if (c.compilerOptions.strict !== false) { console.error("consumer-apps: next14 tsconfig.json is not the non-strict one Next writes"); process.exit(1); }' "$dir/tsconfig.json"
  fi
  if [ "$app" = next-latest ] && ! grep -qi turbopack "$dir/build.log"; then
    echo "consumer-apps: next-latest did not build with Turbopack" >&2; tail -20 "$dir/build.log"; exit 1
  fi
  echo "consumer-apps: $app: built with $tool in $secs s"

  case $app in
    next14 | next-latest) (cd "$dir" && exec setsid npx next start -H 127.0.0.1 -p "$port" > serve.log 2>&1) & ;;
    vite) (cd "$dir" && exec setsid npx vite preview --host 127.0.0.1 --port "$port" --strictPort > serve.log 2>&1) & ;;
  esac
  PIDS+=($!)
  wait_http "http://127.0.0.1:$port/" "$dir/serve.log"

  oport=$(free_port)
  mkdir -p "$dir/otlp"
  setsid "$py" "$ROOT/scripts/otlp-check.py" --serve "$oport" "$dir/otlp" > "$dir/otlp.log" 2>&1 &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$oport/health" "$dir/otlp.log"

  node "$HERE/check.mjs" --name "$app" --url "http://127.0.0.1:$port" --version "$version" \
    --otlp "http://127.0.0.1:$oport/v1/metrics" --otlp-dir "$dir/otlp"
  cleanup; PIDS=()
  summary+=("$app ($tool) $secs s")
done
echo "consumer-apps: $(basename "$tgz") $(( $(stat -c %s "$tgz") / 1024 )) KB; built and answered: $(printf '%s; ' "${summary[@]}" | sed 's/; $//')"
