package io.hooklane.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every series of the configured sources, destinations and known reasons is served at 0 before any traffic. */
class MetricsFromStartTest {

    @Test
    void a_fresh_gateway_serves_every_series_at_zero_before_any_traffic() throws IOException {
        try (TestReceiver receiver = new TestReceiver();
             TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), TestGateway.fastDelivery(receiver))) {
            String text = gateway.send(gateway.request("/observe/metrics").GET().build()).body();
            MetricsScrape scrape = MetricsScrape.parse(text);

            assertThat(text).contains(
                    "hooklane_webhooks_duplicate_total{source=\"stripe\"} 0.0",
                    "hooklane_webhooks_rejected_total{reason=\"invalid_signature\",source=\"shopify\"} 0.0",
                    "hooklane_deliveries_dead_lettered_total{destination=\"crm\",reason=\"permanent_failure\"} 0.0");
            for (String source : TestGateway.SECRETS.keySet()) {
                assertZero(scrape, "hooklane_webhooks_received_total", "source", source);
                assertZero(scrape, "hooklane_webhooks_accepted_total", "source", source);
                assertZero(scrape, "hooklane_webhooks_duplicate_total", "source", source);
                for (String reason : new String[] {"invalid_signature", "missing_signature", "rate_limited",
                        "queue_unavailable", "payload_too_large", "timestamp_out_of_tolerance"}) {
                    assertZero(scrape, "hooklane_webhooks_rejected_total", "source", source, "reason", reason);
                }
            }
            assertZero(scrape, "hooklane_webhooks_rejected_total", "source", "unknown", "reason", "unknown_source");
            for (String destination : new String[] {"crm", "pricing", "support-agent", "recommendations-agent"}) {
                assertZero(scrape, "hooklane_deliveries_succeeded_total", "destination", destination);
                assertZero(scrape, "hooklane_deliveries_retried_total", "destination", destination);
                assertZero(scrape, "hooklane_deliveries_dead_lettered_total", "destination", destination,
                        "reason", "permanent_failure");
                assertZero(scrape, "hooklane_deliveries_dead_lettered_total", "destination", destination,
                        "reason", "retries_exhausted");
                assertZero(scrape, "hooklane_delivery_duration_seconds_count", "destination", destination,
                        "outcome", "delivered");
                assertZero(scrape, "hooklane_delivery_end_to_end_seconds_count", "destination", destination);
                assertZero(scrape, "hooklane_destination_waiting_events", "destination", destination);
                assertZero(scrape, "hooklane_destination_paused", "destination", destination);
                assertZero(scrape, "hooklane_destination_in_flight", "destination", destination);
                assertZero(scrape, "hooklane_destination_parked_subjects", "destination", destination);
                assertZero(scrape, "hooklane_destination_oldest_waiting_seconds", "destination", destination);
                assertZero(scrape, "hooklane_destination_unreachable", "destination", destination);
                assertThat(scrape.value("hooklane_circuit_breaker_state", "destination", destination,
                        "state", "closed")).isEqualTo(1.0);
                assertZero(scrape, "hooklane_circuit_breaker_state", "destination", destination, "state", "open");
            }
            assertZero(scrape, "hooklane_events_unrouted_total");
            for (String reason : new String[] {"unreadable_record", "rule_failed", "write_failed"}) {
                assertZero(scrape, "hooklane_events_routing_dead_lettered_total", "reason", reason);
            }
            assertZero(scrape, "hooklane_dedup_failed_writes_total");
            assertZero(scrape, "hooklane_ingest_pending_body_bytes");
            // every metric the shipped Grafana dashboard queries
            Set<String> charted = dashboardMetrics();
            assertThat(scrape.names()).containsAll(charted);
        }
    }

    private static Set<String> dashboardMetrics() throws IOException {
        Matcher m = Pattern.compile("\\bhooklane_[a-z0-9_]+")
                .matcher(Files.readString(Path.of("docker/grafana/dashboards/hooklane.json")));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group());
        }
        assertThat(names).contains("hooklane_webhooks_duplicate_total", "hooklane_delivery_duration_seconds_bucket",
                "hooklane_destination_unreachable");
        return names;
    }

    private static void assertZero(MetricsScrape scrape, String name, String... labels) {
        Map<String, String> wanted = new java.util.HashMap<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.put(labels[i], labels[i + 1]);
        }
        assertThat(scrape.samples(name))
                .as("%s%s", name, wanted)
                .filteredOn(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.value()).as("%s%s", name, s.labels()).isZero());
    }
}
