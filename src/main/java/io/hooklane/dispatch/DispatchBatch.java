package io.hooklane.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The delivery-record writes of one poll of inbound events. Each event is routed in turn ({@link #begin}); the queue
 * writes its rules make are sent asynchronously and only tracked here ({@link #sent}), each under a slot (its topic,
 * numbered when one event writes to a topic more than once). {@link #complete} then flushes the producers once and
 * waits for every acknowledgement, and says, per inbound partition, how far the events are fully written (safe to
 * commit), where the first event with a failed write is (to be read again), and which slots of that event and the
 * ones after it were acknowledged all the same: routed again, those events skip the slots already written
 * ({@link #slot} answers null), so a retry never writes a second record for a destination that has its record.
 * One wait per poll instead of one per record: the poll's writes travel to the broker together.
 */
public final class DispatchBatch {

    /** Exchange property under which the dispatch loop hands the batch to the queue endpoints. */
    public static final String PROPERTY = "hooklane.dispatchBatch";

    private final Map<TopicPartition, List<Routed>> routed = new LinkedHashMap<>();
    private final Set<Producer<?, ?>> producers = new LinkedHashSet<>();
    private Routed current;

    private static final class Routed {
        final ConsumerRecord<byte[], byte[]> record;
        final Set<String> acknowledgedBefore;
        final Map<String, Integer> occurrences = new HashMap<>();
        final Map<String, Future<RecordMetadata>> writes = new LinkedHashMap<>();
        RoutingFailure deadLettered;
        Exception cause;

        Routed(ConsumerRecord<byte[], byte[]> record, Set<String> acknowledgedBefore) {
            this.record = record;
            this.acknowledgedBefore = acknowledgedBefore;
        }
    }

    /**
     * What to do with each inbound partition of the batch once its writes are settled.
     *
     * @param acknowledged for the partitions to retry: per event from the failed one on, the slots written so far
     * @param deadLettered events whose dead letter was acknowledged (all before their partition's first failure)
     */
    public record Outcome(Map<TopicPartition, Long> commit, Map<TopicPartition, Failed> retry,
                          Map<TopicPartition, Map<Long, Set<String>>> acknowledged, List<DeadLettered> deadLettered) {
    }

    /** The first event of a partition that was not fully written, and why. */
    public record Failed(ConsumerRecord<byte[], byte[]> record, Exception cause) {
        public long offset() {
            return record.offset();
        }
    }

    /** An event written to the routing dead-letter topic instead of being routed. */
    public record DeadLettered(ConsumerRecord<byte[], byte[]> record, RoutingFailure reason, Exception cause) {
    }

    /** The next writes belong to this inbound event; {@code acknowledgedBefore}: its slots earlier attempts wrote. */
    public void begin(ConsumerRecord<byte[], byte[]> record, Set<String> acknowledgedBefore) {
        current = new Routed(record, Set.copyOf(acknowledgedBefore));
        routed.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                .add(current);
    }

    /**
     * The slot of the current event's next write to {@code topic}.
     *
     * @return null when an earlier attempt at this event already wrote that record (the write must be skipped)
     */
    public String slot(String topic) {
        requireCurrent();
        int n = current.occurrences.merge(topic, 1, Integer::sum);
        String slot = n == 1 ? topic : topic + "#" + n;
        return current.acknowledgedBefore.contains(slot) ? null : slot;
    }

    /** A write of the current event in this slot, sent by this producer. */
    public void sent(String slot, Producer<?, ?> producer, Future<RecordMetadata> write) {
        requireCurrent();
        producers.add(producer);
        current.writes.put(slot, write);
    }

    /** The current event goes to the routing dead-letter topic (its dead letter is one of its writes). */
    void deadLettered(RoutingFailure reason, Exception cause) {
        requireCurrent();
        current.deadLettered = reason;
        current.cause = cause;
    }

    /** The slots the current event wrote in earlier attempts or has sent in this one. */
    List<String> writesOfCurrent() {
        requireCurrent();
        Set<String> all = new LinkedHashSet<>(current.acknowledgedBefore);
        all.addAll(current.writes.keySet());
        return List.copyOf(all);
    }

    public boolean isEmpty() {
        return routed.isEmpty();
    }

    /**
     * Flushes every producer the batch wrote with, waits for each write (each at most {@code timeoutMillis} once
     * flushed), and settles each partition: the offset after its last event whose writes all succeeded before any
     * failure (to commit), the first failed event (to read again), and what was written of it and of the events
     * after it.
     */
    public Outcome complete(long timeoutMillis) throws InterruptedException {
        producers.forEach(Producer::flush);
        Map<TopicPartition, Long> commit = new HashMap<>();
        Map<TopicPartition, Failed> retry = new HashMap<>();
        Map<TopicPartition, Map<Long, Set<String>>> acknowledged = new HashMap<>();
        List<DeadLettered> deadLettered = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<Routed>> entry : routed.entrySet()) {
            TopicPartition partition = entry.getKey();
            for (Routed event : entry.getValue()) {
                boolean failedBefore = retry.containsKey(partition);
                Set<String> written = new LinkedHashSet<>(event.acknowledgedBefore);
                Exception failure = null;
                for (Map.Entry<String, Future<RecordMetadata>> write : event.writes.entrySet()) {
                    // after flush() every write is settled; behind a failure nothing more is waited for
                    Exception cause = failedBefore && !write.getValue().isDone() ? new TimeoutException("not settled")
                            : failure(write.getValue(), timeoutMillis);
                    if (cause == null) {
                        written.add(write.getKey());
                    } else if (failure == null) {
                        failure = cause;
                    }
                }
                if (failedBefore || failure != null) {
                    retry.putIfAbsent(partition, new Failed(event.record, failure));
                    acknowledged.computeIfAbsent(partition, p -> new HashMap<>()).put(event.record.offset(), written);
                    continue;
                }
                commit.put(partition, event.record.offset() + 1);
                if (event.deadLettered != null) {
                    deadLettered.add(new DeadLettered(event.record, event.deadLettered, event.cause));
                }
            }
        }
        return new Outcome(commit, retry, acknowledged, deadLettered);
    }

    private static Exception failure(Future<RecordMetadata> write, long timeoutMillis) throws InterruptedException {
        try {
            write.get(timeoutMillis, TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            return e;
        }
    }

    private void requireCurrent() {
        if (current == null) {
            throw new IllegalStateException("no inbound event begun in this dispatch batch");
        }
    }
}
