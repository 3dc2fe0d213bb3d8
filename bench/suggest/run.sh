#!/usr/bin/env bash
# Quality and speed of `talkarchive suggest aliases` (see bench/suggest/RESULTS.md).
#
#   bench/suggest/run.sh [--sizes 1,10,50]
#
# 1. Quality: bench/suggest/evaluate.py sets every alias of the shipped speakers and orgs aside in
#    a scratch copy of the site and compares the suggestions with them (recall, precision).
# 2. Speed: wall and CPU time of `suggest aliases --json` on the shipped archive and on synthetic
#    archives of N times its size (bench/synth/synth.py), best of three runs each.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1,10,50"
if [[ "${1:-}" == "--sizes" ]]; then sizes="$2"; fi
cargo build --release --quiet
bin=target/release/talkarchive
mkdir -p bench/work/suggest

echo "== quality"
python3 bench/suggest/evaluate.py --bin "$bin" --root . --work bench/work/suggest | tee bench/work/suggest/quality.json

echo "== speed (best of 3: wall s, user+sys s)"
for n in ${sizes//,/ }; do
  if [[ "$n" == 1 ]]; then
    site=.
  else
    site="bench/work/synth-$n"
    [[ -d "$site/content" ]] || python3 bench/synth/synth.py --factor "$n" --out "$site"
  fi
  chars=$(cat "$site"/content/talks/*/*.md | wc -m)
  best=""
  for _ in 1 2 3; do
    t=$( { /usr/bin/time -f "%e %U %S" "$bin" suggest aliases --root "$site" --json >/dev/null; } 2>&1 | tail -1)
    wall=${t%% *}
    if [[ -z "$best" ]] || awk "BEGIN{exit !($wall < ${best%% *})}"; then best="$t"; fi
  done
  read -r wall user sys <<<"$best"
  echo "${n}x  talk characters $chars  wall ${wall}s  cpu $(awk "BEGIN{print $user+$sys}")s"
done
