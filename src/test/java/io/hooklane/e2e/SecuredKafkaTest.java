package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.KafkaSecurity;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway whose every Kafka client (ingest producer, dedup ids, routing, queues, deliveries, dead letters, admin
 * API, readiness) reaches a SASL_SSL listener with SCRAM credentials and a trust store, against a real broker whose
 * certificate and users are made at test time. One broker for the class.
 */
class SecuredKafkaTest {

    private static final String TOKEN = "test-admin-token-0123456789abcdefghijklmnop";
    /** Quotes, a backslash, a semicolon and blanks: what a JAAS line must escape. */
    private static final String ALICE_PASSWORD = "al\"ice \\ sec;ret=";
    private static final String BOB_PASSWORD = "bob-first-password-4711";
    private static final String CAROL_PASSWORD = "carol-plain-secret";

    private static SecuredKafka kafka;
    private static TestReceiver receiver;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = SecuredKafka.start(Map.of("carol", CAROL_PASSWORD));
        kafka.scramUser("alice", ALICE_PASSWORD);
        kafka.scramUser("bob", BOB_PASSWORD);
        Path passwordFile = Files.createTempFile(Path.of("target"), "kafka-password-", ".txt");
        Files.writeString(passwordFile, ALICE_PASSWORD + "\n");
        receiver = new TestReceiver();
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.putAll(secured("SCRAM-SHA-512", "alice"));
        config.put("hooklane.kafka.sasl-password-file", passwordFile.toString());
        config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
        gateway = TestGateway.start(kafka.bootstrapServers(), config);
        admin = new AdminClient(gateway, TOKEN);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** SASL_SSL with this mechanism and user, trusting the broker's certificate (no password: each test sets it). */
    private static Map<String, String> secured(String mechanism, String user) {
        Map<String, String> config = new HashMap<>();
        config.put("hooklane.kafka.security-protocol", "SASL_SSL");
        config.put("hooklane.kafka.sasl-mechanism", mechanism);
        config.put("hooklane.kafka.sasl-username", user);
        config.put("hooklane.kafka.ssl-truststore-location", kafka.truststore().toString());
        config.put("hooklane.kafka.ssl-truststore-password", SecuredKafka.STORE_PASSWORD);
        config.put("hooklane.kafka.ssl-truststore-type", "PKCS12");
        return config;
    }

    @Test
    void ingests_routes_delivers_and_replays_dead_letters_over_sasl_ssl_with_scram() {
        receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(400));
        String id;
        try {
            id = DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("order.created").build());

            // the event is on the secured cluster's topic, read back by another user (PLAIN)
            assertThat(awaitOnTopic(gateway.property("hooklane.topic.events"), id)).isNotEmpty();
            // routed and delivered
            await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id, "crm") == 1);
            // dead-lettered, listed by the admin API
            JsonNode entry = awaitDeadLetterEntry("recommendations-agent", id);
            assertThat(entry.path("reason").asText()).isEqualTo("permanent_failure");
        } finally {
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
        }
        JsonNode replayed = admin.ok(admin.post("/admin/destinations/recommendations-agent/dead-letters/replay",
                "{\"entryId\":\"" + awaitDeadLetterEntry("recommendations-agent", id).path("entryId").asText() + "\"}"));

        assertThat(replayed.path("replayed").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(id, "recommendations-agent") == 1);
        assertThat(gateway.send(gateway.request("/observe/health/ready").GET().build()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_password_the_cluster_no_longer_accepts_makes_readiness_down_and_senders_get_503_and_the_log_says_why() {
        Map<String, String> config = new HashMap<>(secured("SCRAM-SHA-256", "bob"));
        config.put("hooklane.kafka.sasl-password", BOB_PASSWORD);
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        try (TestGateway bobs = TestGateway.start(kafka.bootstrapServers(), config);
             LogCapture log = new LogCapture()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> ready(bobs) == 200);
            assertThat(bobs.post(bobs.signed("standard").event("order.created").build()).statusCode()).isEqualTo(202);

            // the cluster's operator changes bob's password; this gateway still has the old one
            kafka.scramUser("bob", "bob-second-password-0815");

            await().atMost(Duration.ofSeconds(30)).until(() -> ready(bobs) == 503);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> IngestEndToEndTest.assertError(
                    bobs.post(bobs.signed("standard").event("order.created").build()), 503, "queue_unavailable"));
            assertThat(log.text()).contains("Authentication failed").doesNotContain(BOB_PASSWORD);
        } finally {
            kafka.scramUser("bob", BOB_PASSWORD);
        }
    }

    @Test
    void refuses_to_start_with_a_wrong_password_saying_authentication_failed_and_never_printing_the_password() {
        Map<String, String> config = new HashMap<>(secured("SCRAM-SHA-256", "alice"));
        String wrong = "not-alices-password-1234";
        config.put("hooklane.kafka.sasl-password", wrong);
        // Kafka's own listing of a client's configuration, at INFO, is on for this start
        Configurator.setLevel("org.apache.kafka.clients.admin.AdminClientConfig", Level.INFO);
        try (LogCapture log = new LogCapture()) {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                    () -> TestGateway.start(kafka.bootstrapServers(), config));

            assertThat(trace(refused)).contains("Authentication failed").doesNotContain(wrong);

            assertThat(log.text()).contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]")
                    .doesNotContain(wrong).doesNotContain(SecuredKafka.STORE_PASSWORD);
        } finally {
            Configurator.setLevel("org.apache.kafka.clients.admin.AdminClientConfig", Level.WARN);
        }
    }

    @Test
    void refuses_to_start_with_sasl_but_no_password_naming_the_setting() {
        Map<String, String> config = new HashMap<>(secured("SCRAM-SHA-256", "alice"));

        Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
                () -> TestGateway.start(kafka.bootstrapServers(), config));

        assertThat(trace(refused)).contains("hooklane.kafka.sasl-password",
                "HOOKLANE_KAFKA_SASL_PASSWORD_FILE");
    }

    @Test
    void connects_with_sasl_plain_as_managed_clusters_ask() throws Exception {
        Map<String, String> config = new HashMap<>(secured("PLAIN", "carol"));
        config.put("hooklane.kafka.sasl-password", CAROL_PASSWORD);
        KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(),
                KafkaSecurity.resolve(config::get, List.of()));

        try (Admin admin = Admin.create(connection.adminConfig(Map.of()))) {
            assertThat(admin.describeCluster().nodes().get(20, TimeUnit.SECONDS)).hasSize(1);
        }
    }

    /** The refusal with all its causes (empty when nothing was thrown). */
    private static String trace(Throwable refused) {
        java.io.StringWriter trace = new java.io.StringWriter();
        if (refused != null) {
            refused.printStackTrace(new java.io.PrintWriter(trace));
        }
        return trace.toString();
    }

    private static int ready(TestGateway target) {
        return target.send(target.request("/observe/health/ready").GET().build()).statusCode();
    }

    private static List<ConsumerRecord<String, byte[]>> awaitOnTopic(String topic, String id) {
        Map<String, Object> plain = Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
                        + " username=\"carol\" password=\"" + CAROL_PASSWORD + "\";",
                "ssl.truststore.location", kafka.truststore().toString(),
                "ssl.truststore.password", SecuredKafka.STORE_PASSWORD,
                "ssl.truststore.type", "PKCS12");
        List<List<ConsumerRecord<String, byte[]>>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<ConsumerRecord<String, byte[]>> matching = EventTopic.readAll(kafka.bootstrapServers(), plain, topic)
                    .stream().filter(r -> id.equals(EventTopic.json(r.value()).path("id").asText())).toList();
            found.add(matching);
            return !matching.isEmpty();
        });
        return found.get(found.size() - 1);
    }

    private static long delivered(String id, String destination) {
        return receiver.forEvent(id).stream()
                .filter(r -> r.destination().equals(destination) && r.answered() == 200).count();
    }

    private static JsonNode awaitDeadLetterEntry(String destination, String eventId) {
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
