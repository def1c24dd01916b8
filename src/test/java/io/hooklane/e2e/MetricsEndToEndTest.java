package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The counters at /observe/metrics move with real traffic. Own gateway, so the numbers are this class's alone. */
class MetricsEndToEndTest {

    private static TestReceiver receiver;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        gateway = TestGateway.start(TestKafka.bootstrapServers(), TestGateway.fastDelivery(receiver));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    @Test
    void counts_received_accepted_and_delivered_webhooks() {
        MetricsScrape before = MetricsScrape.of(gateway);

        String id = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed").build());

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).size() == 2);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            MetricsScrape after = MetricsScrape.of(gateway);
            assertThat(delta(before, after, "hooklane_webhooks_received_total", "source", "stripe")).isEqualTo(1);
            assertThat(delta(before, after, "hooklane_webhooks_accepted_total", "source", "stripe")).isEqualTo(1);
            assertThat(delta(before, after, "hooklane_deliveries_succeeded_total", "destination", "crm")).isEqualTo(1);
            assertThat(delta(before, after, "hooklane_deliveries_succeeded_total", "destination", "support-agent"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "hooklane_delivery_duration_seconds_count", "destination", "crm",
                    "outcome", "delivered")).isEqualTo(1);
            assertThat(delta(before, after, "hooklane_delivery_end_to_end_seconds_count", "destination", "crm"))
                    .isEqualTo(1);
        });
    }

    @Test
    void serves_jvm_and_process_meters_beside_hooklane_ones() {
        MetricsScrape scrape = MetricsScrape.of(gateway);

        assertThat(scrape.names()).contains("jvm_memory_used_bytes", "jvm_gc_live_data_size_bytes",
                "jvm_threads_live_threads", "process_cpu_usage", "process_uptime_seconds");
        assertThat(scrape.samples("jvm_memory_used_bytes")).anyMatch(s -> "heap".equals(s.labels().get("area"))
                && s.value() > 0);
    }

    @Test
    void counts_rejected_webhooks_by_reason() {
        MetricsScrape before = MetricsScrape.of(gateway);

        HttpResponse<String> response = gateway.post(gateway.signed("shopify").event("order.created").tamperedBody().build());
        assertThat(response.statusCode()).isEqualTo(401);

        MetricsScrape after = MetricsScrape.of(gateway);
        assertThat(delta(before, after, "hooklane_webhooks_rejected_total", "source", "shopify",
                "reason", "invalid_signature")).isEqualTo(1);
        assertThat(delta(before, after, "hooklane_webhooks_accepted_total", "source", "shopify")).isZero();
    }

    @Test
    void counts_a_webhook_sent_twice_as_one_accepted_and_one_duplicate() {
        MetricsScrape before = MetricsScrape.of(gateway);

        SignedWebhook.Request request = gateway.signed("paddle").event("payment.succeeded").build();
        String id = DeliveryEndToEndTest.accepted(gateway, request);
        HttpResponse<String> again = gateway.post(request);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate");
        // delivered once, not twice (and out of the way of the next test's numbers)
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).size() == 1);

        MetricsScrape after = MetricsScrape.of(gateway);
        assertThat(delta(before, after, "hooklane_webhooks_accepted_total", "source", "paddle")).isEqualTo(1);
        assertThat(delta(before, after, "hooklane_webhooks_duplicate_total", "source", "paddle")).isEqualTo(1);
    }

    @Test
    void counts_a_retried_delivery_and_a_dead_lettered_one() {
        AtomicInteger calls = new AtomicInteger();
        // 500, not 503 or 429: the HTTP client re-executes those once by itself, unseen by the delivery loop
        receiver.answer("pricing", r -> TestReceiver.Answer.of(calls.incrementAndGet() == 1 ? 500 : 200));
        receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(400));
        try {
            MetricsScrape before = MetricsScrape.of(gateway);

            String retried = DeliveryEndToEndTest.accepted(gateway,
                    gateway.signed("standard").event("inventory.updated").build());
            String refused = DeliveryEndToEndTest.accepted(gateway,
                    gateway.signed("standard").event("order.created").build());

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(retried).size() == 2
                    && receiver.forEvent(refused).size() == 2);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                MetricsScrape after = MetricsScrape.of(gateway);
                assertThat(delta(before, after, "hooklane_deliveries_retried_total", "destination", "pricing"))
                        .isEqualTo(1);
                assertThat(delta(before, after, "hooklane_deliveries_succeeded_total", "destination", "pricing"))
                        .isEqualTo(1);
                assertThat(delta(before, after, "hooklane_delivery_duration_seconds_count", "destination", "pricing",
                        "outcome", "retry")).isEqualTo(1);
                assertThat(delta(before, after, "hooklane_deliveries_dead_lettered_total",
                        "destination", "recommendations-agent", "reason", "permanent_failure")).isEqualTo(1);
                assertThat(delta(before, after, "hooklane_deliveries_succeeded_total",
                        "destination", "recommendations-agent")).isZero();
            });
        } finally {
            receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void counts_events_no_routing_rule_matches() {
        MetricsScrape before = MetricsScrape.of(gateway);

        DeliveryEndToEndTest.accepted(gateway, gateway.signed("generic")
                .withBody("{\"event\":\"loyalty.points_added\",\"data\":{\"id\":\"c1\"}}").build());

        await().atMost(Duration.ofSeconds(20)).until(() ->
                delta(before, MetricsScrape.of(gateway), "hooklane_events_unrouted_total") == 1);
    }

    @Test
    void exports_breaker_state_waiting_events_and_paused_gauges_per_destination() {
        MetricsScrape scrape = MetricsScrape.of(gateway);
        for (String destination : DeliveryEndToEndTest.DESTINATIONS) {
            assertThat(scrape.value("hooklane_circuit_breaker_state", "destination", destination, "state", "closed"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("hooklane_circuit_breaker_state", "destination", destination)).isEqualTo(1.0);
            assertThat(scrape.names()).contains("hooklane_destination_waiting_events", "hooklane_destination_paused");
            assertThat(scrape.value("hooklane_destination_paused", "destination", destination)).isZero();
        }
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }
}
