package io.hooklane.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions of a {@link ConsumerLoop} paused until a time: a record waiting for its retry stays in
 * Kafka while the consumer keeps polling. Used only from the loop's own thread, like the consumer.
 */
public final class PausedPartitions {

    private final Map<TopicPartition, Instant> until = new HashMap<>();

    /** Pauses the partition (its position should already be sought back to the waiting record) until {@code resumeAt}. */
    public void pause(Consumer<?, ?> consumer, TopicPartition partition, Instant resumeAt) {
        consumer.pause(List.of(partition));
        until.put(partition, resumeAt);
    }

    /** Resumes the paused partitions whose time has come and that are still assigned. */
    public void resumeDue(Consumer<?, ?> consumer, Instant now) {
        if (until.isEmpty()) {
            return;
        }
        List<TopicPartition> due = until.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(until::remove);
            Set<TopicPartition> assigned = consumer.assignment();
            consumer.resume(due.stream().filter(assigned::contains).toList());
        }
    }

    /** The partitions waiting for their time (those a back-pressure pause must not resume early). */
    public Set<TopicPartition> waiting() {
        return Set.copyOf(until.keySet());
    }

    /** Partitions revoked or newly assigned: whatever waited on them is another owner's business now. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(until::remove);
    }
}
