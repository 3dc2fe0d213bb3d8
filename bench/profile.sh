#!/usr/bin/env bash
# Where talkarchive build spends its time: samples one build with perf (cpu-clock, DWARF call
# graphs, with the `profiling` profile's binary: release's code plus debug line info, which release
# itself does not ship) and summarises it with profile_summary.py.
#
#   bench/profile.sh SITE_DIR [REPORT_FILE]      e.g. bench/profile.sh bench/work/synth-50
set -euo pipefail
cd "$(dirname "$0")/.."
site="${1:?usage: bench/profile.sh SITE_DIR [REPORT_FILE]}"
report="${2:-/dev/stdout}"
if ! command -v perf >/dev/null; then
  echo "perf is missing (Debian: apt-get install linux-perf); no profile" >&2
  exit 0
fi
cargo build --profile profiling --quiet
bin=target/profiling/talkarchive
data="bench/work/perf-$(basename "$site").data"
out="bench/work/profile-out-$(basename "$site")"
rm -rf "$out"
# About 2,000 samples whatever the size: a lower rate for bigger sites keeps the data file small.
pages=$(find "$site/content" -name '*.md' | wc -l)
freq=$((400000 / (pages + 1)))
((freq > 997)) && freq=997
((freq < 25)) && freq=25
echo "== perf record at ${freq} Hz: $bin build --root $site (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
perf record -q -e cpu-clock -F "$freq" --call-graph dwarf,8192 -o "$data" \
  "$bin" build --root "$site" --output "$out" --quiet 2>/dev/null
python3 bench/profile_summary.py "$data" "$site" >"$report"
rm -f "$data"
