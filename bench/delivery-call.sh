#!/usr/bin/env bash
# The CPU of one delivery attempt's route against a fast receiver, without Kafka (DeliveryCallBench):
#   bench/delivery-call.sh stock|engine [calls] [inFlight]     (defaults 20000 and 64; 127.0.0.1 only)
# stock: camel-vertx-http's own component and the choices evaluated per attempt; engine: as the gateway ships it.
# DELIVERY_CALL_JAVA_OPTS adds JVM options (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -B -DskipTests test-compile
mvn -o -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/delivery-call.classpath
exec java -Xms512m -Xmx512m ${DELIVERY_CALL_JAVA_OPTS:-} \
    -cp "target/test-classes:target/classes:$(cat target/delivery-call.classpath)" \
    io.hooklane.bench.DeliveryCallBench "${1:-engine}" "${2:-20000}" "${3:-64}"
