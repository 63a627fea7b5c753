#!/usr/bin/env bash
# Checks that www/ also builds with the current Next.js release (the site runs
# Next 14; this catches what an upgrade would break). Copies www/ to
# target/www-next-latest, installs next@latest with its React, builds there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
dest=target/www-next-latest
rm -rf "$dest" && mkdir -p "$dest"
tar -C www --exclude=node_modules --exclude=.next --exclude=test-results -cf - . | tar -C "$dest" -xf -
cd "$dest"
# file:../pkg must still point at the repo's pkg/ from the new place
node -e '
  const fs = require("fs"); const p = JSON.parse(fs.readFileSync("package.json"));
  p.dependencies["levqor-wasm"] = "file:" + process.argv[1] + "/pkg";
  fs.writeFileSync("package.json", JSON.stringify(p, null, 2));' "$ROOT"
rm -f package-lock.json
npm install --no-audit --no-fund --loglevel=error next@latest react@latest react-dom@latest \
  @types/react@latest @types/react-dom@latest >/dev/null
echo "next-latest: building with Next $(node -p 'require("next/package.json").version')"
LEVQOR_REPO_ROOT=$ROOT NEXT_TELEMETRY_DISABLED=1 npx next build 2>&1 | grep -v nodedir | tail -20
