package io.hooklane.deliver;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import org.apache.kafka.common.TopicPartition;

/**
 * Per partition, the records taken from Kafka and not yet delivered or dead-lettered, so that the committed offset
 * never passes one of them: what may be committed is the oldest incomplete offset, or one past the newest record
 * taken when none is incomplete. Records complete in any order. Also knows when the oldest incomplete record was
 * written to the queue (its Kafka timestamp). Used from the delivery loop's thread only.
 */
final class IncompleteOffsets {

    private static final class Partition {
        /** Incomplete offsets and their records' timestamps (epoch millis). */
        final TreeMap<Long, Long> incomplete = new TreeMap<>();
        long next = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    /** A record taken from the partition (offsets taken from one partition only grow). */
    void taken(TopicPartition partition, long offset, long timestampMillis) {
        Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
        p.incomplete.put(offset, timestampMillis);
        p.next = Math.max(p.next, offset + 1);
    }

    /** The record was delivered or dead-lettered. */
    void completed(TopicPartition partition, long offset) {
        Partition p = partitions.get(partition);
        if (p != null) {
            p.incomplete.remove(offset);
        }
    }

    /** The offset that may be committed for the partition: nothing before it is left to do; empty if none taken. */
    OptionalLong committable(TopicPartition partition) {
        Partition p = partitions.get(partition);
        if (p == null || p.next < 0) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(p.incomplete.isEmpty() ? p.next : p.incomplete.firstKey());
    }

    /** The Kafka timestamp of the oldest incomplete record of any partition, or empty when none is incomplete. */
    OptionalLong oldestTimestamp() {
        long oldest = Long.MAX_VALUE;
        for (Partition p : partitions.values()) {
            if (!p.incomplete.isEmpty()) {
                oldest = Math.min(oldest, p.incomplete.firstEntry().getValue());
            }
        }
        return oldest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(oldest);
    }

    /** Records taken and not complete, over every partition. */
    int incomplete() {
        int count = 0;
        for (Partition p : partitions.values()) {
            count += p.incomplete.size();
        }
        return count;
    }

    Collection<TopicPartition> partitions() {
        return partitions.keySet();
    }

    /** The partitions are no longer this loop's. */
    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }
}
