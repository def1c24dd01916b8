package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.hooklane.kafka.OffsetCommits;
import io.hooklane.kafka.PausedPartitions;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.runtime.ThreadPriority;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatch consumer: polls the inbound event topic, routes every event of the poll (the routing rules write
 * delivery records asynchronously into a {@link DispatchBatch}), waits once for all of the poll's writes, and commits
 * each inbound partition up to its last fully written event (without blocking, at most every
 * {@link OffsetCommits#INTERVAL}). Routing never stops on one record:
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
public final class DispatchLoop implements RestartingLoop.Loop {

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

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    private static final NavigableMap<Long, Set<String>> EMPTY = new TreeMap<>();

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Router router;
    private final RoutingDeadLetters deadLetters;
    private final Settings settings;
    private final Clock clock;
    private final PausedPartitions paused = new PausedPartitions();
    private final OffsetCommits commits = new OffsetCommits("dispatch offsets", OffsetCommits.INTERVAL, System::nanoTime);
    /** per partition, the offset of the event being retried and its failed attempts so far */
    private final Map<TopicPartition, long[]> failures = new HashMap<>();
    /** per partition and event not yet committed, the slots an earlier attempt wrote */
    private final Map<TopicPartition, NavigableMap<Long, Set<String>>> written = new HashMap<>();
    private volatile boolean running = true;

    public DispatchLoop(String topic, Consumer<byte[], byte[]> consumer, Router router, RoutingDeadLetters deadLetters,
                        Settings settings, Clock clock) {
        this.topic = topic;
        this.consumer = consumer;
        this.router = router;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        ThreadPriority.background();
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // every batch is settled before the next poll: nothing is in flight, only its commit may wait
                    commits.commitNow(consumer, COMMIT_TIMEOUT);
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }
            });
            while (running) {
                paused.resumeDue(consumer, clock.instant());
                dispatch(consumer.poll(POLL));
                commits.commitIfDue(consumer);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                commits.commitNow(consumer, COMMIT_TIMEOUT);
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    private void dispatch(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        DispatchBatch batch = new DispatchBatch();
        Map<TopicPartition, Long> notRouted = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> event : records.records(partition)) {
                if (!running) {
                    // left in Kafka: read again by whoever gets the partition next
                    notRouted.put(partition, event.offset());
                    break;
                }
                batch.begin(event, written.getOrDefault(partition, EMPTY).getOrDefault(event.offset(), Set.of()));
                try {
                    router.route(event, batch);
                } catch (UnreadableRecordException e) {
                    deadLetter(batch, event, RoutingFailure.UNREADABLE_RECORD, e);
                } catch (Exception e) {
                    deadLetter(batch, event, RoutingFailure.RULE_FAILED, e);
                }
            }
        }
        DispatchBatch.Outcome outcome = batch.complete(settings.writeTimeoutMillis());
        outcome.deadLettered().forEach(d -> deadLettered(d.record(), d.reason(), d.cause(), 1));
        // the records are written: after a crash before the commit, these events are routed again (duplicate
        // delivery records, same webhook-id), never lost
        outcome.commit().forEach(this::done);
        outcome.acknowledged().forEach((partition, events) ->
                written.computeIfAbsent(partition, p -> new TreeMap<>()).putAll(events));
        for (Map.Entry<TopicPartition, DispatchBatch.Failed> failed : outcome.retry().entrySet()) {
            failed(failed.getKey(), failed.getValue());
        }
        notRouted.forEach((partition, offset) -> {
            if (!outcome.retry().containsKey(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private void deadLetter(DispatchBatch batch, ConsumerRecord<byte[], byte[]> event, RoutingFailure reason,
                            Exception cause) {
        batch.deadLettered(reason, cause);
        String slot = batch.slot(deadLetters.topic());
        if (slot != null) {
            batch.sent(slot, deadLetters.producer(),
                    deadLetters.send(event, reason, cause, 1, batch.writesOfCurrent()));
        }
    }

    /** Everything before {@code next} is written (or dead-lettered): committed, and its write slots forgotten. */
    private void done(TopicPartition partition, long next) {
        commits.done(partition, next);
        NavigableMap<Long, Set<String>> events = written.get(partition);
        if (events != null) {
            events.headMap(next).clear();
        }
        long[] failure = failures.get(partition);
        if (failure != null && failure[0] < next) {
            failures.remove(partition);
        }
    }

    private void failed(TopicPartition partition, DispatchBatch.Failed failed) throws InterruptedException {
        long[] failure = failures.get(partition);
        if (failure == null || failure[0] != failed.offset()) {
            failure = new long[] {failed.offset(), 0};
            failures.put(partition, failure);
        }
        int attempt = (int) ++failure[1];
        if (attempt >= settings.maxWriteAttempts() && deadLetterUnwritten(partition, failed, attempt)) {
            return;
        }
        Duration delay = backoff(attempt);
        LOG.warn("Routing the event at {} offset {} failed ({}), attempt {} of {}: it and the rest of its partition "
                + "are routed again in {} ms", partition, failed.offset(), RoutingDeadLetters.describe(failed.cause()),
                attempt, settings.maxWriteAttempts(), delay.toMillis());
        consumer.seek(partition, failed.offset());
        paused.pause(consumer, partition, clock.instant().plus(delay));
    }

    /** @return whether the event's dead letter was acknowledged (the partition then moves on past it) */
    private boolean deadLetterUnwritten(TopicPartition partition, DispatchBatch.Failed failed, int attempt)
            throws InterruptedException {
        List<String> acknowledged = List.copyOf(written.getOrDefault(partition, EMPTY)
                .getOrDefault(failed.offset(), Set.of()));
        try {
            deadLetters.send(failed.record(), RoutingFailure.WRITE_FAILED, failed.cause(), attempt, acknowledged)
                    .get(settings.writeTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("The dead letter of the event at {} offset {} could not be written ({}): it stays in line",
                    partition, failed.offset(), RoutingDeadLetters.describe(e.getCause() == null ? e : e.getCause()));
            return false;
        }
        deadLettered(failed.record(), RoutingFailure.WRITE_FAILED, failed.cause(), attempt);
        done(partition, failed.offset() + 1);
        consumer.seek(partition, failed.offset() + 1);
        return true;
    }

    private void deadLettered(ConsumerRecord<byte[], byte[]> event, RoutingFailure reason, Exception cause,
                              int attempts) {
        deadLetters.counted(reason);
        LOG.warn("Event at {}-{} offset {} written to {} ({}, {} attempt(s)): {}", event.topic(), event.partition(),
                event.offset(), deadLetters.topic(), reason.code(), attempts, RoutingDeadLetters.describe(cause));
    }

    Duration backoff(int attempt) {
        long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
    }

    private void forget(Collection<TopicPartition> partitions) {
        paused.forget(partitions);
        commits.forget(partitions);
        partitions.forEach(failures::remove);
        partitions.forEach(written::remove);
    }
}
