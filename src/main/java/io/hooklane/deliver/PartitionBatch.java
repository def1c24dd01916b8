package io.hooklane.deliver;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * One partition's records from one poll, and how far their delivery got. Filled by the one task that delivers them
 * (never touching the Kafka consumer); read by the loop thread once that task has ended, to commit, seek and pause.
 * Whatever stops the task (a retry, the breaker, a pause, the batch budget, a stop, an error), the records it did not
 * finish are the ones the partition is sought back to, so none is skipped.
 */
final class PartitionBatch {

    private final TopicPartition partition;
    private final List<ConsumerRecord<byte[], byte[]>> records;
    /** Written by the delivering task, read by the loop thread for the waiting count while the task runs. */
    private volatile int handled;
    private Instant pausedUntil;

    PartitionBatch(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("a partition batch needs at least one record");
        }
        this.partition = partition;
        this.records = List.copyOf(records);
    }

    TopicPartition partition() {
        return partition;
    }

    List<ConsumerRecord<byte[], byte[]>> records() {
        return records;
    }

    /** The next record in order was delivered or dead-lettered. */
    void handledNext() {
        handled = handled + 1;
    }

    /** The partition must wait: it is sought back to the first record not handled and paused until then. */
    void pauseUntil(Instant until) {
        pausedUntil = until;
    }

    /** The offset to commit: the one after the last handled record; empty when none was handled. */
    OptionalLong commitOffset() {
        return handled == 0 ? OptionalLong.empty() : OptionalLong.of(records.get(handled - 1).offset() + 1);
    }

    /** The first record not handled, which the partition must be sought back to; empty when all were handled. */
    OptionalLong seekOffset() {
        return handled == records.size() ? OptionalLong.empty() : OptionalLong.of(records.get(handled).offset());
    }

    Optional<Instant> pausedUntil() {
        return seekOffset().isPresent() ? Optional.ofNullable(pausedUntil) : Optional.empty();
    }
}
