package io.hooklane.control;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.hooklane.kafka.KafkaConnection;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted control topic every instance shares ({@code hooklane.topic.control}): at start-up it is read from the
 * beginning to its end before any destination delivers, then a thread follows it (a consumer without a group,
 * assigned every partition) and hands each pause record to the listener with its offset. {@link #write} waits for
 * the broker's acknowledgement (acks=all).
 */
public final class ControlTopic extends ServiceSupport {

    /** Receives each pause record read, in the topic's order. */
    @FunctionalInterface
    public interface Listener {
        void apply(String destination, PauseState state, long offset);
    }

    /** The control record could not be written: nothing changed. */
    public static final class UnavailableException extends Exception {
        UnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlTopic.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    private final String topic;
    private final KafkaConnection kafka;
    private final Duration timeout;
    private final Listener listener;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread follower;
    private volatile boolean running;

    /** @param timeout how long one write, or the start-up read, may take */
    public ControlTopic(String topic, KafkaConnection kafka, Duration timeout, Listener listener) {
        this.topic = topic;
        this.kafka = kafka;
        this.timeout = timeout;
        this.listener = listener;
    }

    public String topic() {
        return topic;
    }

    @Override
    protected void doStart() {
        int millis = (int) timeout.toMillis();
        producer = new KafkaProducer<>(kafka.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis)),
                new StringSerializer(), new ByteArraySerializer());
        // the first pause then waits only for its own write, not for the topic's metadata
        producer.partitionsFor(topic);
        consumer = new KafkaConsumer<>(kafka.consumerConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                // pause records are a few hundred bytes: a hostile large record is not held whole many times over
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1 << 20,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 1 << 20)),
                new StringDeserializer(), new ByteArrayDeserializer());
        Duration startup = timeout.multipliedBy(6);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, startup).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, startup));
        long deadline = System.nanoTime() + startup.toNanos();
        int read = 0;
        while (!caughtUp(ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                apply(record);
                read++;
            }
        }
        if (!caughtUp(ends)) {
            throw new IllegalStateException("could not read the control topic " + topic + " (hooklane.topic.control)"
                    + " to its end within " + startup.toSeconds() + " s");
        }
        LOG.info("Control state read from {}: {} records", topic, read);
        running = true;
        follower = new Thread(this::follow, "hooklane-control");
        follower.setDaemon(true);
        follower.start();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }

    private void follow() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(FOLLOW_POLL)) {
                    apply(record);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Reading the control topic {} failed ({}); retrying", topic, e.toString());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        var destination = PauseState.destinationOf(record.key());
        if (destination.isEmpty()) {
            return;
        }
        var state = PauseState.parse(record.value());
        if (state.isEmpty()) {
            LOG.warn("Ignoring an unreadable control record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        listener.apply(destination.get(), state.get(), record.offset());
    }

    /**
     * Writes a destination's pause state and waits for the broker's acknowledgement.
     *
     * @return the record's offset
     */
    public long write(String destination, PauseState state) throws UnavailableException, InterruptedException {
        try {
            return producer.send(new ProducerRecord<>(topic, PauseState.key(destination), state.toJson()))
                    .get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new UnavailableException("writing to the control topic " + topic + " failed: " + e.getCause(), e);
        } catch (java.util.concurrent.TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new UnavailableException("writing to the control topic " + topic + " failed: " + e, e);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (follower != null) {
            follower.join(5_000);
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "ControlTopic[" + topic + "]";
    }
}
