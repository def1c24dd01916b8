package io.hooklane.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.hooklane.dispatch.RoutingDeadLetter;
import io.hooklane.dispatch.RoutingFailure;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A routing dead letter keeps the original value byte for byte, whatever it is, and the admin API reads it back. */
class RoutingDeadLetterEntryTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"id\":\"e1\",\"data\":{\"note\":\"caf\u00e9 \u2603\",\"n\":1.50}}",
            "[1, 2,\n 3]",
            " {\"leading\":\"space\"}",
            "{\"unterminated\":",
            "123",
            "\"a string\"",
            "plain text"})
    void keeps_the_original_value_byte_for_byte(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);

        RoutingDeadLetterEntry entry = roundTrip(bytes);

        assertThat(entry.valueKept()).isTrue();
        assertThat(entry.value()).isEqualTo(bytes);
        assertThat(entry.reason()).isEqualTo("unreadable_record");
        assertThat(entry.replayTo("events").value()).isEqualTo(bytes);
    }

    @Test
    void keeps_bytes_that_are_not_utf8_as_base64() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, 0, '{', (byte) 0xc3};

        assertThat(roundTrip(bytes).value()).isEqualTo(bytes);
        assertThat(new String(letter(bytes).toJson(), StandardCharsets.UTF_8)).contains("\"valueBase64\":\"//4Ae8M=\"");
    }

    @Test
    void a_null_value_is_replayed_as_a_null_value_with_the_original_key_and_headers() {
        RoutingDeadLetterEntry entry = roundTrip(null);

        assertThat(entry.valueKept()).isTrue();
        ProducerRecord<byte[], byte[]> replay = entry.replayTo("events");
        assertThat(replay.topic()).isEqualTo("events");
        assertThat(replay.value()).isNull();
        assertThat(replay.key()).isEqualTo("k".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(replay.headers().lastHeader("x-origin").value(), StandardCharsets.UTF_8))
                .isEqualTo("test");
    }

    @Test
    void a_value_too_large_to_embed_is_left_out_and_not_replayable() {
        byte[] big = new byte[RoutingDeadLetter.MAX_VALUE_BYTES];

        RoutingDeadLetterEntry entry = roundTrip(big);

        assertThat(entry.valueKept()).isFalse();
        assertThat(entry.replayTo("events")).isNull();
        assertThat(new String(letter(big).toJson(), StandardCharsets.UTF_8)).contains("\"valueOmitted\":\"too_large\"");
    }

    @Test
    void a_record_that_is_not_a_routing_dead_letter_is_listed_but_not_replayable() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("dlt", 0, 7, null, "{\"value\":".getBytes());

        assertThat(RoutingDeadLetterEntry.parse(record).replayTo("events")).isNull();
    }

    private static RoutingDeadLetter letter(byte[] value) {
        return new RoutingDeadLetter(RoutingFailure.UNREADABLE_RECORD, "IllegalArgumentException: not JSON",
                "events", 3, 41, "k".getBytes(StandardCharsets.UTF_8), 1_700_000_000_000L, 1,
                Instant.parse("2026-12-02T06:00:00Z"), List.of(), value);
    }

    private static RoutingDeadLetterEntry roundTrip(byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("dlt", 0, 7, "k".getBytes(StandardCharsets.UTF_8),
                letter(value).toJson());
        record.headers().add("x-origin", "test".getBytes(StandardCharsets.UTF_8));
        RoutingDeadLetterEntry entry = RoutingDeadLetterEntry.parse(record);
        assertThat(entry.originalOffset()).isEqualTo(41);
        assertThat(entry.topic()).isEqualTo("events");
        return entry;
    }
}
