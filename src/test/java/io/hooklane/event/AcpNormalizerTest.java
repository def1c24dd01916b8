package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** ACP order events, with the bodies of the spec's examples ({@code openapi.agentic_checkout_webhook.yaml}). */
class AcpNormalizerTest {

    private static final String ORDER_CREATED = "{\"type\":\"order_create\",\"data\":{\"type\":\"order\","
            + "\"id\":\"ord_123\",\"checkout_session_id\":\"checkout_session_123\","
            + "\"permalink_url\":\"https://example.com/orders/123\",\"status\":\"created\"}}";
    /** The spec's WebhookEvent example: an order without {@code id}, only its checkout session. */
    private static final String ORDER_UPDATE_WITHOUT_ID = "{\"type\":\"order_update\",\"data\":{\"type\":\"order\","
            + "\"checkout_session_id\":\"cs_01HV3P3ABC123\","
            + "\"permalink_url\":\"https://merchant.example.com/orders/ord_123456\",\"status\":\"processing\"}}";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"order_create, order.created", "order_created, order.created", "order_update, order.updated",
            "order_updated, order.updated", "order_refunded, acp.order_refunded"})
    void maps_the_order_event_types(String providerType, String expected) throws Exception {
        CanonicalEvent event = normalize("acp", headers(), ORDER_CREATED.replace("order_create", providerType));

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(providerType);
    }

    @Test
    void takes_the_id_from_request_id_names_it_unsigned_and_keeps_the_order_byte_for_byte() throws Exception {
        CanonicalEvent event = normalize("acp", headers("Request-Id", "req_7f3a", "Content-Type", "application/json"),
                ORDER_CREATED);

        assertThat(event.id()).isEqualTo("req_7f3a");
        assertThat(event.idGenerated()).isFalse();
        assertThat(event.unsignedAttributes()).isEqualTo("id");
        assertThat(event.subject()).isEqualTo("ord_123");
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(text(event)).isEqualTo(ORDER_CREATED);
    }

    @Test
    void generates_the_id_without_request_id_and_says_so() throws Exception {
        CanonicalEvent event = normalize("acp", headers(), ORDER_CREATED);

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.idGenerated()).isTrue();
        assertThat(event.unsignedAttributes()).isNull();
    }

    @Test
    void falls_back_to_the_checkout_session_id_as_subject() throws Exception {
        CanonicalEvent event = normalize("acp", headers(), ORDER_UPDATE_WITHOUT_ID);

        assertThat(event.type()).isEqualTo("order.updated");
        assertThat(event.subject()).isEqualTo("cs_01HV3P3ABC123");
    }

    @Test
    void refuses_a_body_without_type() {
        assertThatThrownBy(() -> normalize("acp", headers(), "{\"data\":{\"id\":\"ord_1\"}}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("'type'");
    }
}
