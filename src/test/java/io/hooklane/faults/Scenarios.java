package io.hooklane.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestReceiver;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/** What the four scenarios share: the gateway configuration, timed phases, and the final wait for deliveries. */
final class Scenarios {

    static final Duration GATEWAY_READY = Duration.ofSeconds(90);
    static final int SENDER_THREADS = 3;

    private Scenarios() {
    }

    /**
     * A gateway on a free port of 127.0.0.1 with its own topics and consumer groups on {@code brokers}, delivering
     * to {@code receiver}; no per-client rate limit (the load comes from one address); a killed instance's
     * partitions move after 6 s, the broker's smallest session timeout; no ingest warm-up (ready as soon as the
     * routes run: what the scenarios measure is the faults, not the first requests' latency).
     */
    static Map<String, String> gatewayConfig(String brokers, TestReceiver receiver) {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.putAll(TestGateway.fastDelivery(receiver));
        config.put("hooklane.ingest.rate-limit", "0");
        config.put("hooklane.kafka.session-timeout-ms", "6000");
        config.put("hooklane.warmup.webhooks", "0");
        return config;
    }

    /** The same gateway (same topics and groups) as a second instance: another port and data directory. */
    static Map<String, String> secondInstance(Map<String, String> config) {
        Map<String, String> copy = new HashMap<>(config);
        copy.put("camel.server.port", String.valueOf(TestGateway.freePort()));
        copy.put("hooklane.data-dir", tempDir("gateway-").toString());
        return copy;
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "faults")), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a gateway JVM, remembers it in {@code started} (for the caller's finally), waits until it is ready. */
    static GatewayProcess startReady(Map<String, String> config, String name, List<GatewayProcess> started) {
        GatewayProcess gateway = GatewayProcess.start(config, name);
        started.add(gateway);
        return gateway.awaitReady(GATEWAY_READY);
    }

    /** Lets the load run for {@code duration}, and checks it got at least one 202 meanwhile. */
    static void loadFor(Duration duration, Ledger ledger) {
        int before = ledger.ackCount();
        await("202s during " + duration.toSeconds() + " s of load").pollDelay(duration)
                .atMost(duration.plusSeconds(30)).until(() -> ledger.ackCount() > before);
    }

    /** Holds the current state (an outage) for {@code duration}. */
    static void hold(Duration duration) {
        if (!duration.isNegative() && !duration.isZero()) {
            await().pollDelay(duration).atMost(duration.plusSeconds(1)).until(() -> true);
        }
    }

    /**
     * Waits until every acknowledged event reached each of its destinations, then until no delivery has arrived
     * for 2 s (late repeats count as duplicates; deliveries that never stop fail here). When the first wait times
     * out, the count is returned as it is: the missing deliveries show as lost.
     */
    static Deliveries awaitDelivered(Ledger ledger, TestReceiver receiver) {
        Duration atMost = Duration.ofSeconds(120).plusMillis(ledger.ackCount() * 10L);
        try {
            await("every acknowledged event delivered").atMost(atMost).pollInterval(Duration.ofMillis(250))
                    .until(() -> Deliveries.count(ledger.acks(), receiver).lost().isEmpty());
        } catch (ConditionTimeoutException e) {
            return Deliveries.count(ledger.acks(), receiver);
        }
        AtomicInteger seen = new AtomicInteger(-1);
        await("no more deliveries for 2 s").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    int now = receiver.count();
                    return seen.getAndSet(now) == now;
                });
        return Deliveries.count(ledger.acks(), receiver);
    }

    /** The {@code percentile} (0 to 100) of durations sorted in ascending order; zero when there are none. */
    static Duration percentile(List<Duration> sorted, double percentile) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int index = (int) Math.ceil(percentile / 100 * sorted.size()) - 1;
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, index)));
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }
}
