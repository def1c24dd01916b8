package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripeNormalizerTest {

    private static final Map<String, String> HEADERS = headers(
            "Content-Type", "application/json; charset=utf-8",
            "Stripe-Signature", "t=1718900000,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd");

    static String event(String type, String objectId, String objectType) {
        return """
                {
                  "id": "evt_3PqZ1xLkdIwHu7ix0abcdEFG",
                  "object": "event",
                  "api_version": "2024-06-20",
                  "created": 1718900000,
                  "data": {
                    "object": {
                      "id": "%s",
                      "object": "%s",
                      "amount": 2000,
                      "currency": "usd",
                      "metadata": {"order_id": "6735"}
                    }
                  },
                  "livemode": false,
                  "pending_webhooks": 1,
                  "request": {"id": "req_8fD2jhx3e9xA", "idempotency_key": null},
                  "type": "%s"
                }
                """.formatted(objectId, objectType, type);
    }

    @ParameterizedTest(name = "maps_stripe_{0}_to_{1}")
    @CsvSource({
            "payment_intent.succeeded,      payment.succeeded, pi_3PqZ1xLkdIwHu7ix0, payment_intent",
            "payment_intent.payment_failed, payment.failed,    pi_3PqZ1xLkdIwHu7ix1, payment_intent",
            "charge.succeeded,              payment.succeeded, ch_3PqZ1xLkdIwHu7ix2, charge",
            "charge.failed,                 payment.failed,    ch_3PqZ1xLkdIwHu7ix3, charge",
            "charge.refunded,               refund.created,    ch_3PqZ1xLkdIwHu7ix4, charge",
            "refund.created,                refund.created,    re_3PqZ1xLkdIwHu7ix5, refund",
            "customer.created,              customer.created,  cus_QhZ1xLkdIwHu7i,   customer",
            "customer.updated,              customer.updated,  cus_QhZ1xLkdIwHu7i,   customer",
            "product.created,               product.created,   prod_QhZ1xLkdIwHu7,   product",
            "product.updated,               product.updated,   prod_QhZ1xLkdIwHu7,   product",
    })
    void maps_stripe_types_to_the_commerce_vocabulary(String stripeType, String expected, String objectId,
                                                      String objectType) throws Exception {
        CanonicalEvent event = normalize("stripe", HEADERS, event(stripeType, objectId, objectType));

        assertThat(event.type()).isEqualTo(expected);
        assertThat(event.providerType()).isEqualTo(stripeType);
        assertThat(event.subject()).isEqualTo(objectId);
    }

    @Test
    void reads_id_time_subject_and_content_type_from_the_event() throws Exception {
        String body = event("charge.succeeded", "ch_3PqZ1xLkdIwHu7ix2", "charge");

        CanonicalEvent event = normalize("stripe", HEADERS, body);

        assertThat(event.id()).isEqualTo("evt_3PqZ1xLkdIwHu7ix0abcdEFG");
        assertThat(event.source()).isEqualTo("stripe");
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1718900000));
        assertThat(event.dataContentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(text(event)).isEqualTo(body);
    }

    @Test
    void passes_unknown_stripe_types_through_prefixed_with_the_source() throws Exception {
        CanonicalEvent event = normalize("stripe", "stripe-eu", HEADERS,
                event("invoice.paid", "in_1PqZ1x", "invoice").getBytes());

        assertThat(event.type()).isEqualTo("stripe-eu.invoice.paid");
        assertThat(event.providerType()).isEqualTo("invoice.paid");
        assertThat(event.source()).isEqualTo("stripe-eu");
    }

    @Test
    void generates_an_id_and_uses_the_receive_time_when_the_event_has_neither() throws Exception {
        CanonicalEvent event = normalize("stripe", HEADERS, "{\"type\":\"charge.succeeded\",\"created\":\"soon\"}");

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
        assertThat(event.subject()).isNull();
    }

    @Test
    void uses_the_receive_time_when_created_is_out_of_range() throws Exception {
        CanonicalEvent event = normalize("stripe", HEADERS,
                "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"created\":99999999999999}");

        assertThat(event.time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void defaults_the_content_type_to_json_when_the_header_is_absent() throws Exception {
        CanonicalEvent event = normalize("stripe", headers(), event("charge.succeeded", "ch_1", "charge"));

        assertThat(event.dataContentType()).isEqualTo("application/json");
    }

    @Test
    void rejects_an_event_without_type() {
        assertThatThrownBy(() -> normalize("stripe", HEADERS, "{\"id\":\"evt_1\",\"created\":1718900000}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'type' field");
    }

    @Test
    void rejects_a_type_that_is_not_a_string() {
        assertThatThrownBy(() -> normalize("stripe", HEADERS, "{\"id\":\"evt_1\",\"type\":42}"))
                .isInstanceOf(MalformedPayloadException.class);
    }
}
