#!/usr/bin/env bash
# Installs what the build and the tests need on a fresh Debian machine, and nothing twice:
# Rust components (rustfmt, clippy), Debian's chromium (never a downloaded browser), CJK fonts for
# screenshots, a Java runtime for the W3C's HTML checker (vnu), and the browser tests' npm packages
# (playwright-core, axe-core, html-validate, vnu-jar).
#
#   scripts/setup.sh [all|--rust|--browser]
set -euo pipefail
cd "$(dirname "$0")/.."
part="${1:-all}"

if ! command -v cargo >/dev/null; then
  echo "cargo is missing: install Rust (https://rustup.rs) or Debian's cargo package" >&2
  exit 1
fi
if command -v rustup >/dev/null; then
  rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
fi

if [[ "$part" == all || "$part" == --browser ]]; then
  need=()
  command -v chromium >/dev/null || need+=(chromium)
  command -v node >/dev/null || need+=(nodejs npm)
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
  command -v java >/dev/null || need+=(default-jre-headless)
  if ((${#need[@]})); then
    sudo_cmd=""
    [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}"
  fi
  # npm ci again whenever package-lock.json changed since the last install (a copy of the lock
  # file it installed is kept in node_modules as the stamp).
  stamp=tests/browser/node_modules/.installed-package-lock.json
  if ! cmp -s tests/browser/package-lock.json "$stamp"; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/browser/package-lock.json "$stamp"
  fi
fi
