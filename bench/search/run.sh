#!/usr/bin/env bash
# Search benchmark (issue 4): builds the release-lto binary and the benchmark's npm packages if needed,
# runs both engines in headless Chromium, and prints the tables for RESULTS.md.
#   bench/search/run.sh [--no-scale] [--scale N] [--scale-quality]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/../.."
cargo build --profile release-lto --quiet
export TALKARCHIVE_BIN="$PWD/target/release-lto/talkarchive"
if [[ ! -x "$here/node_modules/.bin/pagefind" || ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/opencc-js" ]]; then
  # npm ci rejects the lock over pagefind's optional per-platform packages; install keeps the lock.
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error)
fi
node "$here/run.mjs" --out "$here/results.json" "$@"
node "$here/report.mjs" "$here/results.json" > "$here/results.md"
echo "tables: $here/results.md" >&2
