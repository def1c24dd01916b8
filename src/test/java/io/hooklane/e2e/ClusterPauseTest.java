package io.hooklane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two gateway instances on one broker (same topics and consumer groups): a pause given to either holds on both
 * within 5 s, survives a restart, and the admin API names the instance that gave it and when.
 */
class ClusterPauseTest {

    @Test
    void a_pause_given_to_one_instance_holds_on_every_instance_and_across_a_restart() {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> shared = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            shared.putAll(TestGateway.fastDelivery(receiver));
            shared.put("HOOKLANE_ADMIN_TOKEN", AdminApiTest.TOKEN);
            Map<String, String> configA = new HashMap<>(shared);
            configA.put("hooklane.instance-id", "gateway-a");
            Map<String, String> configB = new HashMap<>(shared);
            configB.put("hooklane.instance-id", "gateway-b");
            configB.put("camel.server.port", String.valueOf(TestGateway.freePort()));

            TestGateway a = TestGateway.startWith(configA);
            TestGateway b = TestGateway.startWith(configB);
            try {
                Instant before = Instant.now().minusSeconds(1);
                JsonNode paused = admin(a).ok(admin(a).post("/admin/destinations/crm/pause", null));
                assertThat(paused.path("paused").asBoolean()).as(paused.toString()).isTrue();
                assertThat(paused.path("pausedBy").asText()).isEqualTo("gateway-a");
                assertThat(Instant.parse(paused.path("pausedAt").asText())).isBetween(before, Instant.now());
                await().atMost(Duration.ofSeconds(5)).until(() -> admin(b).destination("crm").path("paused").asBoolean());
                assertThat(admin(b).destination("crm").path("pausedBy").asText()).isEqualTo("gateway-a");

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ids.add(DeliveryEndToEndTest.accepted(a, a.signed("standard").event("payment.failed").build()));
                    ids.add(DeliveryEndToEndTest.accepted(b, b.signed("standard").event("payment.failed").build()));
                }
                // the other destination of payment.failed is delivered; crm by neither instance
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                        .allMatch(id -> count(receiver, id, "support-agent") >= 1));
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                        .until(() -> receiver.forDestination("crm").isEmpty());

                // a restarted instance starts paused: its first delivery never goes out
                a.close();
                a = TestGateway.startWith(configA);
                JsonNode afterRestart = admin(a).destination("crm");
                assertThat(afterRestart.path("paused").asBoolean()).as(afterRestart.toString()).isTrue();
                assertThat(afterRestart.path("pausedBy").asText()).isEqualTo("gateway-a");
                assertThat(cli(a, "destinations")).containsPattern("crm .* yes .* gateway-a at 20\\d\\d-");
                ids.add(DeliveryEndToEndTest.accepted(a, a.signed("standard").event("payment.failed").build()));
                await().atMost(Duration.ofSeconds(30)).until(() -> count(receiver, ids.get(ids.size() - 1),
                        "support-agent") >= 1);
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                        .until(() -> receiver.forDestination("crm").isEmpty());

                JsonNode resumed = admin(b).ok(admin(b).post("/admin/destinations/crm/resume", null));
                assertThat(resumed.path("paused").asBoolean()).as(resumed.toString()).isFalse();
                assertThat(resumed.path("pausedBy").isNull()).as(resumed.toString()).isTrue();
                TestGateway restarted = a;
                await().atMost(Duration.ofSeconds(5)).until(() -> !admin(restarted).destination("crm").path("paused")
                        .asBoolean());
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                        .allMatch(id -> count(receiver, id, "crm") >= 1));
            } finally {
                a.close();
                b.close();
            }
        }
    }

    /** What bin/admin prints for {@code command} against the gateway. */
    private static String cli(TestGateway gateway, String... command) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        String[] args = new String[command.length + 2];
        args[0] = "--url";
        args[1] = gateway.baseUrl();
        System.arraycopy(command, 0, args, 2, command.length);
        int exit = new io.hooklane.admin.AdminCli(java.net.http.HttpClient.newHttpClient(),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8), System.err,
                name -> io.hooklane.admin.AdminToken.KEY.equals(name) ? AdminApiTest.TOKEN : null).run(args);
        assertThat(exit).isZero();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static AdminClient admin(TestGateway gateway) {
        return new AdminClient(gateway, AdminApiTest.TOKEN);
    }

    private static long count(TestReceiver receiver, String id, String destination) {
        return receiver.forEvent(id).stream().filter(r -> r.destination().equals(destination)).count();
    }
}
