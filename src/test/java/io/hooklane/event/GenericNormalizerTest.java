package io.hooklane.event;

import static io.hooklane.event.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenericNormalizerTest {

    @Test
    void keeps_the_generic_event_as_is_with_numeric_subject_as_string() throws Exception {
        CanonicalEvent event = normalize("generic", headers("Content-Type", "application/json"),
                "{\"event\":\"order.created\",\"timestamp\":\"2025-02-03T04:05:06+01:00\","
                        + "\"data\":{\"id\":1234,\"total\":\"9.99\"}}");

        assertThat(event.type()).isEqualTo("order.created");
        assertThat(event.providerType()).isEqualTo("order.created");
        assertThat(event.subject()).isEqualTo("1234");
        assertThat(event.time()).isEqualTo(Instant.parse("2025-02-03T03:05:06Z"));
        assertThat(event.id()).isEqualTo(GENERATED_ID);
    }

    @Test
    void accepts_type_instead_of_event_and_a_top_level_id() throws Exception {
        CanonicalEvent event = normalize("generic", headers(),
                "{\"id\":\"ord-evt-77\",\"type\":\"loyalty.points_added\",\"timestamp\":1735689600,"
                        + "\"data\":{\"id\":\"cust-9\"}}");

        assertThat(event.type()).isEqualTo("loyalty.points_added");
        assertThat(event.id()).isEqualTo("ord-evt-77");
        assertThat(event.time()).isEqualTo(Instant.ofEpochSecond(1735689600));
        assertThat(event.subject()).isEqualTo("cust-9");
    }

    @Test
    void uses_the_receive_time_without_timestamp() throws Exception {
        assertThat(normalize("generic", headers(), "{\"event\":\"order.updated\"}").time()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void rejects_a_body_without_event_or_type() {
        assertThatThrownBy(() -> normalize("generic", headers(), "{\"data\":{\"id\":1}}"))
                .isInstanceOf(MalformedPayloadException.class)
                .hasMessage("payload lacks the 'event' or 'type' field");
    }
}
