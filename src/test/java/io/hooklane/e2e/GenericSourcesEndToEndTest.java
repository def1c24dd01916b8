package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.sender.SampleRequests;
import io.hooklane.sender.SampleSender;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generic sources over real HTTP and a real broker: replay protection for senders whose webhooks carry no id (a
 * byte-for-byte copy is recognised by a digest of its signed content), sources that name where their fields are, and
 * bin/send signing for a source as its route file declares it ({@code src/test/routes/field-sources.camel.yaml}).
 */
class GenericSourcesEndToEndTest {

    /** The plain generic shape, as a sender without ids posts it: no id anywhere. */
    static final String SEED = "{\"event\":\"order.created\",\"timestamp\":1700000000,\"data\":{\"order_id\":"
            + "\"ORD-12345\",\"customer_email\":\"customer@example.com\",\"total_amount\":99.99,\"currency\":\"USD\"}}";
    private static final String STAMPED_SECRET = "stamped-test-secret";
    private static final String ACME_SECRET = "acme-test-secret";

    private static TestGateway gateway;
    private static String brokers;
    private static String topic;

    @BeforeAll
    static void start() {
        brokers = TestKafka.bootstrapServers();
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:src/test/routes/*.camel.yaml");
        config.put("STAMPED_WEBHOOK_SECRET", STAMPED_SECRET);
        config.put("ACME_WEBHOOK_SECRET", ACME_SECRET);
        gateway = TestGateway.startWith(config);
        topic = gateway.property("hooklane.topic.events");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static SignedWebhook generic(String body) {
        return gateway.signed("generic").withBody(body);
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(String body) {
        JsonNode sent = EventTopic.json(body.getBytes(StandardCharsets.UTF_8));
        return EventTopic.readAll(brokers, topic).stream()
                .filter(r -> sent.equals(EventTopic.json(r.value()).path("data"))).toList();
    }

    @Test
    void a_payload_without_id_replayed_byte_for_byte_is_answered_duplicate_and_written_once() {
        SignedWebhook.Request request = generic(SEED).build();

        HttpResponse<String> first = gateway.post(request);
        HttpResponse<String> replay = gateway.post(request);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(EventTopic.json(replay.body().getBytes(StandardCharsets.UTF_8)).path("status").asText())
                .isEqualTo("duplicate");
        List<ConsumerRecord<String, byte[]>> records = recordsOf(SEED);
        assertThat(records).hasSize(1);
        JsonNode event = EventTopic.json(records.get(0).value());
        assertThat(event.path("subject").asText()).isEqualTo("ORD-12345");
        assertThat(records.get(0).key()).isEqualTo("ORD-12345");
        // the event's own id stays a generated UUID
        assertThat(event.path("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @Test
    void a_different_body_without_id_is_a_new_event() {
        String other = SEED.replace("ORD-12345", "ORD-12346");
        gateway.post(generic(SEED.replace("ORD-12345", "ORD-12347")).build());

        HttpResponse<String> response = gateway.post(generic(other).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(recordsOf(other)).hasSize(1);
    }

    private static String stamped(String delivery, Instant sentAt) {
        return "{\"kind\":\"order.updated\",\"meta\":{\"delivery\":\"" + delivery + "\",\"sent_at\":\""
                + sentAt + "\"},\"order\":{\"number\":\"HL-1042\",\"status\":\"shipped\"}}";
    }

    @Test
    void a_generic_source_reads_its_configured_id_type_subject_and_timestamp_fields() {
        String body = stamped("dlv-123", Instant.now());
        HttpResponse<String> response = gateway.post(SignedWebhook.of("generic", STAMPED_SECRET)
                .baseUrl(gateway.baseUrl()).source("stamped").withBody(body)
                .withHeader("X-Stamped-Signature", hmacHex(body)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode event = EventTopic.json(EventTopic.awaitEvent(brokers, topic, "dlv-123").get(0).value());
        assertThat(event.path("type").asText()).isEqualTo("order.updated");
        assertThat(event.path("subject").asText()).isEqualTo("HL-1042");
    }

    @Test
    void rejects_a_stale_signed_body_timestamp_with_401_timestamp_out_of_tolerance() {
        String body = stamped("dlv-stale", Instant.now().minusSeconds(301));
        HttpResponse<String> response = gateway.post(SignedWebhook.of("generic", STAMPED_SECRET)
                .baseUrl(gateway.baseUrl()).source("stamped").withBody(body)
                .withHeader("X-Stamped-Signature", hmacHex(body)).build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("error").asText())
                .isEqualTo("timestamp_out_of_tolerance");
    }

    @Test
    void bin_send_signs_for_a_sha512_base64_generic_source_declared_in_a_route_file() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SampleSender sender = new SampleSender(HttpClient.newHttpClient(), new PrintStream(out, true),
                new PrintStream(err, true), name -> "ACME_WEBHOOK_SECRET".equals(name) ? ACME_SECRET : null,
                Clock.systemUTC(), SampleRequests.randomIds());

        int code = sender.run("acme", "order.created", "--url", gateway.baseUrl(), "--routes", "src/test/routes");

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("202 ").contains("\"accepted\"");
        assertThat(code).isZero();
    }

    private static String hmacHex(String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(STAMPED_SECRET.getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
