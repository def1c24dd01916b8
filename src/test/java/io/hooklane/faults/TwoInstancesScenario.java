package io.hooklane.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;

/**
 * Scenario 4: two gateway JVMs with the same topics and consumer groups on one broker, the senders alternating
 * between them for {@code load}: every acknowledged event is delivered, and both instances do part of the delivery
 * work (their {@code hooklane_deliveries_succeeded_total}).
 */
public final class TwoInstancesScenario {

    /** Per instance (a, b): 202s it answered, deliveries it made according to its own metrics. */
    public record Outcome(FaultResult result, long ackedA, long ackedB, double deliveredA, double deliveredB) {
    }

    private TwoInstancesScenario() {
    }

    public static Outcome run(Duration load, int rate) {
        List<GatewayProcess> started = new ArrayList<>();
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> configA = Scenarios.gatewayConfig(TestKafka.bootstrapServers(), receiver);
            Map<String, String> configB = Scenarios.secondInstance(configA);
            GatewayProcess a = GatewayProcess.start(configA, "two-instances-a");
            started.add(a);
            GatewayProcess b = GatewayProcess.start(configB, "two-instances-b");
            started.add(b);
            a.awaitReady(Scenarios.GATEWAY_READY);
            b.awaitReady(Scenarios.GATEWAY_READY);
            Ledger ledger = new Ledger();
            try (LoadSender ignored = LoadSender.start(List.of(a.client(), b.client()),
                    List.of("customer.updated", "payment.failed", "inventory.updated"), Scenarios.SENDER_THREADS, rate,
                    ledger)) {
                Scenarios.loadFor(load, ledger);
            }
            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            long ackedA = ledger.acks().stream().filter(ack -> ack.target() == 0).count();
            long ackedB = ledger.acks().stream().filter(ack -> ack.target() == 1).count();
            double deliveredA = MetricsScrape.of(a.client()).value("hooklane_deliveries_succeeded_total");
            double deliveredB = MetricsScrape.of(b.client()).value("hooklane_deliveries_succeeded_total");
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("instance a", String.format("acked %d, delivered %.0f", ackedA, deliveredA));
            facts.put("instance b", String.format("acked %d, delivered %.0f", ackedB, deliveredB));
            FaultResult result = FaultResult.of("two-instances", ledger, deliveries, facts).print();
            return new Outcome(result, ackedA, ackedB, deliveredA, deliveredB);
        } finally {
            started.forEach(GatewayProcess::close);
        }
    }
}
