#!/usr/bin/env bash
# Hooklane benchmark, one command:  bench/run.sh [quick|full|smoke|fanout|backlog|cold|agent|fanout8|parked|protocols]
#
# Starts a standalone Kafka 4.x broker (KRaft, single node, 127.0.0.1), then for each target
#   bare      a bare Vert.x server answering 202                                   (HTTP ceiling)
#   kafka-ack a plain Vert.x server + async Kafka producer, 202 from the ack       (durable-ingest limit)
#   hooklane  the gateway jar (target/hooklane.jar) against the same broker
# runs the same loads (closed-loop at fixed connections, open-loop at a fixed rate), then counts the records on
# the topics and prints one table. Everything listens on and talks to 127.0.0.1 only; every phase is bounded in time.
#
# Scenarios:  quick  40 s warm-up + 20 s measurement per load and target
#             full   60 s warm-up + 60 s measurement per load and target
#             (the gateway's JIT is still compiling after 25 s of saturating load on 2 cores: shorter warm-ups
#             measure the compiler, not the gateway)
#             smoke  3 s + 5 s (checks the harness, figures meaningless)
#             fanout the gateway alone, one event type routed to N = 1, 4, 8 destinations (a generated routes
#                    directory per N, a fresh broker per N), open loop at BENCH_RATE (500/s): 150 s warm-up whose
#                    first 90 s ramp up from a tenth of the rate (a cold start at full rate measures the JIT's
#                    backlog, docs/benchmarks.md, fan-out), then 60 s per N
#             cold   open loop at BENCH_RATE (5000/s) from the moment each target is ready, 60 s, one row per second,
#                    a fresh broker per run: kafka-ack and the gateway's ingest tier (and hooklane-before, another
#                    checkout's jar, with BENCH_BEFORE), BENCH_ROUNDS rounds in alternating order; only the target is
#                    cold: the broker and the load generator first run BENCH_COLD_PREWARM (45) s of the same load
#                    against a throwaway instance of the target's own kind (BENCH_COLD_PREWARM_SERVER=own; ack: a
#                    throwaway KafkaAckServer before every target, 30 s; BENCH_COLD_FAIR=0: everything cold)
#             backlog the gateway as shipped, open loop at BENCH_RATE (1000/s): 60 s warm-up, then crm answers 503
#                    for BENCH_OUTAGE (300) s, then 200 under load for BENCH_RECOVERY (300) s, then the drain
#                    (at most BENCH_DRAIN_MAX, 900 s); time series every BENCH_SAMPLE_EVERY (5) s, CSV + PNG
#             agent  one destination answering in BENCH_AGENT_DELAY_MS (10 s), BENCH_RATE (20) events/s over
#                    BENCH_SUBJECTS (1000) subjects for BENCH_DURATION (300) s after a 10 s warm-up: delivered/s
#                    against offered, end-to-end p99 (including the agent's 10 s), the gateway's heap
#             fanout8 eight fast destinations at BENCH_RATE (1000) events/s = 8,000 deliveries/s (the fanout
#                    scenario with N = 8): delivered/s, end-to-end p99, gateway CPU per delivery; first the same load
#                    through the hand-rolled pipeline beside it (io.hooklane.bench.FanoutBaseline: the same Kafka hops
#                    with the plain clients, no Camel, no Hooklane code; BENCH_FANOUT_BASELINE=1, 0: without it,
#                    only: it alone), on its own fresh broker
#             parked one fast destination, BENCH_RATE (100) events/s over BENCH_SUBJECTS (1000) subjects; the
#                    receiver answers 503 to subject BENCH_FAIL_SUBJECT (0) for BENCH_FAIL_FOR (120) s from the end
#                    of the warm-up; the same load without the failure first: every other subject's end-to-end
#                    p99 with and without it
#             protocols the latency one agent call adds over a plain http delivery: the gateway as shipped with
#                    the support agent as http (the receiver answers a JSON decision), then mcp (an MCP server of the
#                    official SDK), then a2a (an A2A 1.0 agent), each answering at once and in the load generator's
#                    JVM; order.created routed to the support agent, its answer (agent.response.completed) to the
#                    CRM; BENCH_RATE (50) events/s, 20 s warm-up + 60 s, a fresh broker per protocol; end to end to
#                    the agent and to the answer at the CRM, and each protocol's difference to http
#             agent, fanout8 and parked run against BENCH_BASELINE_GATEWAY first when it is set (another
#             checkout, or a directory with hooklane.jar, lib/ and routes/), then against the gateway under test,
#             each on a fresh broker, and print both side by side
# Environment overrides (all optional):
#   BENCH_WARMUP, BENCH_DURATION   seconds, override the scenario
#   BENCH_LOADS       "r1000 c64 c128": cN = closed-loop with N connections, rN = open-loop at N req/s
#   BENCH_TARGETS     "bare kafka-ack hooklane"
#   BENCH_OPEN_CONNECTIONS  connection pool of the open-loop generator (default 128)
#   BENCH_RAMP, BENCH_RAMP_FROM  open loops (rN, fanout, backlog): climb from BENCH_RAMP_FROM x the rate (0.1) to
#                     the rate over the first BENCH_RAMP seconds of the warm-up (default 0 = full rate at once: a cold
#                     start under full load)
#   BENCH_LOADGEN_THREADS   event loops of the load generator (default 1)
#   BENCH_SERVER_EVENT_LOOPS event loops of the two baseline servers (default 1)
#   BENCH_SERVER_JAVA_OPTS  JVM options of the three servers (default -Xms1g -Xmx1g)
#   BENCH_GATEWAY_JAVA_OPTS JVM options of the gateway alone (default BENCH_SERVER_JAVA_OPTS)
#   BENCH_GATEWAY_JAVA_HOME the JDK of the gateways (also hooklane-before and a baseline gateway) and of the archive
#                     (default: java on the PATH; a JDK 25 or later gets an AOT cache, hooklane.aot, an older one a
#                     class-data-sharing archive, hooklane.jsa)
#   BENCH_LOADGEN_JAVA_OPTS JVM options of the load generator and the bench tools (-Xms1g -Xmx1g -XX:+UseParallelGC)
#   BENCH_BROKER_JAVA_OPTS  JVM options of the Kafka broker (-Xms1g -Xmx1g). Every JVM logs its GC pauses to
#                     logs/gc-<broker|hooklane|bench>-<pid>.log
#   BENCH_BROKER_DIR  the broker's log directory (default bench/target/kafka-data; emptied at the start). On
#                     tmpfs (/dev/shm/kafka-data) the broker's writes never reach the disk, whose writeback bursts
#                     otherwise show in the latencies (docs/benchmarks-log.md); it then takes memory, some 3 GB
#                     per target of a 200-s run at 5,000/s
#   BENCH_KAFKA_PORT (19092), BENCH_PORT_BASE (18081: bare, +1 kafka-ack, +2 hooklane)
#   BENCH_HOOKLANE_TIER full (default) or ingest: the gateway as shipped, or an ingest-only instance
#   BENCH_BUILD       auto (default: build the gateway when its jar is missing or older than src/ or pom.xml),
#                     always, never
#   BENCH_BEFORE      another checkout whose target/hooklane.jar runs as the target hooklane-before
#   BENCH_CDS         1 (default): the gateway with its class-data-sharing archive (bin/cds-archive), 0: without
#   BENCH_GATEWAY     the gateway under test: a checkout (its target/hooklane.jar, target/lib, routes/) or a
#                     directory with hooklane.jar, lib/ and routes/ (default: this checkout, built as BENCH_BUILD says)
#   BENCH_BASELINE_GATEWAY  agent, fanout8, parked: the same scenario against this gateway first (same forms)
#   BENCH_FANOUT_BASELINE   fanout8: 1 (default) the hand-rolled pipeline first, 0 without it, only: it alone
#   BENCH_READY_WAIT  most seconds to wait for the broker and the gateway to be ready (default 180)
#   BENCH_SAMPLE_EVERY seconds between two rows of the time series (default 5; every load writes a CSV and a PNG)
#   BENCH_HOPS        1: full tier, split each end-to-end latency into ingest, routing and delivery (HopBreakdown)
#   protocols: BENCH_PROTOCOLS ("http mcp a2a"; also mcp-stateless, a2a-push), BENCH_RATE (50), BENCH_DRAIN_MAX (60);
#            the agents listen on BENCH_PORT_BASE + 11
#   fanout:  BENCH_FANOUT ("1 4 8"), BENCH_RATE (500), BENCH_FANOUT_EVENT (order.created), BENCH_DRAIN_MAX (120)
#   cold:    BENCH_RATE (5000), BENCH_ROUNDS (1), BENCH_COLD_FAIR (1; 0: broker and load generator cold too),
#            BENCH_COLD_PREWARM (45 s, 30 with ack, of the same load warming the broker and the load generator; 0:
#            none), BENCH_COLD_PREWARM_SERVER (own: a throwaway instance of the target's kind answers it; ack: a
#            KafkaAckServer for every target)
#   backlog: BENCH_RATE (1000), BENCH_OUTAGE (300), BENCH_RECOVERY (300), BENCH_DRAIN_MAX (900),
#            BENCH_OUTAGE_DESTINATION (crm), BENCH_BACKLOG_JAVA_OPTS (BENCH_SERVER_JAVA_OPTS + -XX:+AlwaysPreTouch)
set -euo pipefail

SCENARIO="${1:-quick}"
# BENCH_HOOKLANE_TIER: full (default: ingest, routing and delivery to the gateway's own demo receivers, as shipped)
# or ingest (an ingest-only instance: routing, delivery and demo receivers off)
# (cold: ingest by default, the tier that answers the webhooks)
[[ "$SCENARIO" == cold ]] && BENCH_HOOKLANE_TIER="${BENCH_HOOKLANE_TIER:-ingest}"
case "${BENCH_HOOKLANE_TIER:-full}" in
  full) HOOKLANE_ROUTES=true ;;
  ingest) HOOKLANE_ROUTES=false ;;
  *) echo "BENCH_HOOKLANE_TIER must be full or ingest" >&2; exit 64 ;;
esac
case "$SCENARIO" in
  quick) WARMUP=40; DURATION=20 ;;
  full)  WARMUP=60; DURATION=60 ;;
  smoke) WARMUP=3;  DURATION=5 ;;
  fanout) WARMUP=150; DURATION=60; DEFAULT_RAMP=90 ;;
  backlog) WARMUP=60; DURATION=0 ;; # the measurement is the outage + the recovery
  cold)  WARMUP=0;  DURATION=60 ;;
  agent) WARMUP=10; DURATION=300 ;;
  fanout8) WARMUP=150; DURATION=60; DEFAULT_RAMP=90 ;;
  parked) WARMUP=30; DURATION=180 ;;
  protocols) WARMUP=90; DURATION=60 ;;
  -h|--help|help) awk 'NR > 1 && /^set -euo pipefail/ { exit } NR > 1' "$0"; exit 0 ;;
  *) echo "usage: bench/run.sh [quick|full|smoke|fanout|backlog|cold|agent|fanout8|parked|protocols]" >&2; exit 64 ;;
esac
WARMUP="${BENCH_WARMUP:-$WARMUP}"
DURATION="${BENCH_DURATION:-$DURATION}"
# the open-loop load first: in the full tier its end-to-end figures must not inherit the closed loops' backlog
LOADS="${BENCH_LOADS:-r1000 c64 c128}"
TARGETS="${BENCH_TARGETS:-bare kafka-ack hooklane}"
OPEN_CONNECTIONS="${BENCH_OPEN_CONNECTIONS:-128}"
# open loops: the rate climbs from BENCH_RAMP_FROM (0.1) of the target to the target over the first BENCH_RAMP seconds
# of the warm-up (default 0, fanout 90: 0 is the full rate from the first second, i.e. a cold start under full load)
RAMP="${BENCH_RAMP:-${DEFAULT_RAMP:-0}}"
RAMP_FROM="${BENCH_RAMP_FROM:-0.1}"
LOADGEN_THREADS="${BENCH_LOADGEN_THREADS:-1}"
SERVER_LOOPS="${BENCH_SERVER_EVENT_LOOPS:-1}"
SERVER_JAVA_OPTS="${BENCH_SERVER_JAVA_OPTS:--Xms1g -Xmx1g}"
# the broker's G1 pauses 20 to 45 ms about every 15 s at 1,000 events/s (logs/gc-broker-*.log); Kafka's own start
# scripts' options (-XX:MaxGCPauseMillis=20 ...) did not shorten them here and doubled the end-to-end p99.9
# (docs/benchmarks.md, measured with `e4d3d88`), so the JVM's defaults stay
BROKER_JAVA_OPTS="${BENCH_BROKER_JAVA_OPTS:--Xms1g -Xmx1g}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
CONTROLLER_PORT=$((KAFKA_PORT + 1))
PORT_BASE="${BENCH_PORT_BASE:-18081}"
# full tier: every destination URL points at the load generator's receiver on this port
RECEIVER_PORT=$((PORT_BASE + 10))
# protocols: the MCP server or A2A agent the load generator runs
AGENT_PORT=$((PORT_BASE + 11))
BUILD="${BENCH_BUILD:-auto}"
READY_WAIT="${BENCH_READY_WAIT:-180}"
SAMPLE_EVERY="${BENCH_SAMPLE_EVERY:-5}"
HOPS="${BENCH_HOPS:-0}"
case "$SCENARIO" in
  fanout)
    RATE="${BENCH_RATE:-500}"
    FANOUT="${BENCH_FANOUT:-1 4 8}"
    FANOUT_EVENT="${BENCH_FANOUT_EVENT:-order.created}"
    DRAIN_MAX="${BENCH_DRAIN_MAX:-120}" ;;
  backlog)
    RATE="${BENCH_RATE:-1000}"
    OUTAGE="${BENCH_OUTAGE:-300}"
    RECOVERY="${BENCH_RECOVERY:-300}"
    DRAIN_MAX="${BENCH_DRAIN_MAX:-900}"
    OUTAGE_DESTINATION="${BENCH_OUTAGE_DESTINATION:-crm}"
    BACKLOG_JAVA_OPTS="${BENCH_BACKLOG_JAVA_OPTS:-${BENCH_SERVER_JAVA_OPTS:--Xms1g -Xmx1g} -XX:+AlwaysPreTouch}"
    DURATION=$((OUTAGE + RECOVERY)) ;;
  cold)
    RATE="${BENCH_RATE:-5000}"
    ROUNDS="${BENCH_ROUNDS:-1}"
    # 1: the broker and the load generator warmed by BENCH_COLD_PREWARM s of the same load before the target starts,
    # only the target cold; 0: everything starts cold with the target (a fresh broker, a new load generator JVM)
    COLD_FAIR="${BENCH_COLD_FAIR:-1}"
    # who answers the prewarm: own = a throwaway instance of the measured target's own kind on topics of its own (a
    # KafkaAckServer before kafka-ack, a gateway of the same jar before hooklane), so that the broker and the load
    # generator are warm for the traffic they will see, as after a restart; ack = a throwaway KafkaAckServer before
    # every target (warm for the baseline's traffic only)
    PREWARM_SERVER="${BENCH_COLD_PREWARM_SERVER:-own}"
    [[ "$PREWARM_SERVER" =~ ^(own|ack)$ ]] || { echo "BENCH_COLD_PREWARM_SERVER must be own or ack, got '$PREWARM_SERVER'" >&2; exit 64; }
    # a throwaway gateway is itself cold for its first half minute: a longer prewarm gives the generator and the broker
    # as many seconds at full rate
    PREWARM="${BENCH_COLD_PREWARM:-$([[ "$PREWARM_SERVER" == own ]] && echo 45 || echo 30)}"
    PREWARM_TOPIC="bench.prewarm"
    [[ "$COLD_FAIR" =~ ^[01]$ && "$PREWARM" =~ ^[0-9]+$ ]] || { echo "BENCH_COLD_FAIR must be 0 or 1, BENCH_COLD_PREWARM whole seconds" >&2; exit 64; }
    if [[ -n "${BENCH_BEFORE:-}" ]]; then
      TARGETS="${BENCH_TARGETS:-kafka-ack hooklane-before hooklane}"
    else
      TARGETS="${BENCH_TARGETS:-kafka-ack hooklane}"
    fi ;;
  agent)
    RATE="${BENCH_RATE:-20}"
    SUBJECTS="${BENCH_SUBJECTS:-1000}"
    AGENT_DELAY_MS="${BENCH_AGENT_DELAY_MS:-10000}"
    DRAIN_MAX="${BENCH_DRAIN_MAX:-60}" ;;
  fanout8)
    RATE="${BENCH_RATE:-1000}"
    FANOUT=8
    # the hand-rolled pipeline (FanoutBaseline) before the gateways: 1, 0 (without it) or only (without the gateways)
    FANOUT_BASELINE="${BENCH_FANOUT_BASELINE:-1}"
    [[ "$FANOUT_BASELINE" =~ ^(0|1|only)$ ]] || { echo "BENCH_FANOUT_BASELINE must be 1, 0 or only" >&2; exit 64; }
    FANOUT_EVENT="${BENCH_FANOUT_EVENT:-order.created}"
    DRAIN_MAX="${BENCH_DRAIN_MAX:-120}" ;;
  protocols)
    RATE="${BENCH_RATE:-50}"
    PROTOCOLS="${BENCH_PROTOCOLS:-http mcp a2a}"
    for p in $PROTOCOLS; do
      case "$p" in http|mcp|mcp-stateless|a2a|a2a-push) ;;
        *) echo "BENCH_PROTOCOLS: $p is not one of http mcp mcp-stateless a2a a2a-push" >&2; exit 64 ;; esac
    done
    DRAIN_MAX="${BENCH_DRAIN_MAX:-60}" ;;
  parked)
    RATE="${BENCH_RATE:-100}"
    SUBJECTS="${BENCH_SUBJECTS:-1000}"
    FAIL_SUBJECT="${BENCH_FAIL_SUBJECT:-0}"
    FAIL_FOR="${BENCH_FAIL_FOR:-120}"
    ((FAIL_FOR <= DURATION)) || FAIL_FOR=$DURATION
    DRAIN_MAX="${BENCH_DRAIN_MAX:-60}" ;;
esac
KEYED_EVENT=order.created
# another build's checkout (its target/hooklane.jar, target/lib and routes/), measured as the target hooklane-before
BEFORE="${BENCH_BEFORE:-}"
if [[ -n "$BEFORE" ]]; then
  BEFORE="$(cd "$BEFORE" && pwd)"
  [[ -f "$BEFORE/target/hooklane.jar" ]] || { echo "BENCH_BEFORE: no target/hooklane.jar in $BEFORE" >&2; exit 64; }
fi
BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
BASELINE_TOPIC="bench.baseline"
GATEWAY_TOPIC="hooklane.events"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=bin/java-version
source "$ROOT/bin/java-version"
gateway_java() { echo "${BENCH_GATEWAY_JAVA_HOME:+$BENCH_GATEWAY_JAVA_HOME/bin/}java"; }
archive_name() { # what bin/cds-archive makes for the gateway's JDK
  if (($(java_feature "$(gateway_java)") >= 25)); then echo hooklane.aot; else echo hooklane.jsa; fi
}
BENCH="$ROOT/bench"
OUT="$BENCH/target"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS="$OUT/results/$STAMP-$SCENARIO"
LOGS="$RESULTS/logs"
DATA="${BENCH_BROKER_DIR:-$OUT/kafka-data}"
mkdir -p "$RESULTS" "$LOGS"
cd "$ROOT"

log() { echo "[bench $(date +%H:%M:%S)] $*"; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }
# the broker's directory is emptied at each start: refuse one that holds anything but a Kafka log directory
if [[ -n "${BENCH_BROKER_DIR:-}" && -d "$DATA" && -n "$(ls -A "$DATA")" && ! -f "$DATA/meta.properties" ]]; then
  die "BENCH_BROKER_DIR=$DATA holds files and is not a Kafka log directory (no meta.properties): it is not emptied"
fi

# ---------------------------------------------------------------------------------------------------------- build
mvn_try() { # offline first (fast, no network), then online (the first run needs Maven Central)
  mvn -q -o -B "$@" >/dev/null 2>&1 || mvn -q -B "$@"
}

gateway_stale() {
  [[ ! -f target/hooklane.jar ]] && return 0
  [[ -n "$(find src pom.xml -newer target/hooklane.jar -type f 2>/dev/null | head -1)" ]]
}
gateway_files() { # dir -> "jar lib routes" of a checkout (target/) or of a directory holding them
  local dir="$1"
  if [[ -f "$dir/target/hooklane.jar" ]]; then echo "$dir/target/hooklane.jar $dir/target/lib $dir/routes"
  else echo "$dir/hooklane.jar $dir/lib $dir/routes"; fi
}
copy_gateway() { # source-dir dest-dir: a private copy (jar, lib/, routes/), so a rebuild meanwhile cannot change it
  local files jar lib routes
  files="$(gateway_files "$1")"; read -r jar lib routes <<<"$files"
  [[ -f "$jar" && -d "$lib" && -d "$routes" ]] || die "$1: no hooklane.jar, lib/ and routes/ (nor target/hooklane.jar)"
  rm -rf "$2"; mkdir -p "$2"
  cp -p "$jar" "$2/"; cp -rp "$lib" "$2/lib"; cp -r "$routes" "$2/routes" # -p: an AOT cache checks the jars' times
  describe_gateway "$1" "$2" "$jar"
}
describe_gateway() { # source-dir dest-dir jar: DESCRIPTION, what the copy is
  local jar="$3"
  { # what it is: the checkout's commit, else a COMMIT file beside the jar, and the jar's build time
    echo "$(git -C "$1" rev-parse --short HEAD 2>/dev/null || cat "$1/COMMIT" 2>/dev/null || echo '?')"\
"$( [[ -d "$1/.git" || -f "$1/.git" ]] && [[ -n "$(git -C "$1" status --porcelain -- src routes pom.xml 2>/dev/null)" ]] && echo ' + uncommitted changes')"\
" ($1, jar built $(date -u -r "$jar" '+%Y-%m-%d %H:%M UTC'))"
  } >"$2/DESCRIPTION"
}
if [[ -n "${BENCH_GATEWAY:-}" ]]; then
  BUILD=never
  [[ -d "$BENCH_GATEWAY" ]] || die "BENCH_GATEWAY=$BENCH_GATEWAY is not a directory"
fi
if [[ -n "${BENCH_GATEWAY:-}" ]]; then :
elif [[ "$BUILD" == always ]] || { [[ "$BUILD" == auto ]] && gateway_stale; }; then
  log "building the gateway (mvn -q -o -B package -DskipTests)"
  if ! mvn -q -o -B package -DskipTests >"$LOGS/build-gateway.log" 2>&1; then
    [[ -f target/hooklane.jar ]] || { cat "$LOGS/build-gateway.log" >&2; die "gateway build failed"; }
    log "WARNING: the gateway build failed (see $LOGS/build-gateway.log); benchmarking the existing target/hooklane.jar"
  fi
fi
[[ -n "${BENCH_GATEWAY:-}" || -f target/hooklane.jar ]] || die "target/hooklane.jar missing: run mvn -q -o -B package -DskipTests at the root"
# a private copy of the gateway (jar + lib/ + routes/), so that a rebuild at the root during the run cannot change
# what runs
GATEWAY="$OUT/gateway"
if [[ -z "${BENCH_GATEWAY:-}" ]] && [[ -f "$GATEWAY/$(archive_name)" ]] && cmp -s target/hooklane.jar "$GATEWAY/hooklane.jar" \
   && diff -rq target/lib "$GATEWAY/lib" >/dev/null 2>&1 && [[ "${BENCH_CDS:-1}" == 1 ]]; then
  log "the gateway copy and its $(archive_name) are those of target/hooklane.jar: kept"
  rm -rf "$GATEWAY/routes"; cp -r routes "$GATEWAY/routes"
  describe_gateway "$ROOT" "$GATEWAY" target/hooklane.jar # the same jar, perhaps from another commit
else
  copy_gateway "${BENCH_GATEWAY:-$ROOT}" "$GATEWAY"
fi
# the start-up archive is made for the jar where it runs and for one JDK (the JVM checks both): bin/cds-archive
# trains on the copy with the gateway's JDK (BENCH_CDS=0: without an archive)
if [[ "${BENCH_CDS:-1}" == 1 && -x bin/cds-archive && ! -f "$GATEWAY/$(archive_name)" ]]; then
  log "building the gateway copy's $(archive_name) (bin/cds-archive with $(gateway_java))"
  env ${BENCH_GATEWAY_JAVA_HOME:+JAVA_HOME="$BENCH_GATEWAY_JAVA_HOME"} bin/cds-archive "$GATEWAY/hooklane.jar" >"$LOGS/cds-archive.log" 2>&1 \
    || log "WARNING: no $(archive_name) (see $LOGS/cds-archive.log); the gateway starts without one"
fi
if [[ -n "$BEFORE" ]]; then
  rm -rf "$OUT/gateway-before"
  mkdir -p "$OUT/gateway-before"
  cp "$BEFORE/target/hooklane.jar" "$OUT/gateway-before/"
  cp -r "$BEFORE/target/lib" "$OUT/gateway-before/lib"
fi
BASELINE_GATEWAY=""
if [[ -n "${BENCH_BASELINE_GATEWAY:-}" ]]; then
  case "$SCENARIO" in agent|fanout8|parked) ;; *) die "BENCH_BASELINE_GATEWAY applies to agent, fanout8 and parked" ;; esac
  BASELINE_GATEWAY="$OUT/gateway-baseline"
  copy_gateway "$BENCH_BASELINE_GATEWAY" "$BASELINE_GATEWAY"
fi

log "building the bench module (bench/pom.xml)"
rm -rf "$OUT/lib"
mvn_try -f bench/pom.xml package >"$LOGS/build-bench.log" 2>&1 || { cat "$LOGS/build-bench.log" >&2; die "bench build failed"; }

if ! ls "$OUT"/kafka-lib/kafka_2.13-4.*.jar >/dev/null 2>&1; then
  log "fetching the Kafka broker jars (bench/broker/pom.xml, dependency:copy-dependencies)"
  rm -rf "$OUT/kafka-lib"
  mvn_try -f bench/broker/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$OUT/kafka-lib" >"$LOGS/fetch-kafka.log" 2>&1 || { cat "$LOGS/fetch-kafka.log" >&2; die "cannot fetch Kafka"; }
fi
KAFKA_VERSION="$(ls "$OUT"/kafka-lib/kafka_2.13-*.jar | sed -E 's/.*kafka_2.13-(.*)\.jar/\1/')"

BENCH_CP="$OUT/hooklane-bench.jar:$OUT/lib/*:$GATEWAY/hooklane.jar"
KAFKA_CP="$OUT/kafka-lib/*"
# The load generator's own GC pauses show up in every latency it measures (a request due during a pause is sent
# late and counted from its due time; a delivery arriving during one is stamped late). At 1,000/s, G1 in 256 MB
# paused 75 times in 4.5 minutes (median 20 ms); Shenandoah paused about 1 ms but its concurrent threads took CPU
# from the gateway on 2 cores; the parallel collector in a fixed 1 GB paused 23 times (median 31 ms), and touched
# the fewest requests (docs/benchmarks.md, `f999781`). Every bench JVM logs its pauses to logs/gc-bench-<pid>.log.
LOADGEN_JAVA_OPTS="${BENCH_LOADGEN_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC}"
bench_java() { java $LOADGEN_JAVA_OPTS -Xlog:gc:file="${LOGS:-/tmp}/gc-bench-%p.log":time,uptime -cp "$BENCH_CP" "$@"; }
# the machine's steal and total CPU ticks so far (/proc/stat: user nice system idle iowait irq softirq steal): on a VM,
# the share of time its CPUs were runnable but the host ran something else; a cold start is measured on a quiet host
cpu_steal_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print $9, t; exit }' /proc/stat; }
steal_pct_since() { # "steal total" from cpu_steal_ticks -> % of the CPU time stolen since
  local s0 t0 s1 t1; read -r s0 t0 <<<"$1"; read -r s1 t1 < <(cpu_steal_ticks)
  awk -v s="$((s1 - s0))" -v t="$((t1 - t0))" 'BEGIN { printf "%.1f", (t > 0 ? 100 * s / t : 0) }'
}

# --------------------------------------------------------------------------------------------- processes, cleanup
PIDS=()
BROKER_PID=""
stop_pid() { # TERM, wait up to 20 s, then KILL: only processes this script started
  local pid="$1"
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && stop_pid "$pid"; done
  if [[ -n "$BROKER_PID" ]]; then stop_pid "$BROKER_PID"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
wait_http() { # url pid seconds: until 2xx, while pid lives
  local url="$1" pid="$2" deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null || \
       [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X GET "$url" 2>/dev/null)" == 202 ]]; then
      return 0
    fi
    sleep 0.5
  done
  return 1
}
wait_ready() { # url pid seconds: as wait_http, polling every 0.1 s (cold start: the time to readiness is a result)
  local url="$1" pid="$2" deadline=$((SECONDS + $3))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" =~ ^20[02]$ ]] && return 0
    sleep 0.1
  done
  return 1
}
listening_pid() { ss -Hltnp "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2; }

for p in "$KAFKA_PORT" "$CONTROLLER_PORT" "$PORT_BASE" $((PORT_BASE + 1)) $((PORT_BASE + 2)) "$RECEIVER_PORT" "$AGENT_PORT"; do
  port_free "$p" || die "port $p on 127.0.0.1 is in use (set BENCH_KAFKA_PORT / BENCH_PORT_BASE)"
done

# ---------------------------------------------------------------------------------------------------- the machine
# secrets of this run only: the gateway reads them from the environment, the load generator signs with them
export STANDARD_WEBHOOKS_SECRET="whsec_$(head -c 32 /dev/urandom | base64 -w0)"
export STRIPE_WEBHOOK_SECRET="whsec_bench$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SHOPIFY_WEBHOOK_SECRET="bench$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"

case "$SCENARIO" in
  fanout)
    TITLE="Hooklane benchmark, scenario 'fanout': the gateway, one event type ($FANOUT_EVENT) routed to N destinations, N in $FANOUT; warm-up ${WARMUP} s + measurement ${DURATION} s per N"
    LOADS_LINE="open-loop, $RATE req/s of $FANOUT_EVENT only, over $OPEN_CONNECTIONS connections; a fresh broker and a generated routes directory per N; destinations fan-1..fan-N = the load generator's receiver" ;;
  backlog)
    TITLE="Hooklane benchmark, scenario 'backlog': the gateway as shipped; warm-up ${WARMUP} s, then /$OUTAGE_DESTINATION answers 503 for ${OUTAGE} s, then 200 under load for ${RECOVERY} s, then the drain (at most ${DRAIN_MAX} s)"
    LOADS_LINE="open-loop, $RATE req/s (every event type) over $OPEN_CONNECTIONS connections; time series every ${SAMPLE_EVERY} s" ;;
  cold)
    TITLE="Hooklane benchmark, scenario 'cold': open loop at $RATE/s from the moment each target is ready, ${DURATION} s, a fresh broker per run; $TARGETS, $ROUNDS round(s), the order reversed every other round"
    LOADS_LINE="open-loop, $RATE req/s from the first second (no ramp, no warm-up) over $OPEN_CONNECTIONS connections; time series every second"
    if [[ "$COLD_FAIR" == 1 && "$PREWARM" -gt 0 ]]; then
      if [[ "$PREWARM_SERVER" == own ]]; then
        COLD_LINE="warm: the broker (fresh storage, then ${PREWARM} s of the same load through a throwaway instance of the target's own kind on topics of its own: a KafkaAckServer to $PREWARM_TOPIC before kafka-ack, a gateway of the same jar to $PREWARM_TOPIC.* before the gateway, from its readiness) and the load generator (the same JVM drove that load, then waited for the target's readiness); cold: the target only (a new JVM started after the prewarm; BENCH_COLD_FAIR=1, BENCH_COLD_PREWARM=$PREWARM, BENCH_COLD_PREWARM_SERVER=own)"
      else
        COLD_LINE="warm: the broker (fresh storage, then ${PREWARM} s of the same load produced through a throwaway KafkaAckServer to topic $PREWARM_TOPIC) and the load generator (the same JVM drove that load, then waited for the target's readiness); cold: the target only (a new JVM started after the prewarm; BENCH_COLD_FAIR=1, BENCH_COLD_PREWARM=$PREWARM, BENCH_COLD_PREWARM_SERVER=ack)"
      fi
    elif [[ "$COLD_FAIR" == 1 ]]; then
      COLD_LINE="cold: the broker (fresh, started just before), the load generator (a new JVM, started before the target, no prewarm: BENCH_COLD_PREWARM=0) and the target"
    else
      COLD_LINE="cold: everything (BENCH_COLD_FAIR=0): a fresh broker started just before the target, the load generator a new JVM started at the target's readiness; the first seconds are the machine's cold start, not the target's"
    fi ;;
  agent)
    TITLE="Hooklane benchmark, scenario 'agent': one destination answering in $AGENT_DELAY_MS ms, $RATE events/s over $SUBJECTS subjects; warm-up ${WARMUP} s + measurement ${DURATION} s, drain at most ${DRAIN_MAX} s"
    LOADS_LINE="open-loop, $RATE req/s of Standard Webhooks $KEYED_EVENT, subject (Kafka key) = data.id, one of $SUBJECTS in turn; the destination = the load generator's receiver" ;;
  fanout8)
    TITLE="Hooklane benchmark, scenario 'fanout8': $FANOUT_EVENT at $RATE/s routed to 8 fast destinations ($((RATE * 8)) deliveries/s); warm-up ${WARMUP} s (ramp ${RAMP:-90} s) + measurement ${DURATION} s"
    LOADS_LINE="open-loop, $RATE req/s of $FANOUT_EVENT only, over $OPEN_CONNECTIONS connections; a fresh broker per gateway; destinations fan-1..fan-8 = the load generator's receiver"
    [[ "$FANOUT_BASELINE" == 0 ]] || HANDROLLED_LINE="io.hooklane.bench.FanoutBaseline$([[ "$FANOUT_BASELINE" == only ]] && echo ' alone (BENCH_FANOUT_BASELINE=only)' || echo ', before the gateway'), on its own fresh broker: KafkaAckServer ingest (202 after acks=all) -> one consumer routing every event to 8 queue topics (acks=all, idempotent; offsets committed after the acks) -> per destination a consumer + Vert.x HttpClient (HMAC-SHA256 signed, up to 256 in flight, offsets committed below the oldest unanswered record); one JVM, no Camel, no Hooklane code" ;;
  parked)
    TITLE="Hooklane benchmark, scenario 'parked': one fast destination, $RATE events/s over $SUBJECTS subjects; warm-up ${WARMUP} s + measurement ${DURATION} s, once as is and once with subject $FAIL_SUBJECT answered 503 for ${FAIL_FOR} s from the end of the warm-up"
    LOADS_LINE="open-loop, $RATE req/s of Standard Webhooks $KEYED_EVENT, subject (Kafka key) = data.id, one of $SUBJECTS in turn; a fresh broker per run" ;;
  protocols)
    TITLE="Hooklane benchmark, scenario 'protocols': the support agent as $(echo $PROTOCOLS | sed 's/ /, then /g'), answering at once; $KEYED_EVENT at $RATE events/s to it, its answer to the CRM; warm-up ${WARMUP} s + measurement ${DURATION} s per protocol, drain at most ${DRAIN_MAX} s"
    LOADS_LINE="open-loop, $RATE req/s of $KEYED_EVENT (Standard Webhooks and Shopify, 1 KB and every 4th 8 KB) over $OPEN_CONNECTIONS connections; a fresh broker per protocol; the agent (receiver path, MCP server or A2A agent) and the CRM run in the load generator's JVM" ;;
  *)
    TITLE="Hooklane benchmark, scenario '$SCENARIO': warm-up ${WARMUP} s + measurement ${DURATION} s per load and target"
    LOADS_LINE="$LOADS (cN: closed-loop, N connections; rN: open-loop, N req/s over $OPEN_CONNECTIONS connections)" ;;
esac
{
  echo "$TITLE"
  echo "date:      $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "machine:   $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/{print $2}') GiB memory, $(uname -sr)"
  echo "java:      $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  [[ -z "${BENCH_GATEWAY_JAVA_HOME:-}" ]] || echo "gateway java: $("$(gateway_java)" -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "gateway:   $(cat "$GATEWAY/DESCRIPTION")"
  [[ -z "$BASELINE_GATEWAY" ]] || echo "baseline:  $(cat "$BASELINE_GATEWAY/DESCRIPTION")"
  [[ "$SCENARIO" =~ ^(fanout|backlog|agent|fanout8|parked|protocols)$ ]] || \
  echo "tier:      ${BENCH_HOOKLANE_TIER:-full} (BENCH_HOOKLANE_TIER: full = ingest, routing and delivery to its own demo receivers; ingest = ingest-only instance)"
  echo "kafka:     broker $KAFKA_VERSION (KRaft, single node, $BOOTSTRAP); producers acks=all, idempotent"
  echo "loads:     $LOADS_LINE; load generator: Vert.x HttpClient, $LOADGEN_THREADS event loop(s), same machine"
  [[ -z "${COLD_LINE:-}" ]] || echo "cold run:  $COLD_LINE"
  [[ -z "${HANDROLLED_LINE:-}" ]] || echo "hand-rolled: $HANDROLLED_LINE"
  echo "load avg before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$RESULTS/machine.txt"

# --------------------------------------------------------------------------------------------------------- broker
start_broker() { # a fresh single-node broker (storage formatted anew) -> BROKER_PID
log "formatting KRaft storage in $DATA and starting the broker on $BOOTSTRAP"
rm -rf "$DATA"
mkdir -p "$DATA"
sed -e "s#@PORT@#$KAFKA_PORT#g" -e "s#@CONTROLLER_PORT@#$CONTROLLER_PORT#g" -e "s#@DATA_DIR@#$DATA#g" \
  "$BENCH/broker/server.properties.template" >"$RESULTS/server.properties"
KAFKA_LOG_OPTS="-Dlog4j2.configurationFile=file:$BENCH/broker/log4j2.properties"
CLUSTER_ID="$(java -cp "$KAFKA_CP" $KAFKA_LOG_OPTS kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
java -cp "$KAFKA_CP" $KAFKA_LOG_OPTS kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$RESULTS/server.properties" \
  >"$LOGS/kafka-format.log" 2>&1 || { cat "$LOGS/kafka-format.log" >&2; die "formatting Kafka storage failed"; }
java $BROKER_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-broker-%p.log":time,uptime -cp "$KAFKA_CP" $KAFKA_LOG_OPTS kafka.Kafka \
  "$RESULTS/server.properties" >"$LOGS/kafka.log" 2>&1 &
BROKER_PID=$!
bench_java io.hooklane.bench.KafkaTool ready "$BOOTSTRAP" "$READY_WAIT" || { tail -30 "$LOGS/kafka.log" >&2; die "broker did not start"; }
[[ "$(listening_pid "$KAFKA_PORT")" == "$BROKER_PID" ]] || die "port $KAFKA_PORT is not served by our broker"
}
stop_broker() {
  if [[ -n "$BROKER_PID" ]]; then stop_pid "$BROKER_PID"; BROKER_PID=""; fi
}
[[ "$SCENARIO" =~ ^(cold|protocols)$ ]] || start_broker # cold, protocols: a fresh broker for every run

# -------------------------------------------------------------------------------------------------------- targets
start_gateway() { # port logfile [VAR=VALUE ...] -> SERVER_PID, ready
  launch_gateway "$@"
  wait_ready "http://127.0.0.1:$1/observe/health/ready" "$SERVER_PID" "$READY_WAIT" \
    || { tail -40 "$2" >&2; die "the gateway did not become ready (see $2)"; }
}
launch_gateway() { # port logfile [VAR=VALUE ...] -> SERVER_PID, not waiting for readiness
  # the gateway as shipped (application.properties, routes/ read from the repo root unless a VAR overrides
  # CAMEL_MAIN_ROUTES_INCLUDE_PATTERN), against the bench broker, loopback only
  # all load comes from one address: the per-client rate limit is off for this ingest measurement
  # the time series reads the heap from the shipped JVM meters (jvm_memory_used_bytes, jvm_gc_live_data_size_bytes)
  local port="$1" logfile="$2" gw="${RUN_GATEWAY:-${GATEWAY_DIR:-$GATEWAY}}"
  shift 2
  # a data directory of its own per start (the duplicate index under it): an index left by an earlier run or
  # target holds that run's ids and offsets of another broker's topic, which biased the later targets
  local data; data="$(mktemp -d "$OUT/gateway-data.XXXXXX")"
  env CAMEL_COMPONENT_KAFKA_BROKERS="$BOOTSTRAP" CAMEL_SERVER_PORT="$port" CAMEL_SERVER_HOST=127.0.0.1 \
    HOOKLANE_DATA_DIR="$data" HOOKLANE_INGEST_DEDUP_DIR="$data/dedup" \
    CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$gw/routes/*.camel.yaml" \
    HOOKLANE_INGEST_RATE_LIMIT=0 \
    HOOKLANE_DISPATCH_ENABLED="$HOOKLANE_ROUTES" HOOKLANE_DELIVERY_ENABLED="$HOOKLANE_ROUTES" \
    HOOKLANE_DEMO_RECEIVERS_ENABLED=false \
    RECOMMENDATIONS_AGENT_URL="http://127.0.0.1:$RECEIVER_PORT/recommendations-agent" \
    SUPPORT_AGENT_URL="http://127.0.0.1:$RECEIVER_PORT/support-agent" \
    CRM_URL="http://127.0.0.1:$RECEIVER_PORT/crm" PRICING_URL="http://127.0.0.1:$RECEIVER_PORT/pricing" \
    "$@" "$(gateway_java)" ${GATEWAY_JAVA_OPTS:-${BENCH_GATEWAY_JAVA_OPTS:-$SERVER_JAVA_OPTS}} $(cds_option "$gw") \
      -Xlog:gc:file="$LOGS/gc-hooklane-%p.log":time,uptime -jar "$gw/hooklane.jar" >"$logfile" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
}
cds_option() { # the archive beside a gateway jar that its JDK reads, as bin/hooklane uses it
  if [[ -f "$1/hooklane.aot" ]] && (($(java_feature "$(gateway_java)") >= 25)); then echo "-XX:AOTCache=$1/hooklane.aot"
  elif [[ -f "$1/hooklane.jsa" ]]; then echo "-XX:SharedArchiveFile=$1/hooklane.jsa"; fi
  return 0
}
plot() { # [--warmup-end S] [--outage FROM:TO] csv png title panel... : never fails the run
  java -Djava.awt.headless=true -Xmx512m -cp "$BENCH_CP" io.hooklane.bench.Plot "$@" >>"$LOGS/plot.log" 2>&1 \
    || log "WARNING: plotting failed (see $LOGS/plot.log)"
}
start_target() { # name port -> sets SERVER_PID
  local name="$1" port="$2"
  case "$name" in
    bare)
      java $SERVER_JAVA_OPTS -cp "$BENCH_CP" io.hooklane.bench.BareServer "$port" "$SERVER_LOOPS" >"$LOGS/$name.log" 2>&1 &
      SERVER_PID=$!; PIDS+=("$SERVER_PID")
      wait_http "http://127.0.0.1:$port/" "$SERVER_PID" 30 || die "$name did not start (see $LOGS/$name.log)" ;;
    kafka-ack)
      bench_java io.hooklane.bench.KafkaTool create "$BOOTSTRAP" "$BASELINE_TOPIC" 6
      java $SERVER_JAVA_OPTS -cp "$BENCH_CP" io.hooklane.bench.KafkaAckServer "$port" "$BOOTSTRAP" "$BASELINE_TOPIC" \
        "$SERVER_LOOPS" >"$LOGS/$name.log" 2>&1 &
      SERVER_PID=$!; PIDS+=("$SERVER_PID")
      wait_http "http://127.0.0.1:$port/" "$SERVER_PID" 30 || die "$name did not start (see $LOGS/$name.log)" ;;
    hooklane) start_gateway "$port" "$LOGS/$name.log" ;;
    hooklane-before)
      GATEWAY_DIR="$OUT/gateway-before" start_gateway "$port" "$LOGS/$name.log" \
        CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$BEFORE/routes/*.camel.yaml" ;;
    *) die "unknown target $name" ;;
  esac
  # Camel Main reports healthy even when the bind failed: check that this process owns the port
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "$name: port $port is not served by pid $SERVER_PID"
}

# ------------------------------------------------------------------------------------------------------- fan-out
# routes for N destinations: the gateway's routes/ with routing.camel.yaml reduced to one rule (the event type to
# fan-1..fan-N) and destinations.camel.yaml defining fan-1..fan-N, every one the load generator's receiver
fanout_routes() { # dir n
  local i names=()
  for i in $(seq 1 "$2"); do names+=("fan-$i"); done
  scenario_routes "$1" "$FANOUT_EVENT" "${names[@]}"
}
scenario_routes() { # dir event destination...: the gateway's routes/, one rule (the event type to every destination)
  local dir="$1" event="$2" src="${RUN_GATEWAY:-$GATEWAY}/routes" name
  shift 2
  mkdir -p "$dir"
  cp "$src"/*.camel.yaml "$dir/"
  grep -q 'ref: eventAttributes' "$src/routing.camel.yaml" && grep -q 'ref: unroutedEvents' "$src/routing.camel.yaml" \
    && grep -q '^ *- filter:' "$src/routing.camel.yaml" \
    || die "$src/routing.camel.yaml no longer has the shape scenario_routes expects (eventAttributes, filters, unroutedEvents)"
  { # the shipped dispatch route up to its first rule (from, eventAttributes), then one rule, then unroutedEvents
    awk '/^ *- filter:/ { exit } { print }' "$src/routing.camel.yaml"
    echo "        - filter:"
    echo "            simple: \"\${exchangeProperty.type} in '$event'\""
    echo "            steps:"
    for name in "$@"; do echo "              - to: \"hooklane-queue:$name\""; done
    echo
    echo "        - process:"
    echo "            ref: unroutedEvents"
  } >"$dir/routing.camel.yaml"
  { # the shipped destination template, then the scenario's destinations, every one the load generator's receiver
    awk '/^- templatedRoute:/ { exit } { print }' "$src/destinations.camel.yaml"
    for name in "$@"; do
      echo "- templatedRoute:"
      echo "    routeTemplateRef: destination"
      echo "    routeId: deliver-$name"
      echo "    parameters:"
      echo "      - { name: name, value: $name }"
      echo "      - { name: url, value: \"http://127.0.0.1:$RECEIVER_PORT/$name\" }"
      echo
    done
  } >"$dir/destinations.camel.yaml"
}
yaml_routes() { # the routes the YAML files of a directory define (route + templatedRoute)
  cat "$1"/*.camel.yaml | grep -cE '^- (route|templatedRoute):'
}
started_routes() { # the gateway's own count, from Camel's start-up summary "Routes startup (total:N started:M ...)"
  grep -oE 'Routes startup \(total:[0-9]+ started:[0-9]+' "$1" | tail -1 | sed -E 's/.*total:([0-9]+) started:([0-9]+)/\1 \2/'
}

run_fanout() {
  local port=$((PORT_BASE + 2)) n i dir expected_total shipped_yaml counts total started delivering lags dests
  local tag="${1:-}" # fanout8: the side (baseline, tested) in the file names
  shipped_yaml="$(yaml_routes "${RUN_GATEWAY:-$GATEWAY}/routes")"
  for n in $FANOUT; do
    [[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 32 ]] || die "BENCH_FANOUT: N must be 1..32, not $n"
    dir="$RESULTS/routes-N$n$tag"
    fanout_routes "$dir" "$n"
    # a fresh broker per N: the gateway's consumers start from the earliest offset, so a topic left over from the
    # previous N would be routed again
    [[ -n "$BROKER_PID" ]] || start_broker
    log "fan-out N=$n: starting the gateway with routes from ${dir#$ROOT/}"
    start_gateway "$port" "$LOGS/hooklane-N$n$tag.log" CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$dir/*.camel.yaml"
    [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "hooklane: port $port is not served by pid $SERVER_PID"
    # every route is defined in YAML (the shipped routes/: $shipped_yaml, the demo receivers' one disabled here):
    # the gateway's total must be the generated directory's count, with exactly N delivery routes fan-1..fan-N started
    counts="$(started_routes "$LOGS/hooklane-N$n$tag.log")"
    total="${counts% *}"; started="${counts#* }"
    expected_total="$(yaml_routes "$dir")"
    delivering="$(grep -cE 'Started deliver-fan-[0-9]+ \(hooklane-delivery://fan-[0-9]+\)' "$LOGS/hooklane-N$n$tag.log" || true)"
    log "fan-out N=$n: the gateway reports $total routes, $started started, $delivering of them delivering to fan-*; the YAML defines $expected_total (shipped routes/: $shipped_yaml)"
    [[ "$total" == "$expected_total" && "$delivering" == "$n" ]] \
      && grep -qE 'Started dispatch-events ' "$LOGS/hooklane-N$n$tag.log" \
      || die "fan-out N=$n: $total routes (expected $expected_total), $delivering fan-* delivery routes (expected $n), or dispatch-events not started"
    lags=(--lag "dispatch:hooklane-dispatch:hooklane.events")
    dests="fan-1"
    for i in $(seq 1 "$n"); do
      lags+=(--lag "fan-$i:hooklane-deliver-fan-$i:hooklane.deliver.fan-$i")
      ((i > 1)) && dests+=",fan-$i"
    done
    log "fan-out N=$n: open loop at $RATE/s of $FANOUT_EVENT (warm-up ${WARMUP} s, measure ${DURATION} s, drain at most ${DRAIN_MAX} s)"
    bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
      --ramp "$RAMP" --ramp-from "$RAMP_FROM" --threads "$LOADGEN_THREADS" --events "$FANOUT_EVENT" \
      --warmup "$WARMUP" --duration "$DURATION" \
      --label "fanout N=$n$tag" --target hooklane --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" \
      --receiver-port "$RECEIVER_PORT" --drain "$DRAIN_MAX" --destinations "$dests" \
      --metrics-url "http://127.0.0.1:$port/observe/metrics" --bootstrap "$BOOTSTRAP" "${lags[@]}" \
      --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/fanout-N$n$tag.csv" \
      --out "$RESULTS/fanout-N$n$tag.properties" 2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
    log "fan-out N=$n: stopping the gateway and the broker"
    stop_pid "$SERVER_PID"
    stop_broker
    plot --warmup-end "$WARMUP" "$RESULTS/fanout-N$n$tag.csv" "$RESULTS/fanout-N$n$tag.png" \
      "fan-out N=$n: $FANOUT_EVENT at $RATE/s to $n destination(s)" \
      "events/s=ack_per_s,deliveries_per_s" "log:latency ms=ack_p99_ms,e2e_p50_ms,e2e_p99_ms" \
      "queued events=lag.dispatch,$(echo "$dests" | sed 's/\(fan-[0-9]*\)/lag.\1/g')" "% of a core=cpu_pct"
  done
}

run_backlog() {
  local port=$((PORT_BASE + 2)) d lags=()
  # -XX:+AlwaysPreTouch: the whole heap is resident from the start, so RSS growth is not the heap being touched
  # for the first time (with -Xms1g RSS would otherwise climb for minutes) but memory outside the heap
  log "backlog: starting the gateway (as shipped; JVM options: $BACKLOG_JAVA_OPTS)"
  GATEWAY_JAVA_OPTS="$BACKLOG_JAVA_OPTS" start_gateway "$port" "$LOGS/hooklane.log"
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "hooklane: port $port is not served by pid $SERVER_PID"
  lags=(--lag "dispatch:hooklane-dispatch:hooklane.events")
  for d in recommendations-agent support-agent crm pricing; do
    lags+=(--lag "$d:hooklane-deliver-$d:hooklane.deliver.$d")
  done
  log "backlog: open loop at $RATE/s: warm-up ${WARMUP} s, /$OUTAGE_DESTINATION answers 503 for ${OUTAGE} s, then ${RECOVERY} s of load, then the drain (at most ${DRAIN_MAX} s)"
  bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --ramp "$RAMP" --ramp-from "$RAMP_FROM" --threads "$LOADGEN_THREADS" --warmup "$WARMUP" --duration "$DURATION" \
    --label "backlog" --target hooklane \
    --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" --receiver-port "$RECEIVER_PORT" --drain "$DRAIN_MAX" \
    --fail-path "$OUTAGE_DESTINATION" --fail-from "$WARMUP" --fail-for "$OUTAGE" \
    --destinations recommendations-agent,support-agent,crm,pricing \
    --metrics-url "http://127.0.0.1:$port/observe/metrics" --bootstrap "$BOOTSTRAP" "${lags[@]}" \
    --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/backlog.csv" \
    --out "$RESULTS/backlog.properties" 2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
  log "backlog: stopping the gateway"
  stop_pid "$SERVER_PID"
  bench_java io.hooklane.bench.KafkaTool count "$BOOTSTRAP" "$GATEWAY_TOPIC" >"$RESULTS/records-hooklane.txt" \
    || echo "count failed" >"$RESULTS/records-hooklane.txt"
  plot --warmup-end "$WARMUP" --outage "$WARMUP:$((WARMUP + OUTAGE))" "$RESULTS/backlog.csv" "$RESULTS/backlog.png" \
    "backlog: $RATE/s, /$OUTAGE_DESTINATION answers 503 for ${OUTAGE} s (shaded)" \
    "events/s=ack_per_s,deliveries_per_s.$OUTAGE_DESTINATION,deliveries_per_s.recommendations-agent,refused_per_s.$OUTAGE_DESTINATION" \
    "backlog (events)=lag.$OUTAGE_DESTINATION,waiting_gauge.$OUTAGE_DESTINATION,lag.dispatch" \
    "gateway MB=heap_used_mb,heap_live_mb,heap_committed_mb,rss_mb" \
    "log:latency ms=ack_p99_ms,e2e_p50_ms,e2e_p99_ms" "% of a core=cpu_pct"
}

# ---------------------------------------------------------------------------------------------------- cold start
# one run: a fresh broker, the target started (t = 0 at its java command), readiness polled every 0.1 s, then the
# open loop at RATE from the first second for DURATION s, one CSV row per second
run_cold_one() { # target round
  local target="$1" round="$2" port t0 ready ready_cpu name
  case "$target" in
    kafka-ack) port=$((PORT_BASE + 1)) ;;
    hooklane|hooklane-before) port=$((PORT_BASE + 2)) ;;
    *) die "cold: unknown target $target (kafka-ack, hooklane, hooklane-before)" ;;
  esac
  start_broker
  name="cold-$target-$round"
  log "cold: $target, round $round"
  local steal0; steal0="$(cpu_steal_ticks)"
  t0="$(date +%s%N)"
  case "$target" in
    kafka-ack)
      bench_java io.hooklane.bench.KafkaTool create "$BOOTSTRAP" "$BASELINE_TOPIC" 6
      t0="$(date +%s%N)"
      java $SERVER_JAVA_OPTS -cp "$BENCH_CP" io.hooklane.bench.KafkaAckServer "$port" "$BOOTSTRAP" "$BASELINE_TOPIC" \
        "$SERVER_LOOPS" >"$LOGS/$name.log" 2>&1 &
      SERVER_PID=$!; PIDS+=("$SERVER_PID")
      wait_ready "http://127.0.0.1:$port/" "$SERVER_PID" 60 || die "$target did not start (see $LOGS/$name.log)" ;;
    hooklane)
      start_gateway "$port" "$LOGS/$name.log" ;;
    hooklane-before)
      GATEWAY_DIR="$OUT/gateway-before" start_gateway "$port" "$LOGS/$name.log" \
        CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$BEFORE/routes/*.camel.yaml" ;;
  esac
  ready="$(( ($(date +%s%N) - t0) / 1000000 ))"
  # CPU the target used to get ready (user + system, clock ticks): less sensitive to other processes than the time
  ready_cpu="$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$SERVER_PID/stat")"
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "$target: port $port is not served by pid $SERVER_PID"
  log "cold: $target ready $ready ms after its java command; open loop at $RATE/s for ${DURATION} s"
  bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --threads "$LOADGEN_THREADS" --warmup 0 --duration "$DURATION" --label "cold $target $round" --target "$target" \
    --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" --sample-every 1 --sample-csv "$RESULTS/$name.csv" \
    --out "$RESULTS/$name.properties" 2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
  printf 'ready_ms=%s\nready_cpu_s=%s\nsteal_pct=%s\n' "$ready" "$ready_cpu" "$(steal_pct_since "$steal0")" \
    >>"$RESULTS/$name.properties"
  stop_pid "$SERVER_PID"
  stop_broker
}
# the fair run (BENCH_COLD_FAIR=1): a fresh broker and one load generator JVM that first drives the same load for
# BENCH_COLD_PREWARM s against a throwaway server on the port base: with BENCH_COLD_PREWARM_SERVER=own one of the
# target's own kind (a gateway of the same jar on topics bench.prewarm.*, from its readiness on; a KafkaAckServer on
# bench.prewarm before kafka-ack), with ack a KafkaAckServer whatever the target. That warms the generator (its
# requests and the answers it reads) and the broker (the produce and fetch requests of that kind of server); then the
# throwaway server stops, the target starts (t = 0 at its java command) and the generator, polling the target's
# readiness URL every 0.1 s, starts the measured load when it answers
run_cold_one_fair() { # target round
  local target="$1" round="$2" port url t0 ready ready_ns ready_cpu name prewarm_pid loadgen_pid status pidfile marker
  case "$target" in
    kafka-ack) port=$((PORT_BASE + 1)); url="http://127.0.0.1:$port/" ;;
    hooklane|hooklane-before) port=$((PORT_BASE + 2)); url="http://127.0.0.1:$port/observe/health/ready" ;;
    *) die "cold: unknown target $target (kafka-ack, hooklane, hooklane-before)" ;;
  esac
  start_broker
  name="cold-$target-$round"
  pidfile="$RESULTS/$name.pid"; marker="$RESULTS/$name.prewarmed"
  rm -f "$pidfile" "$marker"
  log "cold: $target, round $round"
  # the baseline's topic exists before its start, as in the unfair run (created outside its timing)
  [[ "$target" != kafka-ack ]] || bench_java io.hooklane.bench.KafkaTool create "$BOOTSTRAP" "$BASELINE_TOPIC" 6
  local prewarm_args=()
  if ((PREWARM > 0)); then
    if [[ "$PREWARM_SERVER" == own && "$target" != kafka-ack ]]; then
      # a gateway of the target's jar, its own topics (every one it creates, so that the target still finds none),
      # data directory and port; ready before the load starts
      local prewarm_env=(HOOKLANE_TOPIC_EVENTS="$PREWARM_TOPIC.events" HOOKLANE_TOPIC_INGEST_IDS="$PREWARM_TOPIC.ids"
        HOOKLANE_TOPIC_WARMUP="$PREWARM_TOPIC.warmup" HOOKLANE_TOPIC_CONTROL="$PREWARM_TOPIC.control"
        HOOKLANE_TOPIC_DELIVERY_RETRIES="$PREWARM_TOPIC.delivery-retries"
        HOOKLANE_TOPIC_DELIVERY_CALLBACKS="$PREWARM_TOPIC.delivery-callbacks"
        HOOKLANE_TOPIC_DELIVERIES_PREFIX="$PREWARM_TOPIC.deliver." HOOKLANE_TOPIC_DEAD_LETTER_PREFIX="$PREWARM_TOPIC.deadletter."
        HOOKLANE_TOPIC_DEAD_LETTER_STATE="$PREWARM_TOPIC.deadletter-state")
      if [[ "$target" == hooklane-before ]]; then
        GATEWAY_DIR="$OUT/gateway-before" launch_gateway "$PORT_BASE" "$LOGS/$name-prewarm-server.log" "${prewarm_env[@]}" \
          CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$BEFORE/routes/*.camel.yaml"
      else
        launch_gateway "$PORT_BASE" "$LOGS/$name-prewarm-server.log" "${prewarm_env[@]}"
      fi
      prewarm_pid="$SERVER_PID"
      wait_http "http://127.0.0.1:$PORT_BASE/observe/health/ready" "$prewarm_pid" "$READY_WAIT" \
        || die "the prewarm gateway did not get ready (see $LOGS/$name-prewarm-server.log)"
      log "cold: prewarm, the same load for ${PREWARM} s against a throwaway gateway of the same jar (topics $PREWARM_TOPIC.*)"
    else
      bench_java io.hooklane.bench.KafkaTool create "$BOOTSTRAP" "$PREWARM_TOPIC" 6
      java $SERVER_JAVA_OPTS -cp "$BENCH_CP" io.hooklane.bench.KafkaAckServer "$PORT_BASE" "$BOOTSTRAP" "$PREWARM_TOPIC" \
        "$SERVER_LOOPS" >"$LOGS/$name-prewarm-server.log" 2>&1 &
      prewarm_pid=$!; PIDS+=("$prewarm_pid")
      wait_http "http://127.0.0.1:$PORT_BASE/" "$prewarm_pid" 60 || die "the prewarm server did not start (see $LOGS/$name-prewarm-server.log)"
      log "cold: prewarm, the same load for ${PREWARM} s against a throwaway KafkaAckServer (topic $PREWARM_TOPIC)"
    fi
    prewarm_args=(--prewarm-port "$PORT_BASE" --prewarm-seconds "$PREWARM" --prewarmed-file "$marker")
  fi
  java $LOADGEN_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-bench-%p.log":time,uptime -cp "$BENCH_CP" io.hooklane.bench.LoadGen \
    --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --threads "$LOADGEN_THREADS" --warmup 0 --duration "$DURATION" --label "cold $target $round" --target "$target" \
    "${prewarm_args[@]}" --ready-url "$url" --ready-wait "$READY_WAIT" --server-pid-file "$pidfile" \
    --broker-pid "$BROKER_PID" --sample-every 1 --sample-csv "$RESULTS/$name.csv" \
    --out "$RESULTS/$name.properties" 2>>"$LOGS/loadgen.log" > >(tee -a "$RESULTS/loadgen.txt") &
  loadgen_pid=$!; PIDS+=("$loadgen_pid")
  if ((PREWARM > 0)); then
    while [[ ! -f "$marker" ]]; do
      kill -0 "$loadgen_pid" 2>/dev/null || die "cold: the load generator exited during its prewarm (see $LOGS/loadgen.log)"
      sleep 0.2
    done
    stop_pid "$prewarm_pid"
    local answered; answered="$(tr -d '\n' <"$marker")"
    log "cold: prewarm over: $answered requests answered 202 of $((RATE * PREWARM)) offered"
    # far fewer: the machine or the prewarm server was too busy to warm the load generator
    ((answered * 10 >= RATE * PREWARM * 9)) || log "cold: WARNING: the prewarm answered under 90 % of what it offered: the load generator may not be warm"
  fi
  log "cold: starting $target"
  local steal0; steal0="$(cpu_steal_ticks)"
  t0="$(date +%s%N)"
  case "$target" in
    kafka-ack)
      java $SERVER_JAVA_OPTS -cp "$BENCH_CP" io.hooklane.bench.KafkaAckServer "$port" "$BOOTSTRAP" "$BASELINE_TOPIC" \
        "$SERVER_LOOPS" >"$LOGS/$name.log" 2>&1 &
      SERVER_PID=$!; PIDS+=("$SERVER_PID") ;;
    hooklane)
      launch_gateway "$port" "$LOGS/$name.log" ;;
    hooklane-before)
      GATEWAY_DIR="$OUT/gateway-before" launch_gateway "$port" "$LOGS/$name.log" \
        CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$BEFORE/routes/*.camel.yaml" ;;
  esac
  echo "$SERVER_PID" >"$pidfile"
  status=0; wait "$loadgen_pid" || status=$?
  ((status == 0)) || { tail -40 "$LOGS/$name.log" >&2; die "cold: $target did not get ready or the load failed (status $status; see $LOGS/$name.log, $LOGS/loadgen.log)"; }
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "$target: port $port is not served by pid $SERVER_PID"
  ready_ns="$(grep '^ready_epoch_ns=' "$RESULTS/$name.properties" | cut -d= -f2)"
  ready_cpu="$(grep '^ready_cpu_s=' "$RESULTS/$name.properties" | cut -d= -f2)"
  ready="$(( (ready_ns - t0) / 1000000 ))"
  log "cold: $target was ready $ready ms after its java command (CPU $ready_cpu s); the open loop at $RATE/s ran ${DURATION} s from then"
  printf 'ready_ms=%s\nsteal_pct=%s\n' "$ready" "$(steal_pct_since "$steal0")" >>"$RESULTS/$name.properties"
  stop_pid "$SERVER_PID"
  stop_broker
  rm -f "$pidfile" "$marker"
}
run_cold() {
  local round target order
  for round in $(seq 1 "$ROUNDS"); do
    order="$TARGETS"
    ((round % 2 == 0)) && order="$(echo "$TARGETS" | tr ' ' '\n' | tac | tr '\n' ' ')"
    for target in $order; do
      if [[ "$COLD_FAIR" == 1 ]]; then run_cold_one_fair "$target" "$round"; else run_cold_one "$target" "$round"; fi
    done
  done
}
# per run: readiness, 202/s in the first 10 s after readiness against the last 10 s (warm), and when the target was
# first at full speed: the second after which every later second answered >= 90 % of the rate at ack p99 <= 200 ms
cold_summary() {
  local f name csv
  printf '%-24s %9s %9s %12s %12s %8s %14s %10s %9s %8s %8s\n' run "ready s" "ready CPU" "202/s 0-10" "202/s 50-60" \
    ratio "full speed at" "p99 50-60" "CPU/1k" "other s" "steal %"
  for f in "$RESULTS"/cold-*.properties; do
    name="$(basename "$f" .properties)"; csv="$RESULTS/$name.csv"
    awk -F, -v ready="$(grep '^ready_ms=' "$f" | cut -d= -f2)" -v rate="$RATE" -v dur="$DURATION" \
        -v other="$(grep '^other_cpu_s=' "$f" | cut -d= -f2)" -v name="$name" -v steal="$(grep '^steal_pct=' "$f" | cut -d= -f2)" \
        -v readycpu="$(grep '^ready_cpu_s=' "$f" | cut -d= -f2)" -v cpu1k="$(grep '^server_cpu_per_1000=' "$f" | cut -d= -f2)" '
      NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
      $col["phase"] != "drain" && NR - 1 <= dur { t = NR - 1; a[t] = $col["ack_per_s"]; p[t] = $col["ack_p99_ms"]; n = t }
      END {
        last = 0
        # the series has no row for the last, partial second of the run; one that ended earlier than that is not at full
        # speed either
        for (t = 1; t <= dur - 1; t++) if (t > n || a[t] < 0.9 * rate || p[t] > 200 || p[t] == "") last = t
        for (t = 1; t <= 10; t++) first += a[t]
        for (t = n - 9; t <= n; t++) { warm += a[t]; if (p[t] > wp) wp = p[t] }
        full = last >= dur - 1 ? "never" : sprintf("%.1f s", ready / 1000 + last)
        printf "%-24s %9.1f %9s %12.0f %12.0f %8.2f %14s %10s %9s %8s %8s\n", name, ready / 1000, readycpu, first / 10,
          warm / 10, (warm > 0 ? first / warm : 0), full, wp, cpu1k, other, steal
      }' "$csv"
  done
  echo
  echo "Per second after readiness (t = the time series' row, one a second): 202/s and ack p99 ms (open loop, from the intended send time)"
  local files=("$RESULTS"/cold-*.csv)
  printf '%4s' t; for f in "${files[@]}"; do printf ' %22s' "$(basename "$f" .csv | cut -c6-)"; done; echo
  for t in $(seq 1 "$DURATION"); do
    printf '%4s' "$t"
    for f in "${files[@]}"; do
      awk -F, -v t="$t" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
        NR - 1 == t && $col["phase"] != "drain" { printf " %11s %10s", $col["ack_per_s"], $col["ack_p99_ms"]; found = 1 }
        END { if (!found) printf " %22s", "-" }' "$f"
    done
    echo
  done
}

if [[ "$SCENARIO" == cold ]]; then
  run_cold
  echo
  {
    cat "$RESULTS/machine.txt"
    echo
    cold_summary
    echo
    echo "results, time series (CSV): ${RESULTS#$ROOT/}"
  } | tee "$RESULTS/report.txt"
  exit 0
fi

# ------------------------------------------------------------------------------------- agent, fanout8, parked
run_keyed() { # name [LoadGen option...]: one destination "orders" on a fresh broker, keyed load -> <name>.properties/.csv
  local name="$1" port=$((PORT_BASE + 2)) dir
  shift
  dir="$RESULTS/routes-$name"
  scenario_routes "$dir" "$KEYED_EVENT" orders
  start_broker
  log "$name: starting the gateway ($(cat "${RUN_GATEWAY:-$GATEWAY}/DESCRIPTION"))"
  start_gateway "$port" "$LOGS/hooklane-$name.log" CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$dir/*.camel.yaml"
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "hooklane: port $port is not served by pid $SERVER_PID"
  log "$name: open loop at $RATE/s over $SUBJECTS subjects (warm-up ${WARMUP} s, measure ${DURATION} s, drain at most ${DRAIN_MAX} s)"
  bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --threads 1 --events "$KEYED_EVENT" --subjects "$SUBJECTS" --warmup "$WARMUP" --duration "$DURATION" \
    --label "$name" --target hooklane --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" \
    --receiver-port "$RECEIVER_PORT" --drain "$DRAIN_MAX" --destinations orders \
    --metrics-url "http://127.0.0.1:$port/observe/metrics" --bootstrap "$BOOTSTRAP" \
    --lag "dispatch:hooklane-dispatch:hooklane.events" --lag "orders:hooklane-deliver-orders:hooklane.deliver.orders" \
    --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/$name.csv" --out "$RESULTS/$name.properties" "$@" \
    2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
  log "$name: stopping the gateway and the broker"
  stop_pid "$SERVER_PID"
  stop_broker
  plot --warmup-end "$WARMUP" "$RESULTS/$name.csv" "$RESULTS/$name.png" "$name: $RATE/s over $SUBJECTS subjects" \
    "events/s=ack_per_s,deliveries_per_s" "log:latency ms=e2e_p50_ms,e2e_p99_ms" "queued events=lag.dispatch,lag.orders" \
    "gateway MB=heap_used_mb,heap_live_mb,rss_mb" "% of a core=cpu_pct"
}
# fanout8's hand-rolled pipeline: io.hooklane.bench.FanoutBaseline in one JVM (the gateway's JVM options), on a fresh
# broker, the same load and receiver as the gateways -> fanout-N8-handrolled.properties/.csv/.png
run_fanout_handrolled() {
  local port=$((PORT_BASE + 1)) name=fanout-N8-handrolled i lags dests
  start_broker
  log "fanout8: starting the hand-rolled pipeline (io.hooklane.bench.FanoutBaseline) on 127.0.0.1:$port"
  # its class path holds no gateway jar: nothing of Hooklane can run in it
  java $SERVER_JAVA_OPTS -Xlog:gc:file="$LOGS/gc-handrolled-%p.log":time,uptime -cp "$OUT/hooklane-bench.jar:$OUT/lib/*" \
    io.hooklane.bench.FanoutBaseline --port "$port" --bootstrap "$BOOTSTRAP" --receiver-port "$RECEIVER_PORT" \
    --destinations "$FANOUT" --ingest-loops "$SERVER_LOOPS" --event-loops "$(nproc)" >"$LOGS/handrolled.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_http "http://127.0.0.1:$port/" "$SERVER_PID" "$READY_WAIT" \
    || { tail -30 "$LOGS/handrolled.log" >&2; die "the hand-rolled pipeline did not start (see $LOGS/handrolled.log)"; }
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "hand-rolled: port $port is not served by pid $SERVER_PID"
  echo "io.hooklane.bench.FanoutBaseline (bench module at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$( \
    [[ -n "$(git -C "$ROOT" status --porcelain -- bench/src 2>/dev/null)" ]] && echo ' + uncommitted changes'))" \
    >"$RESULTS/handrolled.gateway"
  lags=(--lag "dispatch:fanout-router:fanout.events")
  dests="fan-1"
  for i in $(seq 1 "$FANOUT"); do
    lags+=(--lag "fan-$i:fanout-deliver-fan-$i:fanout.deliver.fan-$i")
    ((i > 1)) && dests+=",fan-$i"
  done
  log "fanout8, hand-rolled: open loop at $RATE/s of $FANOUT_EVENT (warm-up ${WARMUP} s, measure ${DURATION} s, drain at most ${DRAIN_MAX} s)"
  bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --ramp "$RAMP" --ramp-from "$RAMP_FROM" --threads "$LOADGEN_THREADS" --events "$FANOUT_EVENT" \
    --warmup "$WARMUP" --duration "$DURATION" \
    --label "fanout N=$FANOUT hand-rolled" --target fanout-baseline --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" \
    --receiver-port "$RECEIVER_PORT" --drain "$DRAIN_MAX" --destinations "$dests" --bootstrap "$BOOTSTRAP" "${lags[@]}" \
    --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/$name.csv" \
    --out "$RESULTS/$name.properties" 2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
  log "fanout8, hand-rolled: stopping it and the broker"
  stop_pid "$SERVER_PID"
  grep -h '^fanout-baseline: routed' "$LOGS/handrolled.log" | tail -1 || true
  stop_broker
  plot --warmup-end "$WARMUP" "$RESULTS/$name.csv" "$RESULTS/$name.png" \
    "hand-rolled fan-out: $FANOUT_EVENT at $RATE/s to $FANOUT destinations" \
    "events/s=ack_per_s,deliveries_per_s" "log:latency ms=ack_p99_ms,e2e_p50_ms,e2e_p99_ms" \
    "queued events=lag.dispatch,$(echo "$dests" | sed 's/\(fan-[0-9]*\)/lag.\1/g')" "% of a core=cpu_pct"
}
run_sides() { # every side (baseline when set, then tested): the scenario's runs
  local side
  for side in ${BASELINE_GATEWAY:+baseline} tested; do
    RUN_GATEWAY="$GATEWAY"
    [[ "$side" == baseline ]] && RUN_GATEWAY="$BASELINE_GATEWAY"
    cp "$RUN_GATEWAY/DESCRIPTION" "$RESULTS/$side.gateway"
    case "$SCENARIO" in
      agent) run_keyed "agent-$side" --receiver-delay-ms "$AGENT_DELAY_MS" ;;
      fanout8) stop_broker; run_fanout "-$side" ;;
      parked)
        run_keyed "parked-$side-steady" --fail-subject "$FAIL_SUBJECT" --fail-from "$WARMUP" --fail-for 0
        run_keyed "parked-$side-failing" --fail-subject "$FAIL_SUBJECT" --fail-from "$WARMUP" --fail-for "$FAIL_FOR" ;;
    esac
  done
  RUN_GATEWAY=""
}

# ---------------------------------------------------------------------------------------------------- protocols
# the gateway's routes/ as shipped, but routing.camel.yaml reduced to two rules: the event type to the support agent,
# and every agent answer (agent.response.*) to the CRM, as the shipped routing does
protocols_routes() { # dir event
  local dir="$1" event="$2" src="$GATEWAY/routes"
  mkdir -p "$dir"
  cp "$src"/*.camel.yaml "$dir/"
  grep -q 'ref: eventAttributes' "$src/routing.camel.yaml" && grep -q 'ref: unroutedEvents' "$src/routing.camel.yaml" \
    && grep -q '^ *- filter:' "$src/routing.camel.yaml" && grep -q "startsWith 'agent.response.'" "$src/routing.camel.yaml" \
    && grep -q 'SUPPORT_AGENT_PROTOCOL' "$src/destinations.camel.yaml" \
    || die "$src no longer has the shape protocols_routes expects (routing: eventAttributes, filters, agent.response.*, unroutedEvents; destinations: SUPPORT_AGENT_PROTOCOL)"
  {
    awk '/^ *- filter:/ { exit } { print }' "$src/routing.camel.yaml"
    echo "        - filter:"
    echo "            simple: \"\${exchangeProperty.type} in '$event'\""
    echo "            steps:"
    echo "              - to: \"hooklane-queue:support-agent\""
    echo
    echo "        - filter:"
    echo "            simple: \"\${exchangeProperty.type} startsWith 'agent.response.'\""
    echo "            steps:"
    echo "              - to: \"hooklane-queue:crm\""
    echo
    echo "        - process:"
    echo "            ref: unroutedEvents"
  } >"$dir/routing.camel.yaml"
}
run_protocol() { # protocol: a fresh broker, the gateway with the support agent switched by environment alone
  local proto="$1" port=$((PORT_BASE + 2)) dir name env=()
  name="protocols-$proto"
  dir="$RESULTS/routes-protocols"
  [[ -d "$dir" ]] || protocols_routes "$dir" "$KEYED_EVENT"
  case "$proto" in
    http) env=(SUPPORT_AGENT_PROTOCOL=http SUPPORT_AGENT_URL="http://127.0.0.1:$RECEIVER_PORT/support-agent") ;;
    mcp|mcp-stateless) env=(SUPPORT_AGENT_PROTOCOL=mcp SUPPORT_AGENT_URL="http://127.0.0.1:$AGENT_PORT/mcp") ;;
    a2a|a2a-push) env=(SUPPORT_AGENT_PROTOCOL=a2a SUPPORT_AGENT_URL="http://127.0.0.1:$AGENT_PORT") ;;
  esac
  start_broker
  log "$proto: starting the gateway (${env[*]})"
  start_gateway "$port" "$LOGS/hooklane-$name.log" CAMEL_MAIN_ROUTES_INCLUDE_PATTERN="file:$dir/*.camel.yaml" \
    SUPPORT_AGENT_REPLIES=true "${env[@]}"
  [[ "$(listening_pid "$port")" == "$SERVER_PID" ]] || die "hooklane: port $port is not served by pid $SERVER_PID"
  grep -qE 'Started deliver-support-agent ' "$LOGS/hooklane-$name.log" && grep -qE 'Started deliver-crm ' "$LOGS/hooklane-$name.log" \
    || die "$proto: the support agent's or the CRM's delivery route did not start (see $LOGS/hooklane-$name.log)"
  log "$proto: open loop at $RATE/s of $KEYED_EVENT (warm-up ${WARMUP} s, measure ${DURATION} s, drain at most ${DRAIN_MAX} s)"
  bench_java io.hooklane.bench.LoadGen --port "$port" --mode open --rate "$RATE" --connections "$OPEN_CONNECTIONS" \
    --threads 1 --events "$KEYED_EVENT" --warmup "$WARMUP" --duration "$DURATION" \
    --label "$name" --target hooklane --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" \
    --receiver-port "$RECEIVER_PORT" --drain "$DRAIN_MAX" --destinations support-agent,crm \
    --agent "$proto" --agent-port "$AGENT_PORT" --agent-destination support-agent \
    --metrics-url "http://127.0.0.1:$port/observe/metrics" --bootstrap "$BOOTSTRAP" \
    --lag "dispatch:hooklane-dispatch:hooklane.events" \
    --lag "support-agent:hooklane-deliver-support-agent:hooklane.deliver.support-agent" \
    --lag "crm:hooklane-deliver-crm:hooklane.deliver.crm" \
    --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/$name.csv" --out "$RESULTS/$name.properties" \
    2>>"$LOGS/loadgen.log" | tee -a "$RESULTS/loadgen.txt"
  log "$proto: stopping the gateway and the broker"
  stop_pid "$SERVER_PID"
  stop_broker
  plot --warmup-end "$WARMUP" "$RESULTS/$name.csv" "$RESULTS/$name.png" "support agent over $proto: $RATE/s, answers to the CRM" \
    "events/s=ack_per_s,deliveries_per_s.support-agent,deliveries_per_s.crm" "log:latency ms=e2e_p50_ms,e2e_p99_ms" \
    "queued events=lag.dispatch,lag.support-agent,lag.crm" "% of a core=cpu_pct"
}

if [[ "$SCENARIO" == protocols ]]; then
  stop_broker # every protocol starts its own
  for proto in $PROTOCOLS; do run_protocol "$proto"; done
  echo
  {
    cat "$RESULTS/machine.txt"
    echo "load avg after the run:  $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    status=0
    bench_java io.hooklane.bench.ProtocolReport "$RESULTS" $PROTOCOLS || status=$?
    echo
    echo "results, time series (CSV) and plots (PNG): ${RESULTS#$ROOT/}"
    exit $status
  } | tee "$RESULTS/report.txt"
  exit "${PIPESTATUS[0]}"
fi

if [[ "$SCENARIO" =~ ^(agent|fanout8|parked)$ ]]; then
  stop_broker # every run starts its own
  if [[ "$SCENARIO" == fanout8 && "$FANOUT_BASELINE" != 0 ]]; then run_fanout_handrolled; fi
  if [[ "$SCENARIO" != fanout8 || "$FANOUT_BASELINE" != only ]]; then run_sides; fi
  echo
  {
    cat "$RESULTS/machine.txt"
    echo
    bench_java io.hooklane.bench.KeyedReport "$SCENARIO" "$RESULTS"
    echo
    echo "results, time series (CSV) and plots (PNG): ${RESULTS#$ROOT/}"
  } | tee "$RESULTS/report.txt"
  exit "${PIPESTATUS[0]}"
fi

if [[ "$SCENARIO" == fanout || "$SCENARIO" == backlog ]]; then
  if [[ "$SCENARIO" == fanout ]]; then run_fanout; else run_backlog; fi
  echo
  {
    cat "$RESULTS/machine.txt"
    echo
    status=0
    if [[ "$SCENARIO" == fanout ]]; then
      echo "Per N: sent/202 = requests of the measurement window; ack/s = 202s per second; deliv(w) = deliveries that"
      echo "arrived at the receiver during the measurement window, deliv/s = per second (compare with N*ack/s: ratio);"
      echo "e2e = sender's intended send time -> first delivery at a destination, events of the window, every"
      echo "destination; CPU/1k dl (ev) = gateway CPU seconds per 1000 deliveries (202s) of the window; missing ="
      echo "acknowledged events x N - distinct (destination, event) deliveries, whole run; tail s = last delivery"
      echo "after the load ended; kept up = ratio >= 0.97, missing 0 and tail <= 5 s."
      echo
      bench_java io.hooklane.bench.ScenarioReport fanout "$RESULTS" || status=$?
    else
      bench_java io.hooklane.bench.ScenarioReport backlog "$RESULTS" || status=$?
      echo "records on $GATEWAY_TOPIC: $(cat "$RESULTS/records-hooklane.txt") (202s, whole run: $(grep '^accepted_total=' "$RESULTS/backlog.properties" | cut -d= -f2))"
    fi
    echo
    echo "results, time series (CSV) and plots (PNG): ${RESULTS#$ROOT/}"
    exit $status
  } | tee "$RESULTS/report.txt"
  exit "${PIPESTATUS[0]}"
fi

ti=0
for target in $TARGETS; do
  ti=$((ti + 1))
  case "$target" in
    bare) port=$PORT_BASE ;; kafka-ack) port=$((PORT_BASE + 1)) ;; hooklane|hooklane-before) port=$((PORT_BASE + 2)) ;;
    *) die "unknown target $target" ;;
  esac
  [[ "$target" != hooklane-before || -n "$BEFORE" ]] || die "hooklane-before needs BENCH_BEFORE (another checkout)"
  log "starting $target on 127.0.0.1:$port"
  start_target "$target" "$port"
  li=0
  for load in $LOADS; do
    li=$((li + 1))
    case "$load" in
      c[0-9]*) args=(--mode closed --connections "${load#c}") ;;
      r[0-9]*) args=(--mode open --rate "${load#r}" --connections "$OPEN_CONNECTIONS" --ramp "$RAMP" --ramp-from "$RAMP_FROM") ;;
      *) die "unknown load $load (cN or rN)" ;;
    esac
    receiver=()
    if [[ "$target" == hooklane* && "$HOOKLANE_ROUTES" == true ]]; then
      # the destinations are the load generator's own receiver: it measures POST -> delivery
      receiver=(--receiver-port "$RECEIVER_PORT" --destinations recommendations-agent,support-agent,crm,pricing)
      [[ "$HOPS" == 1 ]] && receiver+=(--bootstrap "$BOOTSTRAP" --hops)
    fi
    [[ "$target" == hooklane* ]] && receiver+=(--metrics-url "http://127.0.0.1:$port/observe/metrics")
    name="$(printf 'L%02d-T%02d' "$li" "$ti")-$target-$load"
    log "$target: load $load (warm-up ${WARMUP} s, measure ${DURATION} s)"
    bench_java io.hooklane.bench.LoadGen --port "$port" "${args[@]}" --threads "$LOADGEN_THREADS" \
      --warmup "$WARMUP" --duration "$DURATION" --label "$target $load" --target "$target" \
      --server-pid "$SERVER_PID" --broker-pid "$BROKER_PID" "${receiver[@]}" \
      --sample-every "$SAMPLE_EVERY" --sample-csv "$RESULTS/$name.csv" \
      --out "$RESULTS/$name.properties" 2>>"$LOGS/loadgen.log" \
      | tee -a "$RESULTS/loadgen.txt"
    plot --warmup-end "$WARMUP" "$RESULTS/$name.csv" "$RESULTS/$name.png" "$target, load $load (warm-up ${WARMUP} s, measure ${DURATION} s)" \
      "requests/s=ack_per_s,deliveries_per_s" "log:latency ms=ack_p50_ms,ack_p99_ms,e2e_p50_ms,e2e_p99_ms" \
      "MB=heap_used_mb,rss_mb"
  done
  log "stopping $target"
  stop_pid "$SERVER_PID"
  case "$target" in
    kafka-ack) bench_java io.hooklane.bench.KafkaTool count "$BOOTSTRAP" "$BASELINE_TOPIC" >"$RESULTS/records-$target.txt" || echo "count failed" >"$RESULTS/records-$target.txt" ;;
    hooklane*) bench_java io.hooklane.bench.KafkaTool count "$BOOTSTRAP" "$GATEWAY_TOPIC" >"$RESULTS/records-$target.txt" || echo "count failed" >"$RESULTS/records-$target.txt" ;;
  esac
done

# --------------------------------------------------------------------------------------------------------- report
echo
{
  cat "$RESULTS/machine.txt"
  echo
  echo "Columns: sent/202/other/errors = requests issued in the measurement window and their outcome; req/s = 202s"
  echo "per second of measurement; p50/p99/p99.9 = ack latency (send -> 202; open-loop: from the intended send time);"
  echo "srvCPU/1k = server CPU seconds per 1000 202s; srv MB = server RSS at the end; gen s / other = CPU seconds of the"
  echo "load generator / of every other process (broker excluded) during the measurement (machine: $(nproc) cores x ${DURATION} s)."
  echo
  status=0
  bench_java io.hooklane.bench.Report "$RESULTS" || status=$?
  echo
  echo "results and logs: ${RESULTS#$ROOT/}"
  exit $status
} | tee "$RESULTS/report.txt"
exit "${PIPESTATUS[0]}"
