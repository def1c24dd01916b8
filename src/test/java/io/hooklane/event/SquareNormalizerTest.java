package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SquareNormalizerTest {

    private static final Map<String, String> HEADERS = headers(
            "Content-Type", "application/json",
            "X-Square-HmacSha256-Signature", "2kRE5qRU2tR+tBGlDwMEw2avJ7QM4ikPYD/PJ3bd9Og=");

    static String payment(String type, String status) {
        return """
                {
                  "merchant_id": "6SSW7HV8K2ST5",
                  "type": "%s",
                  "event_id": "13b867cf-db3d-4b1c-90b6-2f32a9d78124",
                  "created_at": "2020-02-06T21:27:34.308Z",
                  "data": {
                    "type": "payment",
                    "id": "KkAkhdMsgzn59SM8A89WgKwekxLZY",
                    "object": {
                      "payment": {
                        "id": "KkAkhdMsgzn59SM8A89WgKwekxLZY",
                        "amount_money": {"amount": 100, "currency": "USD"},
                        "status": "%s",
                        "source_type": "CARD",
                        "location_id": "NAQ1FHV6ZJ8YV",
                        "order_id": "03O3USaPaAaFnI6kkwB1JxGgBsUZY"
                      }
                    }
                  }
                }
                """.formatted(type, status);
    }

    static String resource(String type, String objectType, String id) {
        return """
                {"merchant_id":"6SSW7HV8K2ST5","type":"%s","event_id":"5c4b7f0a-8e5b-4a4c-9d8e-1f2a3b4c5d6e",\
                "created_at":"2024-03-01T08:09:10Z","data":{"type":"%s","id":"%s","object":{}}}"""
                .formatted(type, objectType, id);
    }

    @ParameterizedTest(name = "maps_square_{0}_with_status_{1}_to_{2}")
    @CsvSource({
            "payment.created, COMPLETED, payment.succeeded",
            "payment.created, APPROVED,  square.payment.created",
            "payment.updated, COMPLETED, payment.succeeded",
            "payment.updated, FAILED,    payment.failed",
            "payment.updated, APPROVED,  square.payment.updated",
            "payment.updated, CANCELED,  square.payment.updated",
    })
    void maps_square_payments_by_their_status(String type, String status, String expected) throws Exception {
        CanonicalEvent event = normalize("square", HEADERS, payment(type, status));

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(type);
        assertThat(event.subject()).isEqualTo("KkAkhdMsgzn59SM8A89WgKwekxLZY");
        assertThat(event.id()).isEqualTo("13b867cf-db3d-4b1c-90b6-2f32a9d78124");
        assertThat(event.time()).isEqualTo(Instant.parse("2020-02-06T21:27:34.308Z"));
    }

    @ParameterizedTest(name = "maps_square_{0}_to_{1}")
    @CsvSource({
            "order.created,           order.created,     order",
            "order.updated,           order.updated,     order",
            "refund.created,          refund.created,    refund",
            "inventory.count.updated, inventory.updated, inventory_counts",
            "customer.created,        customer.created,  customer",
            "customer.updated,        customer.updated,  customer",
    })
    void maps_square_resource_events(String type, String expected, String objectType) throws Exception {
        CanonicalEvent event = normalize("square", HEADERS, resource(type, objectType, "JDKYHBWT1D4F8MFH63DBMEN8Y4"));

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.subject()).isEqualTo("JDKYHBWT1D4F8MFH63DBMEN8Y4");
        assertThat(event.time()).isEqualTo(Instant.parse("2024-03-01T08:09:10Z"));
    }

    @Test
    void passes_unknown_square_types_through_prefixed() throws Exception {
        CanonicalEvent event = normalize("square", HEADERS, resource("dispute.created", "dispute", "XDgyFu7yo1E2S5lQ"));

        assertThat(event.type()).isEqualTo("square.dispute.created");
    }

    @Test
    void generates_an_id_without_event_id() throws Exception {
        CanonicalEvent event = normalize("square", HEADERS, "{\"type\":\"order.created\",\"data\":{\"id\":\"o1\"}}");

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void rejects_an_event_without_type() {
        assertThatThrownBy(() -> normalize("square", HEADERS, "{\"event_id\":\"e1\",\"data\":{}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'type' field");
    }
}
