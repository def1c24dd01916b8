package io.hooklane.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import io.hooklane.runtime.ThreadPriority;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One Kafka consumer's loop, the same for routing and delivery: it owns the subscription, the polls, the commits and
 * the pauses, and hands the records to its {@link Work}, which says per partition how far it is done. Each cycle it
 * lets the work step, polls (with a short timeout while the work expects results back), lets the work step again,
 * and commits each partition only below what the work reports as committable (without blocking, at most every
 * {@link OffsetCommits#INTERVAL}), so a crash, a stop or a rebalance reads again (at least once) and never skips.
 * <ul>
 * <li>Back-pressure: while the work has no room for a whole poll, every assigned partition is paused and the
 * consumer keeps polling (it keeps its group membership); once there is room they are resumed.</li>
 * <li>Backoff: the work may send a partition back to a record and have it paused until a time
 * ({@link Positions#readAgain}); it resumes when due (and not under back-pressure).</li>
 * <li>Rebalance: on revocation it commits what is safe and the work drops the partitions' records (the new owner
 * reads them from the committed offset); newly assigned partitions start with no state.</li>
 * <li>Stop: no new work starts, work under way gets a grace to finish, what is done is committed synchronously, and
 * the consumer is closed.</li>
 * </ul>
 * Only this loop's thread uses the consumer and the work's state. A stage's loop is this loop with its work
 * ({@code DispatchLoop}, {@code DeliveryLoop}).
 */
public class ConsumerLoop implements RestartingLoop.Loop {

    /** What the loop's records are for. Called from the loop's thread only. */
    public interface Work {
        /**
         * Before each poll: whether there is room for a whole poll's records (then it is reserved). Without room every
         * assigned partition is paused.
         */
        default boolean reserve() {
            return true;
        }

        /** The records of one poll (possibly none); {@code positions} sends partitions back to a record. */
        void accept(ConsumerRecords<byte[], byte[]> records, Positions positions) throws InterruptedException;

        /** After every poll, whether it brought records, none, or failed. */
        default void polled() {
        }

        /** Handles what came back since the last step, and starts what may start. */
        default void step() {
        }

        /** The partitions the work has taken records of (and not dropped). */
        Collection<TopicPartition> partitions();

        /** The offset the partition may be committed at: nothing before it is left to do; empty if none. */
        OptionalLong committable(TopicPartition partition);

        /**
         * The partitions are no longer this loop's (revoked, newly assigned, or the loop ends): their records and
         * state are dropped, and nothing that comes back for them is applied.
         */
        void drop(Collection<TopicPartition> partitions);

        /** Whether results may come back at any moment (the loop then polls with its short timeout). */
        default boolean busy() {
            return false;
        }

        /** Whether work is under way that a stopping loop lets finish, within its grace. */
        default boolean inFlight() {
            return false;
        }

        /** The loop is stopping: no new work starts; what is under way may still finish. */
        default void stopStarting() {
        }

        /** After each cycle, for metrics; {@code backlog} asks the consumer, so the work calls it sparingly. */
        default void report(Backlog backlog) {
        }

        /** The loop has ended and its partitions are dropped. */
        default void ended() {
        }
    }

    /** What the work may do with the consumer's positions, while it handles a poll's records. */
    public interface Positions {
        /**
         * The partition is read again from {@code offset}: at the next poll, or, with {@code resumeAt}, paused until
         * then (the consumer keeps polling meanwhile).
         */
        void readAgain(TopicPartition partition, long offset, Instant resumeAt);

        /** Whether the loop is stopping: records not handled yet are better left in Kafka. */
        boolean stopping();
    }

    /** How many records wait for this loop. */
    @FunctionalInterface
    public interface Backlog {
        /**
         * Records of the assigned partitions not finished yet: held by the work, and not yet fetched; empty when the
         * consumer cannot tell now (a timeout, a stop).
         */
        OptionalLong waiting();
    }

    /** Poll timeouts while the work is busy and while it is idle; how long a stop lets work under way finish. */
    public record Timing(Duration busyPoll, Duration idlePoll, Duration stopGrace) {
    }

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Work work;
    private final Timing timing;
    private final Clock clock;
    private final OffsetCommits commits;
    private final PausedPartitions paused = new PausedPartitions();
    /** per partition, the committable offset last handed to the commits */
    private final Map<TopicPartition, Long> offered = new HashMap<>();
    private final Positions positions = new Positions() {
        @Override
        public void readAgain(TopicPartition partition, long offset, Instant resumeAt) {
            consumer.seek(partition, offset);
            if (resumeAt != null) {
                paused.pause(consumer, partition, resumeAt);
            }
        }

        @Override
        public boolean stopping() {
            return !running;
        }
    };
    private final Backlog backlog = this::waiting;
    private boolean backPressure;
    private volatile boolean running = true;

    /** @param what the offsets, for logs ("dispatch offsets", "delivery offsets of crm") */
    public ConsumerLoop(String topic, Consumer<byte[], byte[]> consumer, Work work, Timing timing, String what,
                        Clock clock) {
        this(topic, consumer, work, timing, what, clock, OffsetCommits.INTERVAL);
    }

    ConsumerLoop(String topic, Consumer<byte[], byte[]> consumer, Work work, Timing timing, String what, Clock clock,
                 Duration commitInterval) {
        this.topic = topic;
        this.consumer = consumer;
        this.work = work;
        this.timing = timing;
        this.clock = clock;
        this.commits = new OffsetCommits(what, commitInterval, System::nanoTime);
    }

    @Override
    public final void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public final void run() {
        ThreadPriority.background();
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                work.step();
                poll();
                work.step();
                offerCommits();
                commits.commitIfDue(consumer);
                work.report(backlog);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                finishInFlight();
                offerCommits();
                commits.commitNow(consumer, COMMIT_TIMEOUT);
            } finally {
                work.drop(List.copyOf(work.partitions()));
                work.ended();
                consumer.close(CLOSE_TIMEOUT);
            }
        }
    }

    /** One poll: paused throughout while the work has no room, and the partitions whose backoff is over resumed. */
    private void poll() throws InterruptedException {
        boolean room = work.reserve();
        try {
            if (room == backPressure) {
                backPressure = !room;
                Set<TopicPartition> assigned = consumer.assignment();
                if (backPressure) {
                    consumer.pause(assigned);
                } else {
                    Set<TopicPartition> free = new HashSet<>(assigned);
                    free.removeAll(paused.waiting());
                    consumer.resume(free);
                }
            }
            if (!backPressure) {
                paused.resumeDue(consumer, clock.instant());
            }
            work.accept(consumer.poll(work.busy() ? timing.busyPoll() : timing.idlePoll()), positions);
        } finally {
            work.polled();
        }
    }

    /** Hands the offsets that moved to the commits: how far each partition is done. */
    private void offerCommits() {
        for (TopicPartition partition : work.partitions()) {
            OptionalLong committable = work.committable(partition);
            if (committable.isPresent() && !Long.valueOf(committable.getAsLong()).equals(offered.get(partition))) {
                offered.put(partition, committable.getAsLong());
                commits.done(partition, committable.getAsLong());
            }
        }
    }

    /** A stopping loop: no new work starts; work under way gets a short while to finish. */
    private void finishInFlight() {
        long end = System.nanoTime() + timing.stopGrace().toNanos();
        work.stopStarting();
        while (work.inFlight() && System.nanoTime() - end < 0) {
            work.step();
            try {
                Thread.sleep(timing.busyPoll().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private OptionalLong waiting() {
        try {
            return OptionalLong.of(ConsumerLag.waiting(consumer, work::committable, COMMIT_TIMEOUT));
        } catch (KafkaException e) {
            // a stop's wakeup, a timeout: not known this time
            if (e instanceof WakeupException && running) {
                throw e;
            }
            return OptionalLong.empty();
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        work.drop(partitions);
        paused.forget(partitions);
        commits.forget(partitions);
        partitions.forEach(offered::remove);
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            offerCommits();
            commits.commitNow(consumer, COMMIT_TIMEOUT);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            forget(partitions);
            if (backPressure) {
                consumer.pause(partitions);
            }
        }
    }
}
