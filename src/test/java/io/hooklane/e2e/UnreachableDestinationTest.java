package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A destination whose host does not resolve or refuses connections says so: in its metric, the admin API, the
 * readiness details (readiness stays UP) and one log line per transition; the first answer clears it.
 */
class UnreachableDestinationTest {

    private static final String TOKEN = "test-admin-token-unreachable-0123456789abcdef";

    @Test
    void a_destination_that_refuses_connections_or_does_not_resolve_is_reported_unreachable_until_it_answers()
            throws IOException {
        int closedPort = closedPort();
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
            config.put("CRM_URL", "http://127.0.0.1:" + closedPort + "/crm");
            config.put("PRICING_URL", "http://does-not-exist.invalid/pricing");
            config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
            // retries every few hundred ms, and an open breaker probes again after 1 s
            config.put("hooklane.delivery.initial-backoff-millis", "100");
            config.put("hooklane.delivery.max-backoff-millis", "300");
            config.put("hooklane.delivery.open-wait-millis", "1000");
            try (LogCapture log = new LogCapture();
                 TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), config)) {
                AdminClient admin = new AdminClient(gateway, TOKEN);
                DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("customer.created").build());
                DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("inventory.updated").build());

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_unreachable", "destination", "crm"))
                            .isEqualTo(1.0);
                    assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_unreachable",
                            "destination", "pricing")).isEqualTo(1.0);
                });
                assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_unreachable",
                        "destination", "recommendations-agent")).isEqualTo(0.0);

                JsonNode crm = admin.destination("crm");
                assertThat(crm.path("reachable").asBoolean(true)).as(crm.toString()).isFalse();
                assertThat(crm.path("unreachableReason").asText()).isEqualTo("connection_refused");
                assertThat(crm.path("unreachableSince").asText()).isNotBlank();
                JsonNode pricing = admin.destination("pricing");
                assertThat(pricing.path("reachable").asBoolean(true)).as(pricing.toString()).isFalse();
                assertThat(pricing.path("unreachableReason").asText()).isEqualTo("unknown_host");
                assertThat(admin.destination("support-agent").path("reachable").asBoolean(false)).isTrue();

                // a wrong destination does not take ingest down: ready stays UP, with the details
                HttpResponse<String> ready = gateway.send(
                        gateway.request("/observe/health/ready?exposureLevel=full&data=true").GET().build());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
                assertThat(ready.body()).contains("\"UP\"", "\"unreachable\":\"crm,pricing\"",
                        "unreachable destinations: crm (connection_refused), pricing (unknown_host)",
                        "\"destination.crm\":\"unreachable since ", ": connection_refused",
                        "\"destination.pricing\":\"unreachable since ", ": unknown_host");

                assertThat(transitions(log.text(), "crm", "is unreachable since")).as(log.text()).hasSize(1);
                assertThat(transitions(log.text(), "pricing", "is unreachable since")).hasSize(1);

                // something answers on the crm port at last: the first answer clears it, once
                HttpServer crmServer = answering200(closedPort);
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> MetricsScrape.scrape(gateway,
                            "hooklane_destination_unreachable", "destination", "crm") == 0.0);
                    assertThat(admin.destination("crm").path("reachable").asBoolean(false)).isTrue();
                    assertThat(admin.destination("crm").path("unreachableReason").isNull()).isTrue();
                    await().atMost(Duration.ofSeconds(10)).until(() ->
                            transitions(log.text(), "crm", "is reachable again").size() == 1);
                    assertThat(transitions(log.text(), "crm", "is unreachable since")).hasSize(1);
                    assertThat(MetricsScrape.scrape(gateway, "hooklane_destination_unreachable",
                            "destination", "pricing")).isEqualTo(1.0);
                } finally {
                    crmServer.stop(0);
                }
            }
        }
    }

    /** Distinct log lines of one kind for one destination (a line may reach the capture through two loggers). */
    private static List<String> transitions(String log, String destination, String what) {
        Pattern line = Pattern.compile("(?m)^\\w+ \\S+ Destination " + Pattern.quote(destination) + " "
                + Pattern.quote(what) + ".*$");
        return line.matcher(log).results().map(m -> m.group()).distinct().toList();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static HttpServer answering200(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
