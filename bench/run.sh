#!/usr/bin/env bash
# The scale benchmark of talkarchive against Hugo + Pagefind, from a clean checkout, in one command:
#
#   bench/run.sh [--sizes 1,10,50,200] [--runs 3] [--serve-sizes 1,50] [--serve-samples 30]
#                [--serve-samples-large 5] [--check-max 200] [--hugo-limit-gib 15] [--skip-hugo]
#                [--profile] [--no-search-bytes] [--no-pagefind-bytes]
#
# Builds talkarchive (release-lto profile), installs Hugo (Debian package) and Pagefind 1.6.0 (pinned in
# bench/package.json) if missing, generates each synthetic size (bench/synth/synth.py), times
# talkarchive build and hugo + pagefind on it (bench/bench.py), measures serve's edit-to-page
# latency (bench/serve_latency.py), measures the search index's bytes per query at every size with
# the search benchmark's cold measurement in headless Chromium (bench/search/bytes.mjs; Pagefind's
# too, on the Hugo site, unless --no-pagefind-bytes; none with --no-search-bytes), and writes
# bench/work/results-<stamp>.json and .md.
# Sizes from 50x on get one timed run each and --serve-samples-large serve samples (one rebuild
# there takes minutes). --check-max N runs `talkarchive check` only up to N x. --profile also
# samples talkarchive build with perf at 1x and 50x (bench/profile.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="1,10,50,200"
runs=3
serve_sizes="1,50"
serve_samples=30
serve_samples_large=5
check_max=200
limit=15
skip_hugo=""
profile=""
search_bytes=1
pagefind_bytes=1
while (($#)); do
  case "$1" in
    --sizes) sizes="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --serve-sizes) serve_sizes="$2"; shift 2 ;;
    --serve-samples) serve_samples="$2"; shift 2 ;;
    --serve-samples-large) serve_samples_large="$2"; shift 2 ;;
    --check-max) check_max="$2"; shift 2 ;;
    --hugo-limit-gib) limit="$2"; shift 2 ;;
    --skip-hugo) skip_hugo="--skip-hugo"; shift ;;
    --profile) profile=1; shift ;;
    --no-search-bytes) search_bytes=""; shift ;;
    --no-pagefind-bytes) pagefind_bytes=""; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see bench/run.sh --help)" >&2; exit 2 ;;
  esac
done

sudo_cmd=""
[[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
apt_need=()
command -v hugo >/dev/null || apt_need+=(hugo)
[[ -x /usr/bin/time ]] || apt_need+=(time)
command -v node >/dev/null || apt_need+=(nodejs npm)
# The search bytes per query are measured in Debian's Chromium (never a downloaded browser).
[[ -z "$search_bytes" || -x /usr/bin/chromium ]] || apt_need+=(chromium)
if ((${#apt_need[@]})); then
  echo "== installing ${apt_need[*]} (apt)"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${apt_need[@]}"
fi
if [[ ! -x bench/node_modules/@pagefind/linux-x64/bin/pagefind_extended ]]; then
  echo "== installing Pagefind (npm install in bench/, versions pinned by package-lock.json)"
  # npm ci rejects this lock: pagefind lists its other platforms' binaries as optional dependencies
  # that npm leaves out of the lock; npm install keeps the locked versions and accepts it.
  (cd bench && npm install --no-audit --no-fund --loglevel=error)
fi

if [[ -n "$search_bytes" && ! -d bench/search/node_modules/playwright-core ]]; then
  echo "== installing the search benchmark's packages (npm install in bench/search, pinned by its lock)"
  (cd bench/search && npm install --no-audit --no-fund --loglevel=error)
fi

echo "== building talkarchive (release-lto: the profile of a published binary, Cargo.toml)"
cargo build --profile release-lto --quiet
export TALKARCHIVE_BIN="$PWD/target/release-lto/talkarchive"

mkdir -p bench/work
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results="bench/work/results-$stamp.json"
echo "== load before: $(cat /proc/loadavg)"
python3 bench/bench.py --sizes "$sizes" --runs "$runs" --hugo-limit-gib "$limit" --check-max "$check_max" \
  $skip_hugo --results "$results"

IFS=, read -r -a wanted <<<"$sizes"
IFS=, read -r -a serve_list <<<"$serve_sizes"
port=8473
for n in "${serve_list[@]}"; do
  [[ " ${wanted[*]} " == *" $n "* ]] || continue
  samples=$serve_samples
  ((n >= 50)) && samples=$serve_samples_large
  echo "== serve latency at ${n}x ($samples samples)"
  label="${n}×"
  [[ "$n" == 1 ]] && label="1× (shipped)"
  python3 bench/serve_latency.py --site "bench/work/synth-$n" --samples "$samples" --port "$port" \
    --label "$label" --results "$results"
  port=$((port + 1))
done

if [[ -n "$search_bytes" ]]; then
  for n in "${wanted[@]}"; do
    echo "== search bytes per query at ${n}x (cold, in headless Chromium)"
    pf=()
    [[ -n "$pagefind_bytes" && -d "bench/work/hugo-$n/public/pagefind" ]] && pf=(--pagefind-site "bench/work/hugo-$n/public")
    node bench/search/bytes.mjs --site "bench/work/out-$n" "${pf[@]}" --results "$results" --factor "$n"
  done
fi

if [[ -n "$profile" ]]; then
  for n in "${wanted[@]}"; do
    [[ "$n" == 1 || "$n" == 50 ]] || continue
    bench/profile.sh "bench/work/synth-$n" "bench/work/profile-$n-$stamp.txt"
  done
fi

python3 bench/report.py "$results" >"bench/work/results-$stamp.md"
echo "== results: $results"
echo "== table:   bench/work/results-$stamp.md"
cat "bench/work/results-$stamp.md"
