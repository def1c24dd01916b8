package io.hooklane.control;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.TopicFollower;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
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

    private final String topic;
    private final KafkaConnection kafka;
    private final Duration timeout;
    private final Listener listener;
    private KafkaProducer<String, byte[]> producer;
    private TopicFollower follower;

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
        // pause records are a few hundred bytes: a hostile large record is not held whole many times over
        follower = new TopicFollower(topic, "hooklane.topic.control", kafka, 1 << 20, this::apply);
        int read = follower.start(timeout.multipliedBy(6), "hooklane-control");
        LOG.info("Control state read from {}: {} records", topic, read);
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
        if (follower != null) {
            follower.stop();
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
