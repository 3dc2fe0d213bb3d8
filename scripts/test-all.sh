#!/usr/bin/env bash
# Runs every test of talkarchive: formatting, lints, unit and integration tests (cargo), and the
# browser tests of the built site (headless Chromium from Debian, driven by playwright-core).
# Installs what it needs on a fresh Debian machine first (see scripts/setup.sh).
#
#   scripts/test-all.sh            everything
#   scripts/test-all.sh --rust     only the cargo part
#   scripts/test-all.sh --browser  only the browser part
set -euo pipefail
cd "$(dirname "$0")/.."

part="${1:-all}"
scripts/setup.sh "$part"

if [[ "$part" == all || "$part" == --rust ]]; then
  echo "== cargo fmt --check"
  cargo fmt --all -- --check
  echo "== cargo clippy"
  cargo clippy --all-targets --locked -- -D warnings
  echo "== cargo test"
  cargo test --locked --release
fi

if [[ "$part" == all || "$part" == --browser ]]; then
  echo "== browser tests (headless Chromium)"
  # `cargo test --release` above already built target/release/talkarchive; building again with
  # the binary's own feature set would recompile much of the dependency tree for nothing.
  if [[ "$part" == --browser || ! -x target/release/talkarchive ]]; then
    cargo build --release --locked
  fi
  (cd tests/browser && node --test --test-concurrency=1 ./*.test.mjs)
fi
