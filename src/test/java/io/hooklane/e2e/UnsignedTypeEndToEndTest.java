package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.event.EventEnvelope;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP and a real broker: Shopify signs only the body, so a captured body re-sent under another
 * {@code X-Shopify-Topic} must not become another event type, and an accepted event says which of its attributes
 * came from unsigned headers.
 */
class UnsignedTypeEndToEndTest {

    private static TestGateway gateway;
    private static String topic;

    @BeforeAll
    static void start() {
        gateway = TestGateway.shared();
        topic = gateway.property("hooklane.topic.events");
    }

    @Test
    void refuses_a_pending_order_relabelled_as_orders_paid_with_type_mismatch_and_writes_nothing() {
        // a genuine, correctly signed orders/create body (financial_status "pending"), re-sent as orders/paid with a
        // fresh webhook id: the signature still matches, since Shopify signs the body only
        SignedWebhook.Request forged = gateway.signed("shopify").event("order.created")
                .withHeader("X-Shopify-Topic", "orders/paid").build();
        assertThat(new String(forged.body(), StandardCharsets.UTF_8)).contains("\"financial_status\":\"pending\"");

        HttpResponse<String> response = gateway.post(forged);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode body = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("error").asText()).isEqualTo("malformed_payload");
        assertThat(body.path("reason").asText()).isEqualTo("type_mismatch");
        assertThat(body.path("message").asText()).contains("orders/paid").doesNotContain("pending");
        assertThat(EventTopic.count(TestKafka.bootstrapServers(), topic, forged.header("X-Shopify-Webhook-Id")))
                .isZero();
    }

    @Test
    void accepts_a_genuine_orders_paid_and_names_its_unsigned_attributes() {
        SignedWebhook.Request paid = gateway.signed("shopify").event("payment.succeeded").build();

        HttpResponse<String> response = gateway.post(paid);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = paid.header("X-Shopify-Webhook-Id");
        List<ConsumerRecord<String, byte[]>> records = EventTopic.awaitEvent(TestKafka.bootstrapServers(), topic, id);
        JsonNode event = EventTopic.json(records.get(0).value());
        assertThat(event.path("type").asText()).isEqualTo("payment.succeeded");
        assertThat(event.path("unsignedattrs").asText()).isEqualTo("type,id,time");
        Header header = records.get(0).headers().lastHeader(EventEnvelope.UNSIGNED_ATTRS_HEADER);
        assertThat(header).isNotNull();
        assertThat(new String(header.value(), StandardCharsets.UTF_8)).isEqualTo("type,id,time");
    }

    @Test
    void writes_no_unsigned_attributes_for_a_source_that_signs_them_all() {
        SignedWebhook.Request request = gateway.signed("stripe").event("payment.succeeded").build();

        HttpResponse<String> response = gateway.post(request);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String id = EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        ConsumerRecord<String, byte[]> record =
                EventTopic.awaitEvent(TestKafka.bootstrapServers(), topic, id).get(0);
        assertThat(EventTopic.json(record.value()).has("unsignedattrs")).isFalse();
        assertThat(record.headers().lastHeader(EventEnvelope.UNSIGNED_ATTRS_HEADER)).isNull();
    }
}
