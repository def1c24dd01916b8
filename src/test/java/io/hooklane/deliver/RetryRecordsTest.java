package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry topic's values: what is written reads back the same, older values still read, odd ones are skipped. */
class RetryRecordsTest {

    private static final Instant FIRST = Instant.parse("2026-12-02T10:00:00.123Z");
    private static final Instant NEXT = Instant.parse("2026-12-02T10:05:30Z");

    @Test
    void a_history_with_its_next_attempt_reads_back_the_same() {
        RetryMemory.Entry entry = new RetryMemory.Entry(5, FIRST, NEXT);

        assertThat(text(RetryRecords.toJson(entry)))
                .isEqualTo("{\"attempts\":5,\"firstAttempt\":\"2026-12-02T10:00:00.123Z\","
                        + "\"nextAttempt\":\"2026-12-02T10:05:30Z\"}");
        assertThat(RetryRecords.parse(RetryRecords.toJson(entry))).contains(entry);
    }

    @Test
    void a_history_due_at_once_is_written_without_a_next_attempt() {
        RetryMemory.Entry entry = new RetryMemory.Entry(2, FIRST);

        assertThat(text(RetryRecords.toJson(entry))).doesNotContain("nextAttempt");
        assertThat(RetryRecords.parse(RetryRecords.toJson(entry))).contains(entry);
    }

    @Test
    void a_value_written_before_next_attempt_existed_reads_as_due_at_once() {
        assertThat(RetryRecords.parse(bytes("{\"attempts\":3,\"firstAttempt\":\"2026-12-02T10:00:00.123Z\"}")))
                .contains(new RetryMemory.Entry(3, FIRST, null));
        assertThat(RetryRecords.parse(bytes(
                "{\"attempts\":3,\"firstAttempt\":\"2026-12-02T10:00:00.123Z\",\"nextAttempt\":null}")))
                .contains(new RetryMemory.Entry(3, FIRST, null));
    }

    @Test
    void a_next_attempt_that_is_not_a_time_makes_the_value_unreadable() {
        assertThat(RetryRecords.parse(bytes(
                "{\"attempts\":3,\"firstAttempt\":\"2026-12-02T10:00:00Z\",\"nextAttempt\":1764669930}"))).isEmpty();
        assertThat(RetryRecords.parse(bytes(
                "{\"attempts\":3,\"firstAttempt\":\"2026-12-02T10:00:00Z\",\"nextAttempt\":\"soon\"}"))).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
