package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;

import io.hooklane.kafka.ConsumerLoop;
import io.hooklane.kafka.OffsetCommits;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One dispatch consumer: a {@link ConsumerLoop} over the inbound event topic whose work ({@link DispatchWork}) routes
 * every event of a poll (the routing rules write delivery records asynchronously into a {@link DispatchBatch}),
 * waits once for all of the poll's writes, and marks each inbound partition done up to its last fully written event;
 * the loop commits that (without blocking, at most every {@link OffsetCommits#INTERVAL}). Routing never stops on one
 * record:
 * <ul>
 * <li>a record that is not a readable CloudEvent, or on which a rule throws, is written to the routing dead-letter
 * topic at once (routing it again would fail the same way), and the partition moves on;</li>
 * <li>an event whose writes failed is never skipped at first: its partition is sought back to it and paused with
 * backoff (the consumer keeps polling, so it keeps its group membership), and it is routed again; after
 * {@code maxWriteAttempts} attempts it is dead-lettered ({@code write_failed}) and the partition moves on. The records
 * a retry finds acknowledged by an earlier attempt (of this event and of the ones after it) are not written again.</li>
 * </ul>
 * An event leaves its partition's way only once its records or its dead letter are acknowledged. Events of one
 * partition are routed in order. Delivery is at least once: after a crash or a rebalance, the events since the last
 * commit are routed again and may write their records twice (same webhook-id).
 */
public final class DispatchLoop extends ConsumerLoop {

    /** Runs the routing rules for one inbound event; its queue writes go into the batch. */
    @FunctionalInterface
    public interface Router {
        /**
         * @throws UnreadableRecordException when the record is not a CloudEvent routing can read
         * @throws Exception when a rule fails on the event
         */
        void route(ConsumerRecord<byte[], byte[]> event, DispatchBatch batch) throws Exception;
    }

    /** How long to wait for writes, how to back off, and how many attempts a failed write gets. */
    public record Settings(long writeTimeoutMillis, Duration initialBackoff, Duration maxBackoff,
                           int maxWriteAttempts) {
    }

    /** A poll waits for events; nothing comes back between polls, and nothing is under way at a stop. */
    private static final ConsumerLoop.Timing TIMING =
            new ConsumerLoop.Timing(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ZERO);

    private final DispatchWork work;

    public DispatchLoop(String topic, Consumer<byte[], byte[]> consumer, Router router, RoutingDeadLetters deadLetters,
                        Settings settings, Clock clock) {
        this(topic, consumer, new DispatchWork(router, deadLetters, settings, clock), clock);
    }

    private DispatchLoop(String topic, Consumer<byte[], byte[]> consumer, DispatchWork work, Clock clock) {
        super(topic, consumer, work, TIMING, "dispatch offsets", clock);
        this.work = work;
    }

    Duration backoff(int attempt) {
        return work.backoff(attempt);
    }
}
