package io.hooklane.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordLimitsTest {

    @Test
    void an_event_record_holds_the_largest_body_base64_encoded_with_its_envelope() {
        RecordLimits limits = new RecordLimits(5 * 1024 * 1024);

        // 5 MiB as base64: 6,990,508 bytes
        assertThat(limits.eventBytes()).isEqualTo(6_990_508 + RecordLimits.ENVELOPE_BYTES);
        assertThat(limits.deadLetterBytes()).isEqualTo(limits.eventBytes() + RecordLimits.DEAD_LETTER_BYTES);
    }

    @Test
    void refuses_a_body_limit_no_record_can_hold() {
        assertThatThrownBy(() -> new RecordLimits(0)).hasMessageContaining("hooklane.ingest.max-body-size");
        assertThatThrownBy(() -> new RecordLimits(2_000_000_000L)).hasMessageContaining("hooklane.ingest.max-body-size")
                .hasMessageContaining("2000000000");
    }
}
