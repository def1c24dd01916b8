package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.kafka.OffsetCommits;
import io.hooklane.kafka.PausedPartitions;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.runtime.ThreadPriority;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dispatch consumer: polls the inbound event topic, routes every event of the poll (the routing rules write
 * delivery records asynchronously into a {@link DispatchBatch}), waits once for all of the poll's writes, and commits
 * each inbound partition up to its last fully written event (without blocking, at most every
 * {@link OffsetCommits#INTERVAL}). An event whose routing or writes failed is never skipped:
 * its partition is sought back to it and paused with backoff (the consumer keeps polling, so it keeps its group
 * membership), and it is routed again. Events of one partition are routed in order. Delivery is at least once: after a
 * failure, the events of the partition that followed it are routed again too, and may write their records twice.
 */
public final class DispatchLoop implements RestartingLoop.Loop {

    /** Runs the routing rules for one inbound event; its queue writes go into the batch. */
    @FunctionalInterface
    public interface Router {
        void route(ConsumerRecord<byte[], byte[]> event, DispatchBatch batch) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DispatchLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Router router;
    private final long writeTimeoutMillis;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Clock clock;
    private final PausedPartitions paused = new PausedPartitions();
    private final OffsetCommits commits = new OffsetCommits("dispatch offsets", OffsetCommits.INTERVAL, System::nanoTime);
    private final Map<TopicPartition, Integer> failures = new HashMap<>();
    private volatile boolean running = true;

    public DispatchLoop(String topic, Consumer<byte[], byte[]> consumer, Router router, long writeTimeoutMillis,
                        Duration initialBackoff, Duration maxBackoff, Clock clock) {
        this.topic = topic;
        this.consumer = consumer;
        this.router = router;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
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
                if (!running || batch.hasFailed(partition)) {
                    // left in Kafka: read again after the backoff, or by whoever gets the partition next
                    notRouted.put(partition, event.offset());
                    break;
                }
                batch.begin(partition, event.offset());
                try {
                    router.route(event, batch);
                } catch (Exception e) {
                    batch.failed(e);
                }
            }
        }
        DispatchBatch.Outcome outcome = batch.complete(writeTimeoutMillis);
        outcome.retry().forEach(this::retryLater);
        notRouted.forEach((partition, offset) -> {
            if (!outcome.retry().containsKey(partition)) {
                consumer.seek(partition, offset);
            }
        });
        outcome.commit().keySet().stream().filter(p -> !outcome.retry().containsKey(p)).forEach(failures::remove);
        // the records are written: after a crash before the commit, these events are routed again (duplicate
        // delivery records, same webhook-id), never lost
        outcome.commit().forEach(commits::done);
    }

    private void retryLater(TopicPartition partition, DispatchBatch.Failed failed) {
        int attempt = failures.merge(partition, 1, Integer::sum);
        Duration delay = backoff(attempt);
        LOG.warn("Routing the event at {} offset {} failed ({}), attempt {}: it and the rest of its partition are "
                + "routed again in {} ms", partition, failed.offset(), describe(failed.cause()), attempt, delay.toMillis());
        consumer.seek(partition, failed.offset());
        paused.pause(consumer, partition, clock.instant().plus(delay));
    }

    Duration backoff(int attempt) {
        long millis = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private static String describe(Exception cause) {
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }

    private void forget(Collection<TopicPartition> partitions) {
        paused.forget(partitions);
        commits.forget(partitions);
        partitions.forEach(failures::remove);
    }
}
