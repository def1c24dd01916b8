package io.hooklane.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead letter is open until it is replayed and delivered, or discarded: counts, listings and bulk replays take
 * open entries only, and the states live in Kafka (a restarted gateway keeps them). Real HTTP, real broker.
 */
class DeadLetterLifecycleTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestReceiver receiver;
    private static TestGateway gateway;
    private static AdminClient admin;

    /** The gateway's whole configuration, to restart it as it was. */
    private static Map<String, String> config;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.putAll(extra());
        gateway = TestGateway.startWith(config);
        admin = new AdminClient(gateway, AdminApiTest.TOKEN);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    private static Map<String, String> extra() {
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("HOOKLANE_ADMIN_TOKEN", AdminApiTest.TOKEN);
        // a receiver failing for a while must not open the breaker (30 s) under the test's feet
        config.put("hooklane.delivery.minimum-calls", "1000");
        config.put("hooklane.delivery.sliding-window-size", "1000");
        return config;
    }

    @Test
    void an_entry_is_open_until_its_replay_is_delivered_and_a_second_replay_all_delivers_nothing_again() {
        List<String> ids = deadLetter(gateway, "pricing", "inventory.updated", 410, 3);
        assertThat(openCount(admin, "pricing")).isEqualTo(3);
        assertThat(listed(admin, "pricing", "open")).extracting(e -> e.path("state").asText())
                .containsOnly("open").hasSize(3);

        // the receiver still fails (retried): the replayed entry is listed replayed, no longer open
        receiver.answer("pricing", r -> TestReceiver.Answer.of(503));
        String first = entryOf(admin, "pricing", ids.get(0)).path("entryId").asText();
        JsonNode replayed = admin.ok(admin.post("/admin/destinations/pricing/dead-letters/replay",
                "{\"entryId\":\"" + first + "\"}"));
        assertThat(replayed.path("replayed").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> receiver.forEvent(ids.get(0)).stream().anyMatch(r -> r.answered() == 503));
        assertThat(state(admin, "pricing", first)).isEqualTo("replayed");
        assertThat(openCount(admin, "pricing")).isEqualTo(2);
        assertThat(listed(admin, "pricing", "open")).extracting(e -> e.path("entryId").asText())
                .hasSize(2).doesNotContain(first);

        // fixed: the replay is delivered, and its entry says so
        receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
        await().atMost(WAIT).until(() -> delivered(ids.get(0), "pricing") == 1);
        await().atMost(WAIT).until(() -> state(admin, "pricing", first).equals("delivered"));
        assertThat(openCount(admin, "pricing")).isEqualTo(2);

        AdminApiTest.CliRun all = AdminApiTest.cli(AdminApiTest.TOKEN, "replay", "pricing", "--all",
                "--url", gateway.baseUrl());
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out()).contains("replayed 2 dead letter(s) of pricing");
        AdminApiTest.CliRun again = AdminApiTest.cli(AdminApiTest.TOKEN, "replay", "pricing", "--all",
                "--url", gateway.baseUrl());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).contains("replayed 0 dead letter(s) of pricing");

        await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> delivered(id, "pricing") == 1));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> ids.stream().allMatch(id -> delivered(id, "pricing") == 1));
        await().atMost(WAIT).until(() -> listed(admin, "pricing", "all").stream()
                .allMatch(e -> e.path("state").asText().equals("delivered")));
        assertThat(openCount(admin, "pricing")).isZero();
        AdminApiTest.CliRun listing = AdminApiTest.cli(AdminApiTest.TOKEN, "dead-letters", "pricing", "--state", "all",
                "--url", gateway.baseUrl());
        assertThat(listing.out()).contains("delivered", "3 dead letter(s) shown; 0 open of 3");
    }

    @Test
    void discarding_entries_closes_them_without_a_delivery_and_the_open_count_drops() {
        List<String> ids = deadLetter(gateway, "support-agent", "review.created", 422, 3);
        receiver.answer("support-agent", r -> TestReceiver.Answer.of(200));
        assertThat(openCount(admin, "support-agent")).isEqualTo(3);

        String one = entryOf(admin, "support-agent", ids.get(0)).path("entryId").asText();
        JsonNode discarded = admin.ok(admin.post("/admin/destinations/support-agent/dead-letters/discard",
                "{\"entryId\":\"" + one + "\"}"));
        assertThat(discarded.path("discarded").asInt()).isEqualTo(1);
        assertThat(openCount(admin, "support-agent")).isEqualTo(2);
        assertThat(state(admin, "support-agent", one)).isEqualTo("discarded");

        AdminApiTest.CliRun rest = AdminApiTest.cli(AdminApiTest.TOKEN, "discard", "support-agent", "--all",
                "--url", gateway.baseUrl());
        assertThat(rest.exit()).as(rest.err()).isZero();
        assertThat(rest.out()).contains("discarded 2 dead letter(s) of support-agent");
        assertThat(openCount(admin, "support-agent")).isZero();
        assertThat(listed(admin, "support-agent", "open")).isEmpty();

        JsonNode none = admin.ok(admin.post("/admin/destinations/support-agent/dead-letters/replay",
                "{\"all\":true}"));
        assertThat(none.path("replayed").asInt()).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> ids.stream().allMatch(id -> delivered(id, "support-agent") == 0));
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/support-agent/dead-letters/discard",
                "{\"entryId\":\"0-999999\"}"), 404, "unknown_entry");
        IngestEndToEndTest.assertError(admin.get("/admin/destinations/support-agent/dead-letters?state=closed"),
                400, "invalid_request");
    }

    @Test
    void a_restarted_gateway_keeps_the_entries_states() {
        List<String> ids = deadLetter(gateway, "crm", "customer.created", 400, 3);
        receiver.answer("crm", r -> TestReceiver.Answer.of(200));
        String discarded = entryOf(admin, "crm", ids.get(0)).path("entryId").asText();
        String replayed = entryOf(admin, "crm", ids.get(1)).path("entryId").asText();
        admin.ok(admin.post("/admin/destinations/crm/dead-letters/discard", "{\"entryId\":\"" + discarded + "\"}"));
        admin.ok(admin.post("/admin/destinations/crm/dead-letters/replay", "{\"entryId\":\"" + replayed + "\"}"));
        await().atMost(WAIT).until(() -> state(admin, "crm", replayed).equals("delivered"));

        gateway.close();
        gateway = TestGateway.startWith(config);
        admin = new AdminClient(gateway, AdminApiTest.TOKEN);

        assertThat(openCount(admin, "crm")).isEqualTo(1);
        assertThat(state(admin, "crm", discarded)).isEqualTo("discarded");
        assertThat(state(admin, "crm", replayed)).isEqualTo("delivered");
        assertThat(listed(admin, "crm", "open")).extracting(e -> e.path("eventId").asText())
                .containsExactly(ids.get(2));
    }

    /** Sends {@code count} events of {@code type} while the destination answers {@code status}; all dead-lettered. */
    private static List<String> deadLetter(TestGateway target, String destination, String type, int status,
                                           int count) {
        receiver.answer(destination, r -> TestReceiver.Answer.of(status));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(DeliveryEndToEndTest.accepted(target, target.signed("standard").event(type).build()));
        }
        AdminClient client = new AdminClient(target, AdminApiTest.TOKEN);
        await().atMost(WAIT).until(() -> listed(client, destination, "open").size() == count);
        return ids;
    }

    private static long openCount(AdminClient client, String destination) {
        JsonNode d = client.destination(destination);
        assertThat(d.path("deadLetters").isNumber()).as(d.toString()).isTrue();
        long count = d.path("deadLetters").asLong();
        assertThat(client.ok(client.get("/admin/destinations/" + destination + "/dead-letters")).path("open")
                .asLong()).isEqualTo(count);
        return count;
    }

    private static List<JsonNode> listed(AdminClient client, String destination, String state) {
        List<JsonNode> entries = new ArrayList<>();
        client.ok(client.get("/admin/destinations/" + destination + "/dead-letters?limit=100&state=" + state))
                .path("entries").forEach(entries::add);
        return entries;
    }

    private static JsonNode entryOf(AdminClient client, String destination, String eventId) {
        return listed(client, destination, "all").stream().filter(e -> eventId.equals(e.path("eventId").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no dead letter for " + eventId));
    }

    private static String state(AdminClient client, String destination, String entryId) {
        return listed(client, destination, "all").stream().filter(e -> entryId.equals(e.path("entryId").asText()))
                .findFirst().map(e -> e.path("state").asText()).orElse("missing");
    }

    private static long delivered(String id, String destination) {
        return receiver.forEvent(id).stream()
                .filter(r -> r.destination().equals(destination) && r.answered() == 200).count();
    }
}
