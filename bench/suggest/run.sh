#!/usr/bin/env bash
# Quality and speed of `talkarchive suggest aliases` (see bench/suggest/RESULTS.md).
#
#   bench/suggest/run.sh [--sizes 1,10,50] [--same-names]
#
# 1. Quality: bench/suggest/evaluate.py sets every alias of the shipped speakers and orgs aside in
#    a scratch copy of the site and compares the suggestions with them (recall, precision).
# 2. Speed: wall and CPU time of `suggest aliases --json` on the shipped archive and on synthetic
#    archives of N times its size (bench/synth/synth.py), the best of RUNS (3) runs each by CPU
#    time (the machine may be shared: CPU time is the figure to compare), per MiB of talk files.
#    --same-names: the synthetic archives add talks that name the shipped speakers and orgs (text
#    grows, names do not: synth.py --same-names); without it every copy has names of its own.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="1,10,50"
same=""
while (($#)); do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --same-names) same="--same-names"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
cargo build --release --quiet
bin=target/release/talkarchive
mkdir -p bench/work/suggest

echo "== quality"
python3 bench/suggest/evaluate.py --bin "$bin" --root . --work bench/work/suggest | tee bench/work/suggest/quality.json

echo "== speed (best of ${RUNS:-3} by CPU: wall s, user+sys s, peak RSS; load average before each size)"
for n in ${sizes//,/ }; do
  if [[ "$n" == 1 ]]; then
    site=.
  else
    site="bench/work/synth${same:+-same}-$n"
    [[ -d "$site/content" ]] || python3 bench/synth/synth.py --factor "$n" --out "$site" $same
  fi
  chars=$(cat "$site"/content/talks/*/*.md | wc -m)
  bytes=$(cat "$site"/content/talks/*/*.md | wc -c)
  load=$(cut -d' ' -f1 /proc/loadavg)
  best=""
  for _ in $(seq "${RUNS:-3}"); do
    t=$( { /usr/bin/time -f "%e %U %S %M" "$bin" suggest aliases --root "$site" --json >/dev/null; } 2>&1 | tail -1)
    read -r wall user sys rss <<<"$t"
    cpu=$(awk "BEGIN{print $user+$sys}")
    if [[ -z "$best" ]] || awk "BEGIN{exit !($cpu < ${best%% *})}"; then best="$cpu $wall $rss"; fi
  done
  read -r cpu wall rss <<<"$best"
  per_mb=$(awk "BEGIN{printf \"%.3f\", $cpu / ($bytes / 1048576)}")
  echo "${n}x  talk characters $chars ($bytes bytes)  wall ${wall}s  cpu ${cpu}s  cpu/MiB ${per_mb}s  peak RSS $((rss / 1024)) MiB  load $load"
done
