package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.kafka.OffsetCommits;
import io.hooklane.kafka.PausedPartitions;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.runtime.ThreadPriority;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One destination's delivery queue: polls its Kafka topic and delivers each record in order per partition. The
 * offset of a record is committed only once it is delivered or written to the dead-letter topic (without blocking,
 * at most every {@link OffsetCommits#INTERVAL}), so a crash or a stop never loses one (delivery is at least once).
 * A record that must be retried stays in Kafka: its partition is sought back to it and paused until the backoff is
 * over, while the consumer keeps polling (and so keeps its group membership). While the circuit breaker refuses
 * calls, partitions are paused the same way: the events wait in Kafka, not in memory, and the receiver sees only the
 * breaker's half-open probes.
 *
 * <p>Different partitions are delivered at the same time: each poll's records are grouped by partition and each
 * partition's share is one task ({@link PartitionDelivery}) on a small pool, so a partition's records still go one
 * after the other. Only this loop's thread uses the consumer (it is not thread-safe): it waits until every task of
 * the poll has ended, then commits, seeks back and pauses as the tasks' {@link PartitionBatch}es say, and polls
 * again. Without a pool the tasks run one after the other on the loop's thread.
 */
public final class DeliveryLoop implements RestartingLoop.Loop {

    /** Sends one attempt through the destination's route and reports what came back. */
    @FunctionalInterface
    public interface Attempt {
        AttemptResult deliver(ConsumerRecord<byte[], byte[]> record, String webhookId, int attempt) throws Exception;
    }

    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);
    /** How often the waiting count is refreshed while a poll's deliveries run. */
    private static final Duration WAITING_REFRESH = Duration.ofSeconds(1);

    private final DeliverySettings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Clock clock;
    private final DeliveryRegistry.Destination control;
    private final int loopNumber;
    private final PartitionDelivery delivery;
    private final PartitionTasks tasks;
    private final PausedPartitions paused = new PausedPartitions();
    private final OffsetCommits commits;
    private volatile boolean running = true;

    /**
     * @param partitionPool threads that deliver different partitions of one poll at the same time; null to deliver
     *                      them one after the other on the loop's own thread. Its tasks never use the consumer.
     */
    public DeliveryLoop(DeliverySettings settings, Consumer<byte[], byte[]> consumer,
                        Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker, Attempt attempt, Clock clock,
                        DeliveryListener listener, DeliveryRegistry.Destination control, int loopNumber,
                        ExecutorService partitionPool) {
        this(settings, consumer, deadLetters, breaker, attempt, clock, listener, control, loopNumber, partitionPool,
                ReplayStates.NONE);
    }

    /** As above; {@code replays} closes the dead-letter entry a delivered replay came from. */
    public DeliveryLoop(DeliverySettings settings, Consumer<byte[], byte[]> consumer,
                        Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker, Attempt attempt, Clock clock,
                        DeliveryListener listener, DeliveryRegistry.Destination control, int loopNumber,
                        ExecutorService partitionPool, ReplayStates replays) {
        this.settings = settings;
        this.consumer = consumer;
        this.clock = clock;
        this.control = control;
        this.loopNumber = loopNumber;
        this.delivery = new PartitionDelivery(settings, deadLetters, breaker, attempt, clock, listener, control,
                replays);
        this.tasks = new PartitionTasks(partitionPool);
        this.commits = new OffsetCommits("delivery offsets of " + settings.destination(), OffsetCommits.INTERVAL,
                System::nanoTime);
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
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
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
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                process(records);
                commits.commitIfDue(consumer);
                reportLag();
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

    private void process(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        if (records.isEmpty()) {
            return;
        }
        long budgetEnd = System.nanoTime() + settings.batchBudget().toNanos();
        List<PartitionBatch> batches = new ArrayList<>();
        List<Callable<Void>> work = new ArrayList<>();
        for (TopicPartition partition : records.partitions()) {
            PartitionBatch batch = new PartitionBatch(partition, records.records(partition));
            batches.add(batch);
            work.add(() -> {
                ThreadPriority.background();
                delivery.deliver(batch, budgetEnd, () -> running);
                return null;
            });
        }
        // every task has ended when runAll returns (an interrupt while waiting throws, and nothing is applied)
        Throwable failure = tasks.runAll(work, WAITING_REFRESH, () -> refreshWaiting(batches));
        batches.forEach(this::apply);
        if (failure != null) {
            rethrow(failure);
        }
    }

    /** What a partition's task came to: commit what it handled, seek back to what it did not, pause if it must wait. */
    private void apply(PartitionBatch batch) {
        TopicPartition partition = batch.partition();
        batch.commitOffset().ifPresent(offset -> commits.done(partition, offset));
        batch.seekOffset().ifPresent(offset -> consumer.seek(partition, offset));
        batch.pausedUntil().ifPresent(until -> paused.pause(consumer, partition, until));
    }

    private static void rethrow(Throwable failure) throws InterruptedException {
        if (failure instanceof InterruptedException e) {
            throw e;
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(failure);
    }

    private void reportLag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            // from the position, which a waiting record was sought back to: it counts as waiting
            lag += consumer.currentLag(partition).orElse(0);
        }
        control.reportLag(loopNumber, lag);
    }

    /**
     * While a poll's deliveries run (a slow receiver can hold them up to the batch budget): the waiting count from
     * the queue's end offsets, counting from the first record not yet handled. On any Kafka error (a stop's wakeup
     * included: the loop then ends as it checks {@code running}) the count waits for the next refresh.
     */
    private void refreshWaiting(List<PartitionBatch> inFlight) {
        try {
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), WAITING_REFRESH);
            long waiting = 0;
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                TopicPartition partition = end.getKey();
                OptionalLong next = inFlight.stream().filter(b -> b.partition().equals(partition)).findFirst()
                        .map(PartitionBatch::seekOffset).orElse(OptionalLong.empty());
                long from = next.isPresent() ? next.getAsLong() : consumer.position(partition, WAITING_REFRESH);
                waiting += Math.max(0, end.getValue() - from);
            }
            control.reportLag(loopNumber, waiting);
        } catch (KafkaException e) {
            // WakeupException, TimeoutException, ...: nothing to report this time
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(delivery::forget);
        paused.forget(partitions);
        commits.forget(partitions);
    }

}
