package io.hooklane.kafka;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records of a consumer's assigned partitions are not finished yet: those not yet fetched (its lag) and
 * those fetched and still held, from the oldest one not finished. Asks the broker only for the ends of paused
 * partitions, which fetch nothing, so their lag is not known locally.
 */
final class ConsumerLag {

    private ConsumerLag() {
    }

    /** @throws org.apache.kafka.common.KafkaException on a timeout or a wakeup */
    static long waiting(Consumer<?, ?> consumer, Function<TopicPartition, OptionalLong> committable,
                        Duration timeout) {
        long waiting = 0;
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> paused = new HashSet<>(consumer.paused());
        paused.retainAll(assigned);
        Map<TopicPartition, Long> ends = paused.isEmpty() ? Map.of() : consumer.endOffsets(paused, timeout);
        for (TopicPartition partition : assigned) {
            long position = consumer.position(partition, timeout);
            long from = committable.apply(partition).orElse(position);
            Long end = ends.get(partition);
            long lag = end != null ? end - position : consumer.currentLag(partition).orElse(0);
            waiting += Math.max(0, lag) + Math.max(0, position - from);
        }
        return waiting;
    }
}
