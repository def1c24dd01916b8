package io.hooklane.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.hooklane.event.EventEnvelope;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Over real HTTP against a real broker: what a sender sees, and what lands in Kafka. */
class IngestEndToEndTest {

    private static String TOPIC;
    private static TestGateway gateway;
    private static String brokers;

    @BeforeAll
    static void start() {
        gateway = TestGateway.shared();
        brokers = TestKafka.bootstrapServers();
        TOPIC = gateway.property("hooklane.topic.events");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "standard,    payment.failed,    payment.failed,       ",
            "stripe,      payment.failed,    payment.failed,       ",
            "shopify,     order.created,     order.created,        'type,id,time'",
            "woocommerce, order.created,     order.created,        'type,id'",
            "github,      order.created,     github.issues.opened, 'type,id'",
            "square,      payment.failed,    payment.failed,       ",
            "paddle,      payment.succeeded, payment.succeeded,    ",
            "generic,     inventory.updated, inventory.updated,    "})
    void accepts_signed_webhook_and_writes_its_cloud_event_with_the_original_payload(
            String source, String event, String expectedType, String unsignedAttrs) {
        SignedWebhook.Request request = gateway.signed(source).event(event).build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode accepted = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(accepted.path("status").asText()).isEqualTo("accepted");
        String id = accepted.path("id").asText();
        assertThat(id).isNotBlank();

        List<ConsumerRecord<String, byte[]>> records = EventTopic.awaitEvent(brokers, TOPIC, id);
        assertThat(records).hasSize(1);
        byte[] value = records.get(0).value();
        assertThat(new String(value, StandardCharsets.UTF_8)).contains(new String(request.body(), StandardCharsets.UTF_8));

        EventFormat format = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);
        CloudEvent cloudEvent = format.deserialize(value);
        assertThat(cloudEvent.getSpecVersion().toString()).isEqualTo("1.0");
        assertThat(cloudEvent.getId()).isEqualTo(id);
        assertThat(cloudEvent.getType()).isEqualTo(expectedType);
        assertThat(cloudEvent.getSource().toString()).isEqualTo(source);
        assertThat(EventTopic.json(cloudEvent.getData().toBytes())).isEqualTo(EventTopic.json(request.body()));
        assertThat(records.get(0).key()).isEqualTo(cloudEvent.getSubject() != null ? cloudEvent.getSubject() : id);
        // the attributes also ride as headers, which routing and delivery read instead of parsing the event
        assertThat(EventEnvelope.of(records.get(0).headers(), "not json".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new EventEnvelope(id, source, expectedType, cloudEvent.getSubject(), unsignedAttrs));
    }

    @Test
    void verifies_a_form_encoded_body_on_its_raw_bytes() {
        byte[] ping = "webhook_id=12&note=a%20b+c".getBytes(StandardCharsets.UTF_8);
        SignedWebhook.Request request = gateway.signed("woocommerce").withBody(ping)
                .withHeader("Content-Type", "application/x-www-form-urlencoded")
                .withoutHeader("X-WC-Webhook-Topic").build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        JsonNode event = EventTopic.json(EventTopic.awaitEvent(brokers, TOPIC, id).get(0).value());
        assertThat(Base64.getDecoder().decode(event.path("data_base64").asText())).isEqualTo(ping);
    }

    @Test
    void rejects_unknown_source_with_404() {
        HttpResponse<String> response = gateway.post(gateway.signed("stripe").source("nosuchsource").build());

        assertError(response, 404, "unknown_source");
    }

    @Test
    void rejects_other_methods_than_post_with_405() {
        HttpResponse<String> response = gateway.send(gateway.request("/webhooks/stripe").GET().build());

        assertError(response, 405, "method_not_allowed");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void rejects_body_over_the_size_limit_with_413() {
        byte[] huge = new byte[5 * 1024 * 1024 + 1];
        java.util.Arrays.fill(huge, (byte) ' ');
        HttpResponse<String> response = gateway.post(gateway.signed("shopify").withBody(huge).build());

        assertError(response, 413, "payload_too_large");
    }

    @Test
    void rejects_unexpected_content_type_with_415() {
        HttpResponse<String> response = gateway.post(
                gateway.signed("stripe").withHeader("Content-Type", "application/xml").build());

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void rejects_signed_but_unparsable_payload_with_400() {
        HttpResponse<String> response = gateway.post(gateway.signed("stripe").withBody("{not json").build());

        assertError(response, 400, "malformed_payload");
    }

    @Test
    void rejects_webhook_without_signature_with_401_missing_signature() {
        HttpResponse<String> response = gateway.post(gateway.signed("stripe").withoutHeader("Stripe-Signature").build());

        assertError(response, 401, "missing_signature");
    }

    @Test
    void rejects_unparsable_signature_with_401_malformed_signature() {
        HttpResponse<String> response = gateway.post(
                gateway.signed("github").withHeader("X-Hub-Signature-256", "md5=zz").build());

        assertError(response, 401, "malformed_signature");
    }

    @Test
    void rejects_tampered_body_with_401_invalid_signature_and_writes_nothing() {
        SignedWebhook.Request request = gateway.signed("stripe").event("payment.failed").tamperedBody().build();
        String stripeEventId = EventTopic.json(request.body()).path("id").asText();

        HttpResponse<String> response = gateway.post(request);

        assertError(response, 401, "invalid_signature");
        assertThat(EventTopic.count(brokers, TOPIC, stripeEventId)).isZero();
    }

    @Test
    void rejects_webhook_with_stale_timestamp() {
        HttpResponse<String> response = gateway.post(
                gateway.signed("standard").at(Instant.now().minusSeconds(600)).build());

        assertError(response, 401, "timestamp_out_of_tolerance");
    }

    @Test
    void rejects_webhook_with_timestamp_from_the_future() {
        HttpResponse<String> response = gateway.post(
                gateway.signed("paddle").at(Instant.now().plusSeconds(600)).build());

        assertError(response, 401, "timestamp_out_of_tolerance");
    }

    @Test
    void rejects_webhook_signed_with_another_secret() {
        HttpResponse<String> response = gateway.post(gateway.signed("shopify").signedWith("not-the-secret").build());

        assertError(response, 401, "invalid_signature");
    }

    @Test
    void serves_health_and_metrics_on_the_gateway_port() {
        assertThat(gateway.send(gateway.request("/observe/health/ready").GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = gateway.send(gateway.request("/observe/metrics").GET().build());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("camel_exchanges_total").contains("hooklane_dedup_failed_writes_total");
    }

    @Test
    void reports_how_full_the_kafka_producers_requests_are() {
        assertThat(gateway.post(gateway.signed("stripe").event("order.created").build()).statusCode()).isEqualTo(202);

        // the events' producer every source shares, and the writer of accepted ids
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            MetricsScrape scrape = MetricsScrape.of(gateway);
            for (String producer : new String[] {"ingest", "dedup-ids"}) {
                assertThat(scrape.value("hooklane_kafka_producer_requests_per_second", "producer", producer))
                        .as(producer).isPositive();
                assertThat(scrape.value("hooklane_kafka_producer_records_per_request", "producer", producer))
                        .as(producer).isGreaterThanOrEqualTo(1.0);
                assertThat(scrape.samples("hooklane_kafka_producer_record_queue_seconds")).as(producer)
                        .anyMatch(sample -> producer.equals(sample.labels().get("producer")));
            }
        });
    }

    @Test
    void the_ingest_producer_runs_without_kafka_client_telemetry() {
        org.apache.camel.component.kafka.KafkaComponent kafka = gateway.gateway().context()
                .getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class);

        assertThat(kafka.getConfiguration().getAdditionalProperties())
                .containsEntry(io.hooklane.kafka.KafkaClients.METRICS_PUSH, "false");
    }

    static void assertError(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("error").asText()).isEqualTo(reason);
        assertThat(body.path("message").asText()).isNotBlank();
        assertThat(Set.copyOf(iterable(body))).containsExactlyInAnyOrder("error", "message");
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
