#!/usr/bin/env bash
# Interleaved A/B: runs bench/run.sh in two checkouts one after the other, PAIRS times, and prints the throughput,
# CPU and result-table lines of each run (ack latency, and end to end for the full tier). On a machine whose speed
# drifts from hour to hour (docs/benchmarks.md) only runs taken side by side like this compare two builds.
# The order is counterbalanced (A B, B A, A B, ...): in the A/B runs of 2026-11-28 21:02 to 21:23 UTC the first run
# of every pair did about 20 % better than the second whichever build it was, so use an even number of pairs.
#
#   git worktree add /tmp/hooklane-a <commit>         # the build to compare against
#   (cd /tmp/hooklane-a && mvn -q -o -B package -DskipTests)
#   mvn -q -o -B package -DskipTests                  # this checkout's build
#   BENCH_HOOKLANE_TIER=ingest BENCH_LOADS=c128 bench/ab.sh /tmp/hooklane-a [pairs]
#
# Every BENCH_* variable is passed to both runs. Defaults here: BENCH_SCENARIO=quick (the argument of run.sh),
# BENCH_TARGETS=hooklane, BENCH_BUILD=never (each checkout benchmarks the jar it has), and BENCH_WARMUP=60 and
# BENCH_DURATION=30 whatever the scenario. Reports stay in each checkout's bench/target/results/.
set -euo pipefail

[[ $# -ge 1 ]] || { sed -n '2,13p' "$0"; exit 64; }
A="$(cd "$1" && pwd)"
B="$(cd "$(dirname "$0")/.." && pwd)"
PAIRS="${2:-2}"
[[ -x "$A/bench/run.sh" ]] || { echo "$A has no bench/run.sh" >&2; exit 64; }
export BENCH_TARGETS="${BENCH_TARGETS:-hooklane}" BENCH_WARMUP="${BENCH_WARMUP:-60}" \
  BENCH_DURATION="${BENCH_DURATION:-30}" BENCH_BUILD="${BENCH_BUILD:-never}"
OUT="$(mktemp -d)"

for ((i = 1; i <= PAIRS; i++)); do
  order="A B"; ((i % 2 == 0)) && order="B A"
  for side in $order; do
    dir="$A"; [[ $side == B ]] && dir="$B"
    log="$OUT/$i-$side.log"
    (cd "$dir" && bench/run.sh "${BENCH_SCENARIO:-quick}" >"$log" 2>&1) || echo "run $i $side failed: $log" >&2
    commit="$(git -C "$dir" rev-parse --short HEAD)"
    grep -E 'throughput|CPU over|records on topic|^(open|closed) ' "$log" | sed "s|^|$i $side $commit: |"
  done
done
echo "logs: $OUT"
