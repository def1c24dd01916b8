package io.hooklane.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanonicalEventTest {

    private static final byte[] PAYLOAD =
            "{\"email\":\"jane@example.com\",\"card\":\"4242\"}".getBytes(StandardCharsets.UTF_8);

    private static CanonicalEvent event(byte[] data) {
        return new CanonicalEvent("evt_1", "stripe", "payment.succeeded", "charge.succeeded",
                Instant.parse("2024-06-20T16:13:20Z"), "ch_1", "application/json", data);
    }

    @Test
    void to_string_describes_the_event_without_the_payload() {
        String text = event(PAYLOAD).toString();

        assertThat(text).contains("evt_1", "payment.succeeded", "bytes=" + PAYLOAD.length)
                .doesNotContain("jane@example.com", "4242");
    }

    @Test
    void is_immutable_against_changes_to_the_given_and_returned_bytes() {
        byte[] given = PAYLOAD.clone();
        CanonicalEvent event = event(given);

        given[0] = 'X';
        event.data()[1] = 'Y';

        assertThat(event.data()).isEqualTo(PAYLOAD);
    }

    @Test
    void equals_compares_the_payload_by_content() {
        assertThat(event(PAYLOAD.clone())).isEqualTo(event(PAYLOAD.clone()))
                .hasSameHashCodeAs(event(PAYLOAD.clone()));
        assertThat(event(PAYLOAD)).isNotEqualTo(event(new byte[0]));
    }

    @Test
    void stores_blank_subject_and_content_type_as_null() {
        CanonicalEvent event = new CanonicalEvent("1", "s", "t", null, Instant.EPOCH, " ", "", new byte[0]);

        assertThat(event.subject()).isNull();
        assertThat(event.dataContentType()).isNull();
    }

    @Test
    void requires_id_source_type_and_time() {
        assertThatThrownBy(() -> new CanonicalEvent(" ", "s", "t", null, Instant.EPOCH, null, null, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent("1", null, "t", null, Instant.EPOCH, null, null, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent("1", "s", "", null, Instant.EPOCH, null, null, new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CanonicalEvent("1", "s", "t", null, null, null, null, new byte[0]))
                .isInstanceOf(NullPointerException.class);
    }
}
