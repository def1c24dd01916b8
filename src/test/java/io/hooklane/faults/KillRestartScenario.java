package io.hooklane.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;

/**
 * Scenario 1: the gateway (a child JVM) is killed with SIGKILL {@code kills} times under sustained load and
 * restarted each time with the same configuration; then every event that got a 202 must reach its destinations.
 */
public final class KillRestartScenario {

    /**
     * @param exitStatuses   the killed JVMs' exit statuses (137: SIGKILL)
     * @param ackedPerRun    202s received while each instance ran (kills + 1 runs)
     * @param readyAgain     from each kill to the new instance answering ready
     */
    public record Outcome(FaultResult result, List<Integer> exitStatuses, List<Integer> ackedPerRun,
                          List<Duration> readyAgain) {
    }

    private KillRestartScenario() {
    }

    public static Outcome run(int kills, Duration loadBetweenKills, int rate) {
        List<GatewayProcess> started = new ArrayList<>();
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = Scenarios.gatewayConfig(TestKafka.bootstrapServers(), receiver);
            Ledger ledger = new Ledger();
            List<Integer> exitStatuses = new ArrayList<>();
            List<Integer> ackedPerRun = new ArrayList<>();
            List<Duration> readyAgain = new ArrayList<>();
            GatewayProcess gateway = Scenarios.startReady(config, "kill-restart-0", started);
            try (LoadSender ignored = LoadSender.start(List.of(gateway.client()),
                    List.of("customer.updated", "payment.failed", "inventory.updated"), Scenarios.SENDER_THREADS, rate,
                    ledger)) {
                int acked = 0;
                for (int kill = 1; kill <= kills; kill++) {
                    Scenarios.loadFor(loadBetweenKills, ledger);
                    exitStatuses.add(gateway.kill9());
                    long killedAt = System.nanoTime();
                    ackedPerRun.add(ledger.ackCount() - acked);
                    acked = ledger.ackCount();
                    gateway = Scenarios.startReady(config, "kill-restart-" + kill, started);
                    readyAgain.add(Duration.ofNanos(System.nanoTime() - killedAt));
                }
                Scenarios.loadFor(loadBetweenKills, ledger);
                ackedPerRun.add(ledger.ackCount() - acked);
            }
            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("kills", kills + " (exit statuses " + exitStatuses + ")");
            facts.put("acked per run", ackedPerRun.toString());
            facts.put("ready again after", readyAgain.stream().map(Scenarios::seconds).toList().toString());
            FaultResult result = FaultResult.of("kill-9-restart", ledger, deliveries, facts).print();
            return new Outcome(result, exitStatuses, ackedPerRun, readyAgain);
        } finally {
            started.forEach(GatewayProcess::close);
        }
    }
}
