package io.hooklane.dispatch;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Writes inbound records that cannot be routed to the routing dead-letter topic: keyed like the original, with the
 * original's headers, and a {@link RoutingDeadLetter} as value. A replay writes key, headers and value back as they
 * were. Sending never throws: a failure is a failed future, handled like any failed queue write.
 */
public final class RoutingDeadLetters {

    private final String topic;
    private final Producer<byte[], byte[]> producer;
    private final Clock clock;
    private final Consumer<RoutingFailure> counter;
    private final int maxValueBytes;

    /** @param counter told of each dead letter once the broker acknowledged it (the metric) */
    public RoutingDeadLetters(String topic, Producer<byte[], byte[]> producer, Clock clock,
                              Consumer<RoutingFailure> counter) {
        this(topic, producer, clock, counter, RoutingDeadLetter.MAX_VALUE_BYTES);
    }

    /**
     * @param counter       told of each dead letter once the broker acknowledged it (the metric)
     * @param maxValueBytes the largest original value (after base64 when needed) a dead letter embeds
     */
    public RoutingDeadLetters(String topic, Producer<byte[], byte[]> producer, Clock clock,
                              Consumer<RoutingFailure> counter, int maxValueBytes) {
        this.topic = topic;
        this.producer = producer;
        this.clock = clock;
        this.counter = counter;
        this.maxValueBytes = maxValueBytes;
    }

    public String topic() {
        return topic;
    }

    Producer<byte[], byte[]> producer() {
        return producer;
    }

    Future<RecordMetadata> send(ConsumerRecord<byte[], byte[]> original, RoutingFailure reason, Exception cause,
                                int attempts, List<String> acknowledgedWrites) {
        RoutingDeadLetter letter = new RoutingDeadLetter(reason, describe(cause), original.topic(),
                original.partition(), original.offset(), original.key(), original.timestamp(), attempts,
                clock.instant(), acknowledgedWrites, original.value());
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, original.key(), letter.toJson(maxValueBytes));
            for (Header header : original.headers()) {
                record.headers().add(header.key(), header.value());
            }
            return producer.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void counted(RoutingFailure reason) {
        counter.accept(reason);
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return null;
        }
        Throwable root = cause;
        // Camel wraps a rule's exception: the innermost one says what went wrong
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
