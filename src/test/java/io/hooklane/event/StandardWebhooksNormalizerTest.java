package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StandardWebhooksNormalizerTest {

    static final String BODY = """
            {"type":"invoice.paid","timestamp":"2022-11-03T20:26:10.344522Z",\
            "data":{"id":"inv_2MBvHaSXgMnN3RdfrdJ3hqaL1bP","amount":4200,"currency":"EUR"}}""";

    @Test
    void keeps_the_standard_type_as_is_and_reads_id_time_and_subject() throws Exception {
        CanonicalEvent event = normalize("standard", headers(
                "webhook-id", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
                "webhook-timestamp", "1667507170",
                "webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="), BODY);

        assertThat(event.type()).isEqualTo("invoice.paid");
        assertThat(event.providerType()).isEqualTo("invoice.paid");
        assertThat(event.id()).isEqualTo("msg_2KWPBgLlAfxdpx2AI54pPJ85f4W");
        assertThat(event.time()).isEqualTo(Instant.parse("2022-11-03T20:26:10.344522Z"));
        assertThat(event.subject()).isEqualTo("inv_2MBvHaSXgMnN3RdfrdJ3hqaL1bP");
        assertThat(event.dataContentType()).isEqualTo("application/json");
    }

    @Test
    void falls_back_to_svix_id_and_to_the_timestamp_header() throws Exception {
        CanonicalEvent event = normalize("standard", headers(
                "svix-id", "msg_svix123",
                "webhook-timestamp", "1667507170"), "{\"type\":\"order.created\",\"timestamp\":\"not a time\"}");

        assertThat(event.id()).isEqualTo("msg_svix123");
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1667507170));
        assertThat(event.subject()).isNull();
    }

    @Test
    void generates_an_id_and_uses_the_receive_time_without_headers() throws Exception {
        CanonicalEvent event = normalize("standard", headers(), "{\"type\":\"order.created\"}");

        assertThat(event.id()).isEqualTo(GENERATED_ID);
        assertThat(event.time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void rejects_a_body_without_type() {
        assertThatThrownBy(() -> normalize("standard", headers("webhook-id", "msg_1"), "{\"data\":{}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'type' field");
    }
}
