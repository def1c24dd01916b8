#!/usr/bin/env bash
# The duplicate window at volume (docs/benchmarks.md): N distinct ids written straight to the ids topic, a gateway
# rebuilding its index from them, replays of the first, a middle and the last id, a restart catching up.
#   bench/dedup-window.sh [ids]     (default 20000000; everything on 127.0.0.1, bounded by the count)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -DskipTests test-compile
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/dedup-bench.classpath
exec java ${DEDUP_BENCH_JAVA_OPTS:--Xms1g -Xmx1g} \
    -cp "target/test-classes:target/classes:$(cat target/dedup-bench.classpath)" \
    io.hooklane.bench.DedupWindowBench "${1:-20000000}"
