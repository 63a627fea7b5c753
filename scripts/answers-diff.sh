#!/usr/bin/env bash
# Dev tool for speed work: dumps every answer to the six corpora
# (tests/examples/answers.rs) from REF (default main) and from this work
# tree, and diffs them byte for byte. The REF tree is exported to
# ${BASE:-/tmp/answers-base} and built in its own target dir.
set -euo pipefail
ref=${1:-main}
base=${BASE:-/tmp/answers-base}
here=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$base/src" && mkdir -p "$base"
git -C "$here" archive "$ref" | tar -x -C "$base"
cp "$here/tests/examples/answers.rs" "$base/tests/examples/answers.rs"
grep -q 'name = "answers"' "$base/Cargo.toml" ||
  printf '\n[[example]]\nname = "answers"\npath = "tests/examples/answers.rs"\n' >>"$base/Cargo.toml"
(cd "$base" && cargo run -q --release --example answers) >"$base/answers.ref.txt"
(cd "$here" && cargo run -q --release --example answers) >"$base/answers.new.txt"
wc -l "$base/answers.ref.txt" | sed 's/^/answers: /'
cmp "$base/answers.ref.txt" "$base/answers.new.txt" && echo "identical"
