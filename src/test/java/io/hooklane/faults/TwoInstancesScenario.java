package io.hooklane.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import io.hooklane.e2e.TestReceiver;

import static org.awaitility.Awaitility.await;

/**
 * Scenario 4: two gateway JVMs with the same topics and consumer groups on one broker, the senders alternating
 * between them for {@code load}: every acknowledged event is delivered, and both instances do part of the delivery
 * work (their {@code hooklane_deliveries_succeeded_total}). Then, under the same load, crm is paused through
 * instance a for a quarter of {@code load}: b must obey within 5 s, crm must receive nothing while paused (from either
 * instance), and once it is resumed through b every event reaches it.
 */
public final class TwoInstancesScenario {

    /** Per instance (a, b): 202s it answered, deliveries it made according to its own metrics. */
    public record Outcome(FaultResult result, long ackedA, long ackedB, double deliveredA, double deliveredB,
                          String pausedBy, Duration pauseSeenByB, long ackedForCrmWhilePaused,
                          long crmDeliveredWhilePaused) {
    }

    private static final String TOKEN = "fault-suite-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TwoInstancesScenario() {
    }

    public static Outcome run(Duration load, int rate) {
        List<GatewayProcess> started = new ArrayList<>();
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> configA = Scenarios.gatewayConfig(TestKafka.bootstrapServers(), receiver);
            configA.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
            configA.put("hooklane.instance-id", "two-instances-a");
            Map<String, String> configB = Scenarios.secondInstance(configA);
            configB.put("hooklane.instance-id", "two-instances-b");
            GatewayProcess a = GatewayProcess.start(configA, "two-instances-a");
            started.add(a);
            GatewayProcess b = GatewayProcess.start(configB, "two-instances-b");
            started.add(b);
            a.awaitReady(Scenarios.GATEWAY_READY);
            b.awaitReady(Scenarios.GATEWAY_READY);
            Ledger ledger = new Ledger();
            String pausedBy;
            Duration pauseSeenByB;
            String scrapeMillis;
            long crmWhilePaused;
            long ackedForCrm;
            try (LoadSender ignored = LoadSender.start(List.of(a.client(), b.client()),
                    List.of("customer.updated", "payment.failed", "inventory.updated"), Scenarios.SENDER_THREADS, rate,
                    ledger)) {
                Scenarios.loadFor(load, ledger);
                pausedBy = admin(a.client(), "POST", "/admin/destinations/crm/pause").path("pausedBy").asText();
                long pausedAt = System.nanoTime();
                java.util.List<Long> scrapes = new java.util.concurrent.CopyOnWriteArrayList<>();
                await("b obeys a's pause").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            long start = System.nanoTime();
                            boolean seen = MetricsScrape.scrape(b.client(), "hooklane_destination_paused",
                                    "destination", "crm") == 1.0;
                            scrapes.add((System.nanoTime() - start) / 1_000_000);
                            return seen;
                        });
                scrapeMillis = scrapes.toString();
                pauseSeenByB = Duration.ofNanos(System.nanoTime() - pausedAt);
                // attempts already under way when the pause arrived end; after that crm gets nothing
                AtomicInteger last = new AtomicInteger(-1);
                await("crm deliveries settle").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(200)).until(() -> {
                            int now = receiver.forDestination("crm").size();
                            return last.getAndSet(now) == now;
                        });
                int crmBefore = receiver.forDestination("crm").size();
                long from = System.nanoTime();
                Scenarios.loadFor(load.dividedBy(4), ledger);
                crmWhilePaused = receiver.forDestination("crm").size() - crmBefore;
                ackedForCrm = ledger.acksBetween(from, System.nanoTime()).stream()
                        .filter(ack -> Deliveries.ROUTES.get(ack.type()).contains("crm")).count();
                admin(b.client(), "POST", "/admin/destinations/crm/resume");
            }
            Deliveries deliveries = Scenarios.awaitDelivered(ledger, receiver);
            long ackedA = ledger.acks().stream().filter(ack -> ack.target() == 0).count();
            long ackedB = ledger.acks().stream().filter(ack -> ack.target() == 1).count();
            double deliveredA = MetricsScrape.of(a.client()).value("hooklane_deliveries_succeeded_total");
            double deliveredB = MetricsScrape.of(b.client()).value("hooklane_deliveries_succeeded_total");
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("instance a", String.format("acked %d, delivered %.0f", ackedA, deliveredA));
            facts.put("instance b", String.format("acked %d, delivered %.0f", ackedB, deliveredB));
            facts.put("pause", String.format("crm paused by %s, obeyed by b after %s (b's metrics read in %s ms); %d "
                    + "events for crm acked while paused, %d delivered to crm while paused", pausedBy,
                    Scenarios.seconds(pauseSeenByB), scrapeMillis,
                    ackedForCrm, crmWhilePaused));
            FaultResult result = FaultResult.of("two-instances", ledger, deliveries, facts).print();
            return new Outcome(result, ackedA, ackedB, deliveredA, deliveredB, pausedBy, pauseSeenByB,
                    ackedForCrm,
                    crmWhilePaused);
        } finally {
            started.forEach(GatewayProcess::close);
        }
    }

    /** An admin API call that must answer 200. */
    private static JsonNode admin(TestGateway gateway, String method, String path) {
        HttpResponse<String> response = gateway.send(gateway.request(path).header("Authorization", "Bearer " + TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable admin answer: " + response.body(), e);
        }
    }
}
