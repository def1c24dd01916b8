package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.Gateway;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Bodies up to {@code hooklane.ingest.max-body-size} (5 MiB) fit in Kafka, base64 and all: the producers and topics are
 * sized from that limit, start-up refuses a topic that cannot take them, and a record the broker refuses as too large
 * is a 413, never a 503 the sender would retry for days.
 */
class LargeWebhookTest {

    private static final int MIB = 1024 * 1024;
    private static TestGateway gateway;
    private static String brokers;

    @BeforeAll
    static void start() {
        gateway = TestGateway.shared();
        brokers = TestKafka.bootstrapServers();
    }

    @Test
    void accepts_a_signed_4_mib_json_webhook_and_writes_it_to_the_events_topic() {
        SignedWebhook.Request request = gateway.signed("standard").event("payment.failed")
                .withBody(padded(gateway.signed("standard").event("payment.failed").build().bodyString(), 4 * MIB))
                .build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> records = EventTopic.awaitEvent(brokers,
                gateway.property("hooklane.topic.events"), request.header("webhook-id"));
        assertThat(records).hasSize(1);
        assertThat(EventTopic.json(records.get(0).value()).path("data").path("padding").asText()).hasSizeGreaterThan(4 * MIB - 1024);
    }

    @Test
    void a_4_mib_event_is_routed_and_delivered_whole() {
        try (TestReceiver receiver = new TestReceiver();
             TestGateway own = TestGateway.start(brokers, TestGateway.fastDelivery(receiver))) {
            SignedWebhook.Request request = own.signed("standard").event("payment.failed")
                    .withBody(padded(own.signed("standard").event("payment.failed").build().bodyString(), 4 * MIB))
                    .build();

            HttpResponse<String> response = own.post(request);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            String id = request.header("webhook-id");
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.forEvent(id).size() >= 2);
            assertThat(receiver.forEvent(id)).extracting(TestReceiver.Received::destination)
                    .containsExactlyInAnyOrder("support-agent", "crm");
            assertThat(receiver.forEvent(id)).allSatisfy(delivery ->
                    assertThat(delivery.body().length).isGreaterThan(4 * MIB));
        }
    }

    @Test
    void accepts_a_3_5_mib_form_encoded_webhook_carried_as_base64() {
        // the only form-encoded body WooCommerce sends is its ping, which carries no topic header
        String form = "webhook_id=12&padding=" + "x".repeat(7 * MIB / 2);
        SignedWebhook.Request request = gateway.signed("woocommerce").withBody(form).withoutHeader("X-WC-Webhook-Topic")
                .withHeader("Content-Type", "application/x-www-form-urlencoded").build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        JsonNode event = EventTopic.json(EventTopic.awaitEvent(brokers, gateway.property("hooklane.topic.events"), id)
                .get(0).value());
        assertThat(Base64.getDecoder().decode(event.path("data_base64").asText()))
                .isEqualTo(form.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refuses_to_start_when_an_existing_events_topic_takes_smaller_records_than_the_body_limit() throws Exception {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        String topic = config.get("hooklane.topic.events");
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of("max.message.bytes", String.valueOf(MIB))))).all().get(30, TimeUnit.SECONDS);
        }

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(StartupTest.rootMessage(e))
                        .contains(topic).contains("max.message.bytes").contains("hooklane.ingest.max-body-size"));
    }

    @Test
    void answers_413_not_503_when_the_broker_refuses_the_event_as_too_large() throws Exception {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        try (TestGateway own = TestGateway.startWith(config); Admin admin = admin()) {
            // the topic is lowered behind the gateway's back, after its start-up check
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                    config.get("hooklane.topic.events")), List.of(new AlterConfigOp(
                    new ConfigEntry("max.message.bytes", String.valueOf(MIB)), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
            SignedWebhook.Request request = own.signed("standard").event("payment.failed")
                    .withBody(padded(own.signed("standard").event("payment.failed").build().bodyString(), 2 * MIB))
                    .build();

            HttpResponse<String> response = own.post(request);

            IngestEndToEndTest.assertError(response, 413, "payload_too_large");
            assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        }
    }

    /** The sample JSON object with a {@code padding} member that brings it to about {@code size} bytes. */
    private static String padded(String sample, int size) {
        int brace = sample.indexOf('{');
        return sample.substring(0, brace + 1) + "\"padding\":\"" + "x".repeat(size - sample.length()) + "\","
                + sample.substring(brace + 1);
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers));
    }
}
