package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Agentic Commerce Protocol order webhooks at {@code POST /webhooks/acp}, over real HTTP and a real broker. */
class AcpEndToEndTest {

    private static TestGateway gateway;
    private static String brokers;
    private static String topic;

    @BeforeAll
    static void start() {
        gateway = TestGateway.shared();
        brokers = TestKafka.bootstrapServers();
        topic = gateway.property("hooklane.topic.events");
    }

    private static String error(HttpResponse<String> response) {
        return EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("error").asText();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"order.created", "order.updated"})
    void accepts_a_signed_acp_order_event_with_its_request_id_and_order_as_subject(String event) {
        String requestId = "req_" + event.replace('.', '_') + "_" + System.nanoTime();
        SignedWebhook.Request request = gateway.signed("acp").event(event).id(requestId).build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> records = EventTopic.awaitEvent(brokers, topic, requestId);
        assertThat(records).hasSize(1);
        JsonNode cloudEvent = EventTopic.json(records.get(0).value());
        JsonNode order = EventTopic.json(request.body());
        assertThat(cloudEvent.path("type").asText()).isEqualTo(event);
        assertThat(cloudEvent.path("source").asText()).isEqualTo("acp");
        assertThat(cloudEvent.path("subject").asText()).isEqualTo(order.path("data").path("id").asText());
        assertThat(cloudEvent.path("unsignedattrs").asText()).isEqualTo("id");
        assertThat(cloudEvent.path("data")).isEqualTo(order);
    }

    @Test
    void rejects_a_forged_merchant_signature_with_401_invalid_signature() {
        HttpResponse<String> response = gateway.post(gateway.signed("acp").signedWith("not-the-merchant-secret").build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response)).isEqualTo("invalid_signature");
    }

    @Test
    void rejects_a_tampered_body_with_401_invalid_signature() {
        HttpResponse<String> response = gateway.post(gateway.signed("acp").tamperedBody().build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response)).isEqualTo("invalid_signature");
    }

    @Test
    void rejects_a_stale_merchant_signature_with_401_timestamp_out_of_tolerance() {
        HttpResponse<String> response = gateway.post(
                gateway.signed("acp").at(Instant.now().minusSeconds(301)).build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response)).isEqualTo("timestamp_out_of_tolerance");
    }

    @Test
    void rejects_a_webhook_without_merchant_signature_with_401_missing_signature() {
        HttpResponse<String> response = gateway.post(gateway.signed("acp").withoutHeader("Merchant-Signature").build());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(error(response)).isEqualTo("missing_signature");
    }

    @Test
    void a_replay_without_request_id_is_answered_duplicate() {
        SignedWebhook.Request request = gateway.signed("acp").withoutHeader("Request-Id").build();

        HttpResponse<String> first = gateway.post(request);
        HttpResponse<String> replay = gateway.post(request);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body()).contains("\"duplicate\"");
    }
}
