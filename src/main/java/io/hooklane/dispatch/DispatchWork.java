package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.hooklane.kafka.ConsumerLoop;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing of one poll of inbound events, as the work of a {@link ConsumerLoop}: every event goes through the
 * router into one {@link DispatchBatch}, the batch's writes are waited for once, and each partition is done up to its
 * last fully written event. An event whose writes failed sends its partition back to it, paused with backoff, until
 * its {@code maxWriteAttempts}-th attempt dead-letters it ({@code write_failed}); an unreadable event or a failing
 * rule is dead-lettered at once. Nothing is under way between polls.
 */
final class DispatchWork implements ConsumerLoop.Work {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final NavigableMap<Long, Set<String>> EMPTY = new TreeMap<>();

    private final DispatchLoop.Router router;
    private final RoutingDeadLetters deadLetters;
    private final DispatchLoop.Settings settings;
    private final Clock clock;
    /** per partition, the offset after its last event written or dead-lettered */
    private final Map<TopicPartition, Long> done = new HashMap<>();
    /** per partition, the offset of the event being retried and its failed attempts so far */
    private final Map<TopicPartition, long[]> failures = new HashMap<>();
    /** per partition and event not yet done, the slots an earlier attempt wrote */
    private final Map<TopicPartition, NavigableMap<Long, Set<String>>> written = new HashMap<>();

    DispatchWork(DispatchLoop.Router router, RoutingDeadLetters deadLetters, DispatchLoop.Settings settings,
                 Clock clock) {
        this.router = router;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void accept(ConsumerRecords<byte[], byte[]> records, ConsumerLoop.Positions positions)
            throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        DispatchBatch batch = new DispatchBatch();
        Map<TopicPartition, Long> notRouted = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> event : records.records(partition)) {
                if (positions.stopping()) {
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
            failed(failed.getKey(), failed.getValue(), positions);
        }
        notRouted.forEach((partition, offset) -> {
            if (!outcome.retry().containsKey(partition)) {
                positions.readAgain(partition, offset, null);
            }
        });
    }

    @Override
    public Collection<TopicPartition> partitions() {
        return done.keySet();
    }

    @Override
    public OptionalLong committable(TopicPartition partition) {
        Long next = done.get(partition);
        return next == null ? OptionalLong.empty() : OptionalLong.of(next);
    }

    @Override
    public void drop(Collection<TopicPartition> partitions) {
        partitions.forEach(done::remove);
        partitions.forEach(failures::remove);
        partitions.forEach(written::remove);
    }

    Duration backoff(int attempt) {
        long millis = settings.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, settings.maxBackoff().toMillis()));
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

    /** Everything before {@code next} is written (or dead-lettered): committable, and its write slots forgotten. */
    private void done(TopicPartition partition, long next) {
        done.put(partition, next);
        NavigableMap<Long, Set<String>> events = written.get(partition);
        if (events != null) {
            events.headMap(next).clear();
        }
        long[] failure = failures.get(partition);
        if (failure != null && failure[0] < next) {
            failures.remove(partition);
        }
    }

    private void failed(TopicPartition partition, DispatchBatch.Failed failed, ConsumerLoop.Positions positions)
            throws InterruptedException {
        long[] failure = failures.get(partition);
        if (failure == null || failure[0] != failed.offset()) {
            failure = new long[] {failed.offset(), 0};
            failures.put(partition, failure);
        }
        int attempt = (int) ++failure[1];
        if (attempt >= settings.maxWriteAttempts() && deadLetterUnwritten(partition, failed, attempt)) {
            positions.readAgain(partition, failed.offset() + 1, null);
            return;
        }
        Duration delay = backoff(attempt);
        LOG.warn("Routing the event at {} offset {} failed ({}), attempt {} of {}: it and the rest of its partition "
                + "are routed again in {} ms", partition, failed.offset(), RoutingDeadLetters.describe(failed.cause()),
                attempt, settings.maxWriteAttempts(), delay.toMillis());
        positions.readAgain(partition, failed.offset(), clock.instant().plus(delay));
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
        return true;
    }

    private void deadLettered(ConsumerRecord<byte[], byte[]> event, RoutingFailure reason, Exception cause,
                              int attempts) {
        deadLetters.counted(reason);
        LOG.warn("Event at {}-{} offset {} written to {} ({}, {} attempt(s)): {}", event.topic(), event.partition(),
                event.offset(), deadLetters.topic(), reason.code(), attempts, RoutingDeadLetters.describe(cause));
    }
}
