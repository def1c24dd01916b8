package io.hooklane.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("events", 0);
    private static final TopicPartition P1 = new TopicPartition("events", 1);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final FailingConsumer consumer = new FailingConsumer();
    private final OffsetCommits commits = new OffsetCommits("test offsets", Duration.ofMillis(200), nanos::get);

    @BeforeEach
    void assign() {
        consumer.assign(List.of(P0, P1));
    }

    @Test
    void commits_what_is_done_at_most_once_per_interval() {
        commits.done(P0, 5);
        commits.commitIfDue(consumer);
        assertThat(consumer.committed(Set.of(P0))).isEmpty();

        nanos.addAndGet(Duration.ofMillis(200).toNanos());
        commits.done(P0, 7);
        commits.commitIfDue(consumer);
        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(7));
        assertThat(commits.pending()).isEmpty();

        commits.done(P1, 3);
        nanos.addAndGet(Duration.ofMillis(199).toNanos());
        commits.commitIfDue(consumer);
        assertThat(consumer.committed(Set.of(P1))).isEmpty();
        assertThat(commits.pending()).containsOnlyKeys(P1);
    }

    @Test
    void commits_now_whatever_is_pending_when_partitions_go_or_the_loop_ends() {
        commits.done(P0, 4);
        commits.done(P1, 9);

        commits.commitNow(consumer, Duration.ofSeconds(1));

        assertThat(consumer.committed(Set.of(P0, P1)))
                .containsEntry(P0, new OffsetAndMetadata(4)).containsEntry(P1, new OffsetAndMetadata(9));
        assertThat(commits.pending()).isEmpty();
    }

    @Test
    void a_forgotten_partition_is_not_committed_by_its_old_owner() {
        commits.done(P0, 4);
        commits.done(P1, 9);

        commits.forget(List.of(P1));
        commits.commitNow(consumer, Duration.ofSeconds(1));

        assertThat(consumer.committed(Set.of(P0, P1))).containsOnlyKeys(P0);
    }

    @Test
    void a_failed_commit_is_logged_not_thrown_and_later_offsets_still_go() {
        consumer.failure = new org.apache.kafka.common.errors.TimeoutException("broker away");
        commits.done(P0, 4);

        commits.commitNow(consumer, Duration.ofSeconds(1));
        assertThat(consumer.committed(Set.of(P0))).isEmpty();

        consumer.failure = null;
        commits.done(P0, 6);
        commits.commitNow(consumer, Duration.ofSeconds(1));
        assertThat(consumer.committed(Set.of(P0))).containsEntry(P0, new OffsetAndMetadata(6));
    }

    /** A MockConsumer whose commits fail while {@code failure} is set. */
    private static final class FailingConsumer extends MockConsumer<byte[], byte[]> {
        RuntimeException failure;

        FailingConsumer() {
            super(OffsetResetStrategy.EARLIEST);
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
            if (failure != null) {
                throw failure;
            }
            super.commitSync(offsets, timeout);
        }
    }
}
