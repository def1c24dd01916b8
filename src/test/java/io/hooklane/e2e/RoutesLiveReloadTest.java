package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.deliver.DeliveryRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway running from a copy of routes/, over real HTTP and a real broker, while a sender posts signed webhooks
 * without pause: an edited routing file is applied within seconds, without a restart and without losing or skipping
 * an accepted event; an edit that does not validate is refused, logged, and the running rules keep working; the
 * missing destination, once added, applies together with the rule that named it.
 */
class RoutesLiveReloadTest {

    private static final String UNROUTED = "        - process:\n            ref: unroutedEvents\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void edited_routing_file_is_applied_live_without_losing_events_and_an_invalid_edit_is_refused() throws Exception {
        Path routes = Files.createTempDirectory(Path.of("target"), "live-routes-");
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path routing = routes.resolve("routing.camel.yaml");
        try (TestReceiver receiver = new TestReceiver(); LogCapture log = new LogCapture()) {
            Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
            config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
            config.put("hooklane.routes.reload", "true");
            config.put("hooklane.routes.reload-interval-millis", "200");
            try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), config)) {
                List<String> accepted = new CopyOnWriteArrayList<>();
                AtomicBoolean sending = new AtomicBoolean(true);
                Thread sender = new Thread(() -> {
                    while (sending.get()) {
                        HttpResponse<String> response = gateway.post(gateway.signed("stripe").event("payment.failed").build());
                        if (response.statusCode() == 202) {
                            accepted.add(id(response.body()));
                        }
                    }
                }, "live-reload-sender");
                sender.start();
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> delivered(receiver, "support-agent").size() >= 5);
                    assertThat(delivered(receiver, "pricing")).isEmpty();

                    Files.writeString(routing, Files.readString(routing).replace(UNROUTED, """
                                    - filter:
                                        simple: "${exchangeProperty.type} == 'payment.failed'"
                                        steps:
                                          - to: "hooklane-queue:pricing"

                            """ + UNROUTED));
                    await().atMost(Duration.ofSeconds(15)).until(() -> !delivered(receiver, "pricing").isEmpty());
                    int atChange = accepted.size();
                    await().atMost(Duration.ofSeconds(15)).until(() -> accepted.size() >= atChange + 10);
                } finally {
                    sending.set(false);
                    sender.join(30_000);
                }
                // every accepted event reaches both old destinations at least once: none lost or skipped; the last
                // ones, accepted after the change, reach the new rule's destination too
                List<String> afterChange = accepted.subList(accepted.size() - 5, accepted.size());
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(delivered(receiver, "support-agent")).containsAll(accepted);
                    assertThat(delivered(receiver, "crm")).containsAll(accepted);
                    assertThat(delivered(receiver, "pricing")).containsAll(afterChange);
                });
                assertThat(log.text()).contains("Reloaded route file " + routing);

                String valid = Files.readString(routing);
                Files.writeString(routing, valid.replace(UNROUTED, """
                                - filter:
                                    simple: "${exchangeProperty.type} == 'refund.created'"
                                    steps:
                                      - to: "hooklane-queue:fraud-agent"

                        """ + UNROUTED));
                await().atMost(Duration.ofSeconds(15)).until(() -> log.text().contains("rule sends to undefined destination 'fraud-agent'"));
                assertThat(log.text()).contains("ERROR io.hooklane.routes.RoutesReloader Route files changed but were NOT reloaded");
                assertThat(gateway.gateway().context().getRoute("dispatch-events")).isNotNull();
                String after = id(gateway.post(gateway.signed("stripe").event("payment.failed").build()).body());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    assertThat(delivered(receiver, "pricing")).contains(after);
                    assertThat(delivered(receiver, "support-agent")).contains(after);
                });

                // the missing destination is added: the set validates; the destination starts (its topics created)
                // before the routing file's new rule writes to it
                Path destinations = routes.resolve("destinations.camel.yaml");
                DeliveryRegistry deliveries = gateway.gateway().context().getRegistry()
                        .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class);
                // paused as the admin API pauses: through the control topic, whose state outlives the destination's route
                gateway.gateway().context().getRegistry().lookupByNameAndType("clusterPauses",
                        io.hooklane.control.ClusterPauses.class).set("crm", true);
                Files.writeString(destinations, Files.readString(destinations) + """

                        - templatedRoute:
                            routeTemplateRef: destination
                            routeId: deliver-fraud-agent
                            parameters:
                              - { name: name, value: fraud-agent }
                              - { name: url, value: "%s" }
                        """.formatted(receiver.url("fraud-agent")));
                await().atMost(Duration.ofSeconds(15)).until(() -> log.text().contains("Reloaded route file " + destinations)
                        && gateway.gateway().context().getRoute("dispatch-events") != null
                        && log.text().lastIndexOf("Reloaded route file " + routing) > log.text().indexOf("Reloaded route file " + destinations));
                // a destination paused through the admin API stays paused across the reload of its file
                assertThat(deliveries.destination("crm").paused()).isTrue();
                String refund = id(gateway.post(gateway.signed("stripe").event("refund.created").build()).body());
                await().atMost(Duration.ofSeconds(30)).until(() -> delivered(receiver, "fraud-agent").contains(refund));
            }
        }
    }

    private static Set<String> delivered(TestReceiver receiver, String destination) {
        return receiver.forDestination(destination).stream().filter(r -> r.answered() == 200)
                .map(r -> r.event().id()).collect(Collectors.toCollection(ConcurrentHashMap::newKeySet));
    }

    private static String id(String body) {
        try {
            return JSON.readTree(body).path("id").asText();
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }
}
