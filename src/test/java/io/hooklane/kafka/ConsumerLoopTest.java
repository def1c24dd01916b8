package io.hooklane.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer loop that routing and delivery share, against a Kafka consumer that keeps its records like a broker
 * ({@link PartitionLogConsumer}) and a test work that finishes records at once unless told to hold them.
 */
class ConsumerLoopTest {

    private static final String TOPIC = "hooklane.test.loop";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ConsumerLoop.Timing TIMING =
            new ConsumerLoop.Timing(Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(300));
    /** Long enough that only a rebalance or a stop commits. */
    private static final Duration NO_TIMED_COMMITS = Duration.ofHours(1);

    private final TopicPartition p0 = new TopicPartition(TOPIC, 0);
    private final TopicPartition p1 = new TopicPartition(TOPIC, 1);
    private final PartitionLogConsumer consumer = new PartitionLogConsumer(TOPIC, 2);
    private final TestClock clock = new TestClock();
    private final TestWork work = new TestWork();
    private ConsumerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(WAIT.toMillis());
        }
    }

    @Test
    void a_revoked_partition_is_committed_below_its_unfinished_record_and_its_state_is_dropped() {
        append(0, 3);
        append(1, 2);
        work.heldForever.add("0-1");
        start(NO_TIMED_COMMITS);
        await().atMost(WAIT).until(() -> work.seen(0).size() == 3 && work.seen(1).size() == 2);
        assertThat(consumer.committedOffset(0)).as("no timed commit yet").isEmpty();

        consumer.schedulePollTask(() -> consumer.rebalance(List.of(p1)));

        await().atMost(WAIT).until(() -> work.committedAtDrop.containsKey(p0));
        assertThat(work.committedAtDrop.get(p0)).as("committed before its state was dropped, below offset 1")
                .hasValue(1);
        assertThat(consumer.committedOffset(1)).as("what is done elsewhere is committed with it").hasValue(2);
        assertThat(work.taking).doesNotContain(p0);
    }

    @Test
    void a_partition_sent_back_with_backoff_stays_paused_while_the_others_flow_and_is_read_again_when_due() {
        append(0, 3);
        append(1, 1);
        work.bounceOnce.put("0-1", clock.instant().plus(Duration.ofMinutes(1)));
        start(OffsetCommits.INTERVAL);
        await().atMost(WAIT).until(() -> consumer.isPaused(0) && work.seen(0).equals(List.of(0L, 1L)));

        append(1, 1);
        await().atMost(WAIT).until(() -> work.seen(1).equals(List.of(0L, 1L)));
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> consumer.isPaused(0) && work.seen(0).equals(List.of(0L, 1L)));
        assertThat(consumer.committedOffset(0).orElse(0)).as("never committed past the record sent back")
                .isLessThanOrEqualTo(1);

        clock.advance(Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> !consumer.isPaused(0) && work.seen(0).equals(List.of(0L, 1L, 1L, 2L)));
        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 3);
    }

    @Test
    void without_room_for_a_poll_every_assigned_partition_is_paused_until_there_is_room() {
        work.room = false;
        start(OffsetCommits.INTERVAL);
        // the partitions assigned while there is no room are paused as they come
        await().atMost(WAIT).until(() -> consumer.isPaused(0) && consumer.isPaused(1));
        append(0, 2);
        append(1, 2);
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> work.seen(0).isEmpty() && work.seen(1).isEmpty());

        work.room = true;

        await().atMost(WAIT).until(() -> !consumer.isPaused(0) && !consumer.isPaused(1)
                && work.seen(0).size() == 2 && work.seen(1).size() == 2);
    }

    @Test
    void a_partition_waiting_for_its_backoff_stays_paused_when_back_pressure_ends() {
        append(0, 1);
        work.bounceOnce.put("0-0", clock.instant().plus(Duration.ofMinutes(1)));
        start(OffsetCommits.INTERVAL);
        await().atMost(WAIT).until(() -> consumer.isPaused(0) && work.seen(0).equals(List.of(0L)));
        work.room = false;
        await().atMost(WAIT).until(() -> consumer.isPaused(1));

        work.room = true;
        await().atMost(WAIT).until(() -> !consumer.isPaused(1));
        append(1, 1);
        await().atMost(WAIT).until(() -> work.seen(1).equals(List.of(0L)));
        assertThat(consumer.isPaused(0)).as("still waiting for its time").isTrue();
        assertThat(work.seen(0)).containsExactly(0L);

        clock.advance(Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> work.seen(0).equals(List.of(0L, 0L)));
    }

    @Test
    void a_stop_lets_work_under_way_finish_within_its_grace_and_commits_below_what_is_still_unfinished()
            throws InterruptedException {
        append(0, 3);
        append(1, 2);
        work.heldForever.add("0-1");
        work.heldUntilStop.add("1-1");
        start(NO_TIMED_COMMITS);
        await().atMost(WAIT).until(() -> work.seen(0).size() == 3 && work.seen(1).size() == 2);

        loop.stop();
        thread.join(WAIT.toMillis());

        assertThat(thread.isAlive()).isFalse();
        assertThat(work.stopStarted).isTrue();
        assertThat(consumer.committedOffset(0)).as("below the record still unfinished").hasValue(1);
        assertThat(consumer.committedOffset(1)).as("the record that finished during the grace").hasValue(2);
        assertThat(work.committedAtDrop).containsKeys(p0, p1);
        assertThat(work.ended).isTrue();
        assertThat(consumer.closed()).isTrue();
    }

    private void start(Duration commitInterval) {
        loop = new ConsumerLoop(TOPIC, consumer, work, TIMING, "test offsets", clock, commitInterval);
        thread = new Thread(loop, "consumer-loop-under-test");
        thread.start();
    }

    private void append(int partition, int count) {
        for (int i = 0; i < count; i++) {
            consumer.append(partition, ("e" + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Finishes each record as it takes it, except those held (forever, or until the loop stops starting work); sends
     * a partition back to a record once when told to, with the rest of that poll's records of it. Its state is the
     * loop thread's; what the test reads is thread-safe.
     */
    private final class TestWork implements ConsumerLoop.Work {
        final Map<Integer, List<Long>> seen = new ConcurrentHashMap<>();
        final Set<String> heldForever = ConcurrentHashMap.newKeySet();
        final Set<String> heldUntilStop = ConcurrentHashMap.newKeySet();
        final Map<String, Instant> bounceOnce = new ConcurrentHashMap<>();
        final Map<TopicPartition, OptionalLong> committedAtDrop = new ConcurrentHashMap<>();
        final Queue<TopicPartition> taking = new ConcurrentLinkedQueue<>();
        final Map<TopicPartition, Long> next = new HashMap<>();
        final Map<TopicPartition, TreeSet<Long>> unfinished = new HashMap<>();
        volatile boolean room = true;
        volatile boolean stopStarted;
        volatile boolean ended;

        List<Long> seen(int partition) {
            return List.copyOf(seen.getOrDefault(partition, List.of()));
        }

        @Override
        public boolean reserve() {
            return room;
        }

        @Override
        public void accept(ConsumerRecords<byte[], byte[]> records, ConsumerLoop.Positions positions) {
            for (TopicPartition partition : records.partitions()) {
                for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                    String key = partition.partition() + "-" + record.offset();
                    seen.computeIfAbsent(partition.partition(), p -> new CopyOnWriteArrayList<>()).add(record.offset());
                    Instant resumeAt = bounceOnce.remove(key);
                    if (resumeAt != null) {
                        positions.readAgain(partition, record.offset(), resumeAt);
                        break;
                    }
                    next.merge(partition, record.offset() + 1, Math::max);
                    if (!taking.contains(partition)) {
                        taking.add(partition);
                    }
                    if (heldForever.contains(key) || heldUntilStop.contains(key)) {
                        unfinished.computeIfAbsent(partition, p -> new TreeSet<>()).add(record.offset());
                    }
                }
            }
        }

        @Override
        public void step() {
            if (stopStarted) {
                for (Map.Entry<TopicPartition, TreeSet<Long>> held : unfinished.entrySet()) {
                    held.getValue().removeIf(offset -> heldUntilStop.contains(
                            held.getKey().partition() + "-" + offset));
                }
            }
        }

        @Override
        public Collection<TopicPartition> partitions() {
            return next.keySet();
        }

        @Override
        public OptionalLong committable(TopicPartition partition) {
            TreeSet<Long> held = unfinished.get(partition);
            if (held != null && !held.isEmpty()) {
                return OptionalLong.of(held.first());
            }
            Long after = next.get(partition);
            return after == null ? OptionalLong.empty() : OptionalLong.of(after);
        }

        @Override
        public void drop(Collection<TopicPartition> dropped) {
            for (TopicPartition partition : dropped) {
                if (next.containsKey(partition)) {
                    committedAtDrop.put(partition, consumer.committedOffset(partition.partition()));
                }
                next.remove(partition);
                unfinished.remove(partition);
                taking.remove(partition);
            }
        }

        @Override
        public boolean inFlight() {
            return unfinished.values().stream().anyMatch(held -> !held.isEmpty());
        }

        @Override
        public void stopStarting() {
            stopStarted = true;
        }

        @Override
        public void ended() {
            ended = true;
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-02T12:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the loop reads instants only");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
