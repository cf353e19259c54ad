#!/usr/bin/env bash
# sift batch throughput and peak memory on a generated corpus, --jobs 1 and --jobs 2 side by side.
#   Benchmarks/batch/run.sh [MEGABYTES]      (default 1000; the corpus is kept in Benchmarks/work/)
set -euo pipefail
cd "$(dirname "$0")/../.."
mb=${1:-1000}
corpus=Benchmarks/work/batch-corpus-$mb
[[ -d $corpus ]] || Benchmarks/batch/make-corpus.py "$corpus" --megabytes "$mb"
swift build -c release --product sift >&2
sift=.build/release/sift
for jobs in 1 2; do
  out=Benchmarks/work/batch-out-$mb-j$jobs
  rm -rf "$out"
  sync
  /usr/bin/time -v "$sift" batch clean-scraped "$corpus" --out "$out" --jobs "$jobs" 2> "$out.log" >/dev/null || true
  echo "== --jobs $jobs"
  grep -E "inputs:|documents:|this run:|Maximum resident|Elapsed \(wall" "$out.log"
done
