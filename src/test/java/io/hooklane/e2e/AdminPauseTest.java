package io.hooklane.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Pausing a destination through the admin API holds its events in Kafka; resuming drains them. Own gateway. */
class AdminPauseTest {

    private static TestReceiver receiver;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("HOOKLANE_ADMIN_TOKEN", AdminApiTest.TOKEN);
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
        admin = new AdminClient(gateway, AdminApiTest.TOKEN);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    @Test
    void pause_holds_a_destinations_deliveries_and_resume_drains_them() {
        assertThat(admin.ok(admin.post("/admin/destinations/crm/pause", null)).path("paused").asBoolean()).isTrue();
        assertThat(admin.destination("crm").path("paused").asBoolean()).isTrue();
        assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_paused", "destination", "crm")).isEqualTo(1.0);
        assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_paused", "destination", "support-agent"))
                .isEqualTo(0.0);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("payment.failed").build()));
        }
        // the other destination of payment.failed is not held up
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream()
                .allMatch(id -> count(id, "support-agent") == 1));
        // the paused one gets nothing, and its events show as waiting
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> receiver.forDestination("crm").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() ->
                admin.destination("crm").path("waitingEvents").asLong() > 0
                        && MetricsScrape.scrape(gateway, "hooklane_destination_waiting_events", "destination", "crm") > 0);

        JsonAssert.paused(admin.ok(admin.post("/admin/destinations/crm/resume", null)), false);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> count(id, "crm") == 1));
        assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_paused", "destination", "crm")).isEqualTo(0.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.destination("crm").path("waitingEvents").asLong() == 0);
    }

    private static long count(String id, String destination) {
        return receiver.forEvent(id).stream().filter(r -> r.destination().equals(destination)).count();
    }

    private static final class JsonAssert {
        static void paused(com.fasterxml.jackson.databind.JsonNode node, boolean paused) {
            assertThat(node.path("paused").asBoolean()).as(node.toString()).isEqualTo(paused);
        }
    }
}
