package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaddleNormalizerTest {

    private static final Map<String, String> HEADERS = headers(
            "Content-Type", "application/json",
            "Paddle-Signature", "ts=1671552777;h1=eb4d0dc8853be92b7f063b9f3ba5233eb920a09459b6e6b2c26705b4364db151");

    static String event(String type, String dataId, String action) {
        String actionField = action == null ? "" : ",\"action\":\"" + action + "\"";
        return """
                {
                  "event_id": "evt_01hv8x2acma2gz1my1yj4ba4ms",
                  "event_type": "%s",
                  "occurred_at": "2024-04-12T10:18:49.621022Z",
                  "notification_id": "ntf_01hv8x2af8hqrdm7x7fk3rh4tq",
                  "data": {"id": "%s", "status": "completed", "currency_code": "USD"%s}
                }
                """.formatted(type, dataId, actionField);
    }

    @ParameterizedTest(name = "maps_paddle_{0}_to_{1}")
    @CsvSource({
            "transaction.completed,      payment.succeeded, txn_01hv8wptq8987qeep44cyrewp9",
            "transaction.payment_failed, payment.failed,    txn_01hv8wptq8987qeep44cyrewp9",
            "customer.created,           customer.created,  ctm_01hv6y1jedq4p1n0yqn5ba3ky4",
            "customer.updated,           customer.updated,  ctm_01hv6y1jedq4p1n0yqn5ba3ky4",
    })
    void maps_paddle_event_types(String type, String expected, String dataId) throws Exception {
        CanonicalEvent event = normalize("paddle", HEADERS, event(type, dataId, null));

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(type);
        assertThat(event.id()).isEqualTo("ntf_01hv8x2af8hqrdm7x7fk3rh4tq");
        assertThat(event.subject()).isEqualTo(dataId);
        assertThat(event.time()).isEqualTo(Instant.parse("2024-04-12T10:18:49.621022Z"));
    }

    @Test
    void maps_paddle_adjustment_created_with_refund_action_to_refund_created() throws Exception {
        CanonicalEvent event = normalize("paddle", HEADERS,
                event("adjustment.created", "adj_01hvgf2s84dr6reszzg29zbvcm", "refund"));

        assertThat(event.type()).isEqualTo("refund.created");
        assertThat(event.subject()).isEqualTo("adj_01hvgf2s84dr6reszzg29zbvcm");
    }

    @Test
    void passes_paddle_adjustment_created_with_another_action_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("paddle", HEADERS,
                event("adjustment.created", "adj_01hvgf2s84dr6reszzg29zbvcm", "credit"));

        assertThat(event.type()).isEqualTo("paddle.adjustment.created");
    }

    @Test
    void passes_unknown_paddle_types_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("paddle", HEADERS, event("subscription.created", "sub_01h", null));

        assertThat(event.type()).isEqualTo("paddle.subscription.created");
    }

    @Test
    void falls_back_to_event_id_then_to_a_generated_id() throws Exception {
        CanonicalEvent withEventId = normalize("paddle", HEADERS,
                "{\"event_id\":\"evt_01hv\",\"event_type\":\"customer.created\",\"data\":{\"id\":\"ctm_1\"}}");
        CanonicalEvent withNeither = normalize("paddle", HEADERS,
                "{\"event_type\":\"customer.created\",\"data\":{\"id\":\"ctm_1\"}}");

        assertThat(withEventId.id()).isEqualTo("evt_01hv");
        assertThat(withNeither.id()).isEqualTo(GENERATED_ID);
        assertThat(withNeither.time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void rejects_an_event_without_event_type() {
        assertThatThrownBy(() -> normalize("paddle", HEADERS, "{\"event_id\":\"evt_1\",\"data\":{}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'event_type' field");
    }
}
