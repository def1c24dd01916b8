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

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The delivery-record writes of one poll of inbound events. Each event is routed in turn ({@link #begin}); the queue
 * writes its rules make are sent asynchronously and only tracked here ({@link #sent}). {@link #complete} then flushes
 * the producers once and waits for every acknowledgement, and says, per inbound partition, how far the events are
 * fully written (safe to commit) and where the first event whose routing or writes failed is (to be read again).
 * One wait per poll instead of one per record: the poll's writes travel to the broker together.
 */
public final class DispatchBatch {

    /** Exchange property under which the dispatch loop hands the batch to the queue endpoints. */
    public static final String PROPERTY = "hooklane.dispatchBatch";

    private final Map<TopicPartition, List<Routed>> routed = new LinkedHashMap<>();
    private final Set<Producer<?, ?>> producers = new LinkedHashSet<>();
    private Routed current;

    private static final class Routed {
        final long offset;
        final List<Future<RecordMetadata>> writes = new ArrayList<>(2);
        Exception failure;

        Routed(long offset) {
            this.offset = offset;
        }
    }

    /** What to do with each inbound partition of the batch once its writes are settled. */
    public record Outcome(Map<TopicPartition, Long> commit, Map<TopicPartition, Failed> retry) {
    }

    /** The first event of a partition that was not fully written, and why. */
    public record Failed(long offset, Exception cause) {
    }

    /** The next writes belong to the inbound event at this partition and offset. */
    public void begin(TopicPartition partition, long offset) {
        current = new Routed(offset);
        routed.computeIfAbsent(partition, p -> new ArrayList<>()).add(current);
    }

    /** A queue write of the current event, sent by this producer. */
    public void sent(Producer<?, ?> producer, Future<RecordMetadata> write) {
        requireCurrent();
        producers.add(producer);
        current.writes.add(write);
    }

    /** Routing the current event failed: it (and the rest of its partition) must be read again. */
    public void failed(Exception cause) {
        requireCurrent();
        current.failure = cause;
    }

    /** @return whether an event of this partition already failed in this batch (later ones would only be redone) */
    public boolean hasFailed(TopicPartition partition) {
        List<Routed> events = routed.get(partition);
        return events != null && events.stream().anyMatch(r -> r.failure != null);
    }

    public boolean isEmpty() {
        return routed.isEmpty();
    }

    /**
     * Flushes every producer the batch wrote with, waits for each write (each at most {@code timeoutMillis} once
     * flushed), and settles each partition: the offset after its last event whose writes all succeeded before any
     * failure (to commit), and the first failed event (to read again).
     */
    public Outcome complete(long timeoutMillis) throws InterruptedException {
        producers.forEach(Producer::flush);
        Map<TopicPartition, Long> commit = new HashMap<>();
        Map<TopicPartition, Failed> retry = new HashMap<>();
        for (Map.Entry<TopicPartition, List<Routed>> entry : routed.entrySet()) {
            for (Routed event : entry.getValue()) {
                Exception failure = event.failure != null ? event.failure : firstFailedWrite(event, timeoutMillis);
                if (failure != null) {
                    retry.put(entry.getKey(), new Failed(event.offset, failure));
                    break;
                }
                commit.put(entry.getKey(), event.offset + 1);
            }
        }
        return new Outcome(commit, retry);
    }

    private static Exception firstFailedWrite(Routed event, long timeoutMillis) throws InterruptedException {
        for (Future<RecordMetadata> write : event.writes) {
            try {
                write.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                return e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                return e;
            }
        }
        return null;
    }

    private void requireCurrent() {
        if (current == null) {
            throw new IllegalStateException("no inbound event begun in this dispatch batch");
        }
    }
}
