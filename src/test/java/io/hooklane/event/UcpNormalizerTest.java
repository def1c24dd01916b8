package io.hooklane.event;

import static io.hooklane.event.Fixtures.GENERATED_ID;
import static io.hooklane.event.Fixtures.RECEIVED_AT;
import static io.hooklane.event.Fixtures.headers;
import static io.hooklane.event.Fixtures.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** UCP order event webhooks, after the UCP order capability's example (id, event_id, created_time, the full order). */
class UcpNormalizerTest {

    private static final Map<String, String> HEADERS = headers("Content-Type", "application/json");

    static String order(String events, String adjustments) {
        return """
                {"ucp":{"version":"2026-04-08"},"id":"order_abc123","checkout_id":"checkout_xyz789",\
                "line_items":[{"id":"li_shoes","item":{"id":"prod_shoes","title":"Running Shoes","price":3000},\
                "quantity":{"original":3,"total":3,"fulfilled":0},"status":"processing"}],\
                "fulfillment":{"expectations":[],"events":[%s]},"adjustments":[%s],\
                "totals":[{"type":"total","amount":9000}],\
                "event_id":"evt_123","created_time":"2026-01-15T12:00:00Z"}""".formatted(events, adjustments);
    }

    @Test
    void a_new_order_is_order_created_with_event_id_order_subject_and_the_body_byte_for_byte() throws Exception {
        String body = order("", "");

        CanonicalEvent event = normalize("ucp", HEADERS, body);

        assertThat(event.id()).isEqualTo("evt_123");
        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.providerType()).isEqualTo("order");
        assertThat(event.subject()).isEqualTo("order_abc123");
        assertThat(event.time()).isEqualTo(Instant.parse("2026-01-15T12:00:00Z"));
        assertThat(event.data()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void an_order_with_a_fulfillment_event_or_an_adjustment_is_order_updated() throws Exception {
        String shipped = "{\"id\":\"evt_1\",\"type\":\"shipped\",\"occurred_at\":\"2026-01-16T10:30:00Z\"}";
        String refund = "{\"id\":\"adj_1\",\"type\":\"refund\",\"status\":\"completed\"}";

        assertThat(normalize("ucp", HEADERS, order(shipped, "")).type()).isEqualTo("order.updated");
        assertThat(normalize("ucp", HEADERS, order("", refund)).type()).isEqualTo("order.updated");
    }

    @Test
    void generates_an_id_and_uses_the_receipt_time_when_the_payload_has_neither() throws Exception {
        CanonicalEvent event = normalize("ucp", HEADERS, "{\"id\":\"order_1\",\"line_items\":[]}");

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.type()).isEqualTo("order.created");
    }

    @Test
    void refuses_a_body_without_the_order_id_or_not_json_as_malformed() {
        assertThatThrownBy(() -> normalize("ucp", HEADERS, "{\"event_id\":\"evt_1\"}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("'id'");
        assertThatThrownBy(() -> normalize("ucp", HEADERS, "not json"))
                .isInstanceOf(MalformedPayloadException.class);
    }
}
