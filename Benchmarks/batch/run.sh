#!/usr/bin/env bash
# sift batch throughput and peak memory on a generated corpus of many files:
# one core (taskset) with --jobs 1, all cores with --jobs 1, and all cores with --jobs $(nproc).
#   Benchmarks/batch/run.sh [MEGABYTES] [PIPELINE]   (default 1000 and clean-scraped; corpus and
#   outputs in Benchmarks/work/)
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-1000}
pipeline=${2:-clean-scraped}
tag=$(basename "$pipeline" .yaml)
corpus=Benchmarks/work/batch-corpus-$mb
[[ -d $corpus ]] || Benchmarks/batch/make-corpus.py "$corpus" --megabytes "$mb"
swift build -c release --product sift >&2
sift=.build/release/sift
cores=$(nproc)
run() {  # NAME, then the command's prefix and options
  local name=$1; shift
  local out=Benchmarks/work/batch-out-$mb-$tag-$name
  rm -rf "$out"; sync; sleep 35  # ext4 avoids reusing just-deleted inodes: let them age
  local pin=()
  [[ $1 == taskset ]] && { pin=(taskset -c 0); shift; }
  "${pin[@]}" /usr/bin/time -f "time: %e s wall, %U s user, %S s sys, %P CPU, peak RSS %M KB" \
    "$sift" batch "$pipeline" "$corpus" --out "$out" "$@" 2> "$out.log" >/dev/null || true
  echo "== $tag, $name: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "^[0-9]+ inputs|^documents:|^this run:|^time:" "$out.log"
}
run one-core-jobs1 taskset --jobs 1
run jobs1 --jobs 1
run jobs$cores --jobs "$cores"
