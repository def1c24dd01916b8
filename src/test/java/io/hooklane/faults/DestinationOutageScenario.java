package io.hooklane.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 3: under a load of {@code payment.failed} events (routed to support-agent and crm), the crm receiver
 * answers 503 for {@code outage}, then 200 again. crm's circuit breaker must open, support-agent must keep getting
 * events quickly meanwhile, and once crm is back every acknowledged event must reach both.
 */
public final class DestinationOutageScenario {

    /** Stands for "never delivered" among the delays. */
    public static final Duration NEVER = Duration.ofDays(1);

    /**
     * The window "while the breaker was open" runs from the scrape that first saw crm's breaker open to the end of
     * the outage.
     *
     * @param breakerOpenedAfter    from the start of the outage to that scrape, or null when the breaker was not
     *                              seen open during the outage
     * @param breakerClosedAtEnd    the breaker reported closed once the backlog was delivered
     * @param ackedWhileOpen        202s received in the window
     * @param supportAgentWhileOpen 2xx deliveries support-agent received in the window
     * @param supportAgentStage     support-agent's deliveries in the window by the gateway's routing-to-delivery time
     * @param supportAgentDelays    for the events acknowledged in the window: from the 202 to support-agent's first
     *                              2xx (routing included), sorted; {@link #NEVER} when it never came
     */
    public record Outcome(FaultResult result, Duration breakerOpenedAfter, boolean breakerClosedAtEnd,
                          long ackedWhileOpen, long supportAgentWhileOpen, DeliveryStage supportAgentStage,
                          List<Duration> supportAgentDelays) {
    }

    private DestinationOutageScenario() {
    }

    public static Outcome run(Duration loadAround, Duration outage, int rate) {
        List<GatewayProcess> started = new ArrayList<>();
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = Scenarios.gatewayConfig(TestKafka.bootstrapServers(), receiver);
            // a breaker that opens within a few failed calls and probes every 2 s
            config.put("hooklane.delivery.initial-backoff-millis", "100");
            config.put("hooklane.delivery.max-backoff-millis", "1000");
            config.put("hooklane.delivery.sliding-window-size", "10");
            config.put("hooklane.delivery.minimum-calls", "5");
            config.put("hooklane.delivery.open-wait-millis", "2000");
            config.put("hooklane.delivery.half-open-calls", "1");
            TestGateway client = Scenarios.startReady(config, "destination-outage", started).client();
            Ledger ledger = new Ledger();
            long outageStart;
            MetricsScrape atOpen;
            long openNanos;
            Instant openAt;
            MetricsScrape atEnd;
            long outageEnd;
            Instant endAt;
            try (LoadSender ignored = LoadSender.start(List.of(client), List.of("payment.failed"),
                    Scenarios.SENDER_THREADS, rate, ledger)) {
                Scenarios.loadFor(loadAround, ledger);
                receiver.answer("crm", r -> TestReceiver.Answer.of(503));
                outageStart = System.nanoTime();
                atOpen = awaitBreakerOpen(client, outage);
                openNanos = System.nanoTime();
                openAt = Instant.now();
                Scenarios.hold(Duration.ofNanos(outageStart + outage.toNanos() - System.nanoTime()));
                atEnd = MetricsScrape.of(client);
                receiver.answer("crm", r -> TestReceiver.Answer.of(200));
                outageEnd = System.nanoTime();
                endAt = Instant.now();
                Scenarios.loadFor(loadAround, ledger);
            }
            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            boolean closed = breakerState(client, "closed");
            Duration openedAfter = atOpen == null ? null : Duration.ofNanos(openNanos - outageStart);
            List<Ledger.Ack> ackedWhileOpen = atOpen == null ? List.of() : ledger.acksBetween(openNanos, outageEnd);
            long supportAgentWhileOpen = atOpen == null ? 0 : receiver.forDestination("support-agent").stream()
                    .filter(r -> r.answered() / 100 == 2 && r.at().isAfter(openAt) && r.at().isBefore(endAt)).count();
            DeliveryStage stage = atOpen == null ? new DeliveryStage(0, 0, 0)
                    : DeliveryStage.between(atOpen, atEnd, "support-agent", 2.0);
            List<Duration> delays = supportAgentDelays(ackedWhileOpen, receiver);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("crm down", Scenarios.seconds(Duration.ofNanos(outageEnd - outageStart)));
            facts.put("crm answers 503", String.valueOf(receiver.forDestination("crm").stream()
                    .filter(r -> r.answered() == 503).count()));
            facts.put("breaker open after", openedAfter == null ? "never seen" : Scenarios.seconds(openedAfter));
            facts.put("breaker closed at the end", String.valueOf(closed));
            facts.put("while the breaker was open", ackedWhileOpen.size() + " acked, support-agent got "
                    + supportAgentWhileOpen + ", routing to delivery " + stage);
            facts.put("support-agent 202 to delivery (routing included) before the outage",
                    describe(supportAgentDelays(ledger.acksBetween(Long.MIN_VALUE, outageStart), receiver)));
            facts.put("while open", describe(delays));
            FaultResult result = FaultResult.of("destination-outage", ledger, deliveries, facts).print();
            return new Outcome(result, openedAfter, closed, ackedWhileOpen.size(), supportAgentWhileOpen, stage,
                    delays);
        } finally {
            started.forEach(GatewayProcess::close);
        }
    }

    /** Scrapes {@code /observe/metrics} until crm's breaker shows open: that scrape, or null if not within the outage. */
    private static MetricsScrape awaitBreakerOpen(TestGateway client, Duration outage) {
        try {
            return await("crm's breaker open").atMost(outage).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> MetricsScrape.of(client), scrape -> scrape.value("hooklane_circuit_breaker_state",
                            "destination", "crm", "state", "open") == 1.0);
        } catch (ConditionTimeoutException e) {
            return null;
        }
    }

    private static boolean breakerState(TestGateway client, String state) {
        return MetricsScrape.of(client).value("hooklane_circuit_breaker_state", "destination", "crm",
                "state", state) == 1.0;
    }

    private static List<Duration> supportAgentDelays(List<Ledger.Ack> acks, TestReceiver receiver) {
        List<Duration> delays = new ArrayList<>();
        for (Ledger.Ack ack : acks) {
            Instant delivered = receiver.forEvent(ack.id()).stream()
                    .filter(r -> r.destination().equals("support-agent") && r.answered() / 100 == 2)
                    .map(TestReceiver.Received::at).min(Instant::compareTo).orElse(null);
            Duration delay = delivered == null ? NEVER : Duration.between(ack.at(), delivered);
            // the receiver can record the delivery a moment before the sender's thread records the 202
            delays.add(delay.isNegative() ? Duration.ZERO : delay);
        }
        delays.sort(Duration::compareTo);
        return delays;
    }

    private static String describe(List<Duration> delays) {
        return delays.size() + " events, p50 " + Scenarios.seconds(Scenarios.percentile(delays, 50)) + " p99 "
                + Scenarios.seconds(Scenarios.percentile(delays, 99)) + " max "
                + Scenarios.seconds(Scenarios.percentile(delays, 100));
    }
}
