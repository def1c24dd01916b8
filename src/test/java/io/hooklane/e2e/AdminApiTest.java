package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.deliver.WebhookIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The admin API over real HTTP, against a real broker and real receivers. */
class AdminApiTest {

    static final String TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
    private static TestReceiver receiver;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
        admin = new AdminClient(gateway, TOKEN);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    @Test
    void refuses_requests_without_a_token_with_401() {
        HttpResponse<String> response = new AdminClient(gateway, null).get("/admin/destinations");

        IngestEndToEndTest.assertError(response, 401, "unauthorized");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void refuses_a_wrong_token_on_every_operation_with_401_and_changes_nothing() {
        AdminClient wrong = new AdminClient(gateway, TOKEN + "x");

        IngestEndToEndTest.assertError(wrong.get("/admin/destinations"), 401, "unauthorized");
        IngestEndToEndTest.assertError(wrong.post("/admin/destinations/pricing/pause", null), 401, "unauthorized");
        IngestEndToEndTest.assertError(wrong.get("/admin/destinations/crm/dead-letters"), 401, "unauthorized");
        IngestEndToEndTest.assertError(wrong.post("/admin/destinations/crm/dead-letters/replay", "{\"all\":true}"),
                401, "unauthorized");
        HttpResponse<String> basic = gateway.send(gateway.request("/admin/destinations")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + TOKEN).getBytes(StandardCharsets.UTF_8))).GET().build());
        IngestEndToEndTest.assertError(basic, 401, "unauthorized");
        assertThat(admin.destination("pricing").path("paused").asBoolean()).isFalse();
    }

    @Test
    void lists_the_four_sample_destinations_with_their_state() {
        JsonNode destinations = admin.destinations().path("destinations");

        List<String> names = new ArrayList<>();
        destinations.forEach(d -> names.add(d.path("name").asText()));
        assertThat(names).containsExactly("crm", "pricing", "recommendations-agent", "support-agent");
        for (JsonNode d : destinations) {
            assertThat(d.path("circuitState").asText()).isEqualTo("closed");
            assertThat(d.path("paused").isBoolean()).isTrue();
            assertThat(d.path("waitingEvents").isNumber()).isTrue();
            assertThat(d.path("inFlight").isInt()).isTrue();
            assertThat(d.path("parkedSubjects").isInt()).isTrue();
            assertThat(d.path("oldestWaitingSeconds").isNumber()).isTrue();
            assertThat(d.path("deadLetters").isNumber()).as(d.toString()).isTrue();
            assertThat(d.path("deadLetterTopic").asText())
                    .isEqualTo(gateway.property("hooklane.topic.dead-letter-prefix") + d.path("name").asText());
        }
    }

    @Test
    void shows_each_destinations_protocol_and_its_calls_by_result_moving_with_a_delivery() {
        JsonNode before = admin.destination("crm");
        assertThat(before.path("protocol").asText()).isEqualTo("http");
        assertThat(before.at("/calls/byResult").fieldNames()).toIterable()
                .contains("http_2xx", "http_4xx", "http_5xx", "timeout", "transport_error");
        assertThat(before.path("agentResponses").has("completed")).isTrue();

        String id = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed").build());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).size() == 2);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode after = admin.destination("crm");
            assertThat(after.at("/calls/byResult/http_2xx").asLong() - before.at("/calls/byResult/http_2xx").asLong())
                    .isEqualTo(1);
            long sum = 0;
            for (JsonNode n : after.at("/calls/byResult")) {
                sum += n.asLong();
            }
            assertThat(after.at("/calls/total").asLong()).isEqualTo(sum);
            assertThat(after.at("/calls/meanMillis").isNumber()).isTrue();
            assertThat(after.at("/calls/p99Millis").asDouble()).as(after.toString()).isPositive();
        });
        for (JsonNode d : admin.destinations().path("destinations")) {
            assertThat(d.path("protocol").asText()).as(d.toString()).isEqualTo("http");
        }
    }

    @Test
    void answers_404_unknown_destination_for_a_name_no_destination_has() {
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/nobody/pause", null), 404, "unknown_destination");
        IngestEndToEndTest.assertError(admin.get("/admin/destinations/nobody/dead-letters"), 404, "unknown_destination");
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/nobody/dead-letters/replay", "{\"all\":true}"),
                404, "unknown_destination");
    }

    @Test
    void answers_400_for_a_replay_body_that_selects_nothing_clearly() {
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/crm/dead-letters/replay", "not json"),
                400, "invalid_request");
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/crm/dead-letters/replay",
                "{\"all\":true,\"entryId\":\"0-1\"}"), 400, "invalid_request");
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/crm/dead-letters/replay",
                "{\"from\":\"yesterday\",\"to\":\"2030-01-01T00:00:00Z\"}"), 400, "invalid_request");
        IngestEndToEndTest.assertError(admin.post("/admin/destinations/crm/dead-letters/replay",
                "{\"entryId\":\"0-999999\"}"), 404, "unknown_entry");
        IngestEndToEndTest.assertError(admin.get("/admin/destinations/crm/dead-letters?limit=0"), 400, "invalid_request");
    }

    @Test
    void lists_a_dead_letter_and_replays_it_to_that_destination_only_with_its_original_webhook_id() {
        receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(400));
        String id;
        try {
            id = DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("order.created").build());
            JsonNode entry = awaitDeadLetterEntry("recommendations-agent", id);

            assertThat(entry.path("entryId").asText()).matches("\\d+-\\d+");
            assertThat(entry.path("reason").asText()).isEqualTo("permanent_failure");
            assertThat(entry.path("attempts").asInt()).isEqualTo(1);
            assertThat(entry.path("lastStatus").asInt()).isEqualTo(400);
            assertThat(entry.path("lastError").asText()).contains("400");
            assertThat(entry.path("eventType").asText()).isEqualTo("order.created");
            assertThat(entry.path("eventSource").asText()).isEqualTo("standard");
            String original = receiver.forEvent(id).stream()
                    .filter(r -> r.destination().equals("recommendations-agent")).findFirst().orElseThrow()
                    .header("webhook-id");
            assertThat(entry.path("webhookId").asText()).isEqualTo(original)
                    .isEqualTo(WebhookIds.of("recommendations-agent", "standard", id));
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id, "crm") == 1);
            assertThat(admin.destination("recommendations-agent").path("deadLetters").asLong()).isPositive();

            // the receiver is fixed: replay this entry
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
            JsonNode replayed = admin.ok(admin.post("/admin/destinations/recommendations-agent/dead-letters/replay",
                    "{\"entryId\":\"" + entry.path("entryId").asText() + "\"}"));
            assertThat(replayed.path("replayed").asInt()).isEqualTo(1);

            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id, "recommendations-agent") == 1);
            TestReceiver.Received redelivery = receiver.forEvent(id).stream()
                    .filter(r -> r.destination().equals("recommendations-agent") && r.answered() == 200)
                    .findFirst().orElseThrow();
            assertThat(redelivery.header("webhook-id")).isEqualTo(original);
            DeliveryEndToEndTest.assertThatStandardWebhooksVerifierAccepts(redelivery);
            // no re-fan-out: crm got the event once, and nothing else got it
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                    .until(() -> delivered(id, "crm") == 1 && receiver.forEvent(id).size() == 3);
        } finally {
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void replays_all_dead_letters_in_pages_and_by_time_range() {
        receiver.answer("pricing", r -> TestReceiver.Answer.of(410));
        List<String> ids = new ArrayList<>();
        Instant before;
        try {
            before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 3; i++) {
                ids.add(DeliveryEndToEndTest.accepted(gateway,
                        gateway.signed("standard").event("inventory.updated").build()));
            }
            ids.forEach(id -> awaitDeadLetterEntry("pricing", id));
        } finally {
            receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
        }
        // a time range before the dead letters selects none of them
        JsonNode none = admin.ok(admin.post("/admin/destinations/pricing/dead-letters/replay",
                "{\"from\":\"2001-01-01T00:00:00Z\",\"to\":\"" + before.minusSeconds(3600) + "\"}"));
        assertThat(none.path("replayed").asInt()).isZero();

        // all of them, two per call
        int replayed = 0;
        String cursor = null;
        int calls = 0;
        do {
            String body = cursor == null ? "{\"all\":true,\"limit\":2}" : "{\"all\":true,\"limit\":2,\"cursor\":\"" + cursor + "\"}";
            JsonNode page = admin.ok(admin.post("/admin/destinations/pricing/dead-letters/replay", body));
            assertThat(page.path("replayed").asInt()).isLessThanOrEqualTo(2);
            replayed += page.path("replayed").asInt();
            cursor = page.path("next").isNull() ? null : page.path("next").asText();
            calls++;
        } while (cursor != null && calls < 10);
        assertThat(replayed).isEqualTo(3);
        assertThat(calls).isEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> delivered(id, "pricing") == 1));

        // the time range that holds them: none is open any more, unless closed entries are asked for too
        receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
        String range = "\"from\":\"" + before + "\",\"to\":\"" + Instant.now().plusSeconds(1) + "\"";
        JsonNode open = admin.ok(admin.post("/admin/destinations/pricing/dead-letters/replay", "{" + range + "}"));
        assertThat(open.path("replayed").asInt()).isZero();
        JsonNode ranged = admin.ok(admin.post("/admin/destinations/pricing/dead-letters/replay",
                "{" + range + ",\"state\":\"all\"}"));
        assertThat(ranged.path("replayed").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> delivered(id, "pricing") == 2));
    }

    @Test
    void is_off_and_answers_404_without_a_configured_token() {
        try (TestGateway off = TestGateway.start(TestKafka.bootstrapServers(), Map.of())) {
            for (HttpResponse<String> response : List.of(
                    new AdminClient(off, "anything").get("/admin/destinations"),
                    new AdminClient(off, "").get("/admin/destinations"),
                    new AdminClient(off, null).post("/admin/destinations/crm/pause", null))) {
                IngestEndToEndTest.assertError(response, 404, "not_found");
            }
        }
    }

    @Test
    void admin_cli_lists_destinations_and_replays_all_dead_letters_in_pages_with_progress() {
        receiver.answer("support-agent", r -> TestReceiver.Answer.of(422));
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                ids.add(DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("review.created").build()));
            }
            ids.forEach(id -> awaitDeadLetterEntry("support-agent", id));
        } finally {
            receiver.answer("support-agent", r -> TestReceiver.Answer.of(200));
        }

        CliRun destinations = cli(TOKEN, "destinations", "--url", gateway.baseUrl());
        assertThat(destinations.exit()).as(destinations.err()).isZero();
        assertThat(destinations.out()).contains("crm", "pricing", "recommendations-agent", "support-agent", "closed",
                "PROTOCOL", "http", "CALLS");

        CliRun listed = cli(TOKEN, "--url=" + gateway.baseUrl(), "dead-letters", "support-agent");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains(ids.get(0), ids.get(1), "permanent_failure", "422");

        CliRun replay = cli(TOKEN, "replay", "support-agent", "--all", "--page", "1", "--url", gateway.baseUrl());
        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("replayed 1/2", "replayed 2/2", "replayed 2 dead letter(s) of support-agent");
        await().atMost(Duration.ofSeconds(20)).until(() -> ids.stream().allMatch(id -> delivered(id, "support-agent") == 1));

        CliRun wrongToken = cli("nope", "destinations", "--url", gateway.baseUrl());
        assertThat(wrongToken.exit()).isEqualTo(1);
        assertThat(wrongToken.err()).contains("401", "unauthorized");
        CliRun noToken = cli(null, "destinations", "--url", gateway.baseUrl());
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("HOOKLANE_ADMIN_TOKEN");
        CliRun badUsage = cli(TOKEN, "replay", "support-agent", "--url", gateway.baseUrl());
        assertThat(badUsage.exit()).isEqualTo(2);
        assertThat(badUsage.err()).contains("exactly one of --all");
    }

    record CliRun(int exit, String out, String err) {
    }

    static CliRun cli(String token, String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int exit = new io.hooklane.admin.AdminCli(java.net.http.HttpClient.newHttpClient(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8),
                key -> "HOOKLANE_ADMIN_TOKEN".equals(key) ? token : null).run(args);
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long delivered(String id, String destination) {
        return receiver.forEvent(id).stream()
                .filter(r -> r.destination().equals(destination) && r.answered() == 200).count();
    }

    static JsonNode awaitDeadLetterEntry(String destination, String eventId) {
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (JsonNode e : admin.ok(admin.get("/admin/destinations/" + destination + "/dead-letters?limit=100"))
                    .path("entries")) {
                if (eventId.equals(e.path("eventId").asText())) {
                    found.add(e);
                    return true;
                }
            }
            return false;
        });
        return found.get(0);
    }
}
