package io.hooklane.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestReceiver;
import io.hooklane.kafka.EmbeddedKafka;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 2: under load, the gateway's Kafka broker (its own, not the shared test broker) is stopped for
 * {@code outage}, then started again on the same port with the same data. While it is down the gateway must not
 * answer 202 (503 {@code queue_unavailable} instead); everything acknowledged before and after must be delivered.
 */
public final class BrokerOutageScenario {

    /**
     * @param ackedDuringOutage 202s received after the broker had fully stopped and before its restart began
     * @param backAfter         from the restart to the first 202
     */
    public record Outcome(FaultResult result, long ackedBefore, long ackedDuringOutage, long ackedAfter,
                          long queueUnavailable, Duration backAfter) {
    }

    private BrokerOutageScenario() {
    }

    public static Outcome run(Duration loadAround, Duration outage, int rate) {
        Path brokerDir = Scenarios.tempDir("broker-");
        List<EmbeddedKafka> brokers = new ArrayList<>();
        List<GatewayProcess> started = new ArrayList<>();
        try (TestReceiver receiver = new TestReceiver()) {
            brokers.add(EmbeddedKafka.start(brokerDir, TestGateway.freePort()));
            String bootstrap = brokers.get(0).bootstrapServers();
            int port = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
            Map<String, String> config = Scenarios.gatewayConfig(bootstrap, receiver);
            GatewayProcess gateway = Scenarios.startReady(config, "broker-outage", started);
            Ledger ledger = new Ledger();
            long stoppedAt;
            long restartAt;
            long restartedAt;
            try (LoadSender ignored = LoadSender.start(List.of(gateway.client()),
                    List.of("customer.updated", "payment.failed", "inventory.updated"), Scenarios.SENDER_THREADS, rate,
                    ledger)) {
                Scenarios.loadFor(loadAround, ledger);
                brokers.remove(0).close();
                stoppedAt = System.nanoTime();
                Scenarios.hold(outage);
                restartAt = System.nanoTime();
                brokers.add(EmbeddedKafka.start(brokerDir, port));
                restartedAt = System.nanoTime();
                await("a 202 after the broker's restart").atMost(Duration.ofSeconds(90))
                        .until(() -> !ledger.acksBetween(restartedAt, Long.MAX_VALUE).isEmpty());
                Scenarios.loadFor(loadAround, ledger);
            }
            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            long before = ledger.acksBetween(Long.MIN_VALUE, stoppedAt).size();
            long during = ledger.acksBetween(stoppedAt, restartAt).size();
            long after = ledger.acksBetween(restartAt, Long.MAX_VALUE).size();
            long firstAfter = ledger.acksBetween(restartedAt, Long.MAX_VALUE).stream()
                    .mapToLong(Ledger.Ack::nanos).min().orElse(restartedAt);
            Duration backAfter = Duration.ofNanos(firstAfter - restartAt);
            long queueUnavailable = ledger.refused().getOrDefault("503 queue_unavailable", 0L);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("broker down", Scenarios.seconds(Duration.ofNanos(restartAt - stoppedAt)));
            facts.put("202 before / during / after the outage", before + " / " + during + " / " + after);
            facts.put("first 202 after the restart began", Scenarios.seconds(backAfter));
            FaultResult result = FaultResult.of("broker-outage", ledger, deliveries, facts).print();
            return new Outcome(result, before, during, after, queueUnavailable, backAfter);
        } finally {
            started.forEach(GatewayProcess::close);
            brokers.forEach(EmbeddedKafka::close);
        }
    }
}
