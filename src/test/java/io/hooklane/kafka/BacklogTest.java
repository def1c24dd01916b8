package io.hooklane.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class BacklogTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final Backlog backlog = new Backlog(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));

    @Test
    void a_poll_of_records_written_within_the_threshold_is_not_behind() {
        assertThat(backlog.behind(poll(Map.of(0, List.of(ago(5), ago(1000)), 1, List.of(ago(0)))))).isFalse();
    }

    @Test
    void one_record_older_than_the_threshold_makes_the_poll_behind() {
        assertThat(backlog.behind(poll(Map.of(0, List.of(ago(5)), 1, List.of(ago(10), ago(1001)))))).isTrue();
    }

    @Test
    void records_without_a_timestamp_or_from_a_clock_ahead_of_ours_count_as_fresh() {
        assertThat(backlog.behind(poll(Map.of(0, List.of(ConsumerRecord.NO_TIMESTAMP), 1, List.of(ago(-60_000))))))
                .isFalse();
    }

    @Test
    void a_zero_threshold_puts_every_poll_behind() {
        Backlog always = new Backlog(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);

        assertThat(always.behind(poll(Map.of(0, List.of(ago(0)))))).isTrue();
    }

    private static long ago(long millis) {
        return NOW.toEpochMilli() - millis;
    }

    private static ConsumerRecords<byte[], byte[]> poll(Map<Integer, List<Long>> timestampsByPartition) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new java.util.HashMap<>();
        timestampsByPartition.forEach((partition, timestamps) -> {
            List<ConsumerRecord<byte[], byte[]>> list = new java.util.ArrayList<>();
            for (long timestamp : timestamps) {
                list.add(new ConsumerRecord<>("t", partition, list.size(), timestamp, TimestampType.CREATE_TIME,
                        0, 0, null, new byte[0], new RecordHeaders(), Optional.empty()));
            }
            records.put(new TopicPartition("t", partition), list);
        });
        return new ConsumerRecords<>(records);
    }
}
