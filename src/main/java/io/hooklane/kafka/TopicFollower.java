package io.hooklane.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a compacted topic every instance shares: {@link #start} reads it from the beginning to its end (the state
 * it holds is known before anything uses it), then a thread of its own follows it, so records other instances
 * write are applied within a second or so. A consumer without a group, assigned every partition; records larger
 * than {@code maxFetchBytes} are not held whole many times over.
 */
public final class TopicFollower {

    /** Receives each record read, in each partition's order, on one thread at a time. */
    @FunctionalInterface
    public interface Handler {
        void apply(ConsumerRecord<String, byte[]> record);
    }

    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

    private final String topic;
    private final String setting;
    private final KafkaConnection kafka;
    private final int maxFetchBytes;
    private final Handler handler;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread follower;
    private volatile boolean running;

    /** @param setting the property naming the topic, for error messages */
    public TopicFollower(String topic, String setting, KafkaConnection kafka, int maxFetchBytes, Handler handler) {
        this.topic = topic;
        this.setting = setting;
        this.kafka = kafka;
        this.maxFetchBytes = maxFetchBytes;
        this.handler = handler;
    }

    /**
     * Reads the topic to its end, then starts following it on a daemon thread named {@code threadName}.
     *
     * @return the number of records read up to the end
     * @throws IllegalStateException naming the topic and its setting when the end is not reached within
     *         {@code timeout}
     */
    public int start(Duration timeout, String threadName) {
        consumer = new KafkaConsumer<>(kafka.consumerConfig(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, maxFetchBytes,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, maxFetchBytes)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, timeout));
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        while (!caughtUp(ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                handler.apply(record);
                read++;
            }
        }
        if (!caughtUp(ends)) {
            throw new IllegalStateException("could not read the topic " + topic + " (" + setting + ") to its end"
                    + " within " + timeout.toSeconds() + " s");
        }
        running = true;
        follower = new Thread(this::follow, threadName);
        follower.setDaemon(true);
        follower.start();
        return read;
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }

    private void follow() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(FOLLOW_POLL)) {
                    handler.apply(record);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Reading the topic {} ({}) failed ({}); retrying", topic, setting, e.toString());
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    public void stop() throws InterruptedException {
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
    }
}
