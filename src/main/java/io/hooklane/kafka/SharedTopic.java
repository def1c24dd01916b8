package io.hooklane.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted topic of small records that every instance writes and follows: {@link #start} reads it to its end,
 * then the records other processes write are handed over as they arrive (this process's own are not: it applied
 * them when it wrote them). Writes do not wait for the broker: the producer's buffer is {@link #BUFFER_BYTES}, a
 * write waits at most {@link #MAX_BLOCK} for room and is otherwise dropped, counted and logged (the first, then
 * every 1,000th).
 */
public final class SharedTopic {

    /** The record header naming the process that wrote it. */
    static final String WRITER_HEADER = "hooklane-writer";
    public static final int BUFFER_BYTES = 4 * 1024 * 1024;
    public static final Duration MAX_BLOCK = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(SharedTopic.class);

    private final String topic;
    private final KafkaConnection kafka;
    private final Duration timeout;
    private final byte[] writer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final AtomicLong failedWrites = new AtomicLong();
    private final TopicFollower follower;
    private KafkaProducer<String, byte[]> producer;

    /**
     * @param setting the property naming the topic, for messages
     * @param timeout how long a write's acknowledgement may take; the start-up read may take six times that
     * @param handler receives the records read at start-up, then those other processes write
     */
    public SharedTopic(String topic, String setting, KafkaConnection kafka, Duration timeout,
                       TopicFollower.Handler handler) {
        this.topic = topic;
        this.kafka = kafka;
        this.timeout = timeout;
        this.follower = new TopicFollower(topic, setting, kafka, 1 << 20, record -> {
            Header header = record.headers().lastHeader(WRITER_HEADER);
            if (header == null || !Arrays.equals(header.value(), writer)) {
                handler.apply(record);
            }
        });
    }

    /** @return the records read up to the topic's end */
    public int start(String threadName) {
        int millis = (int) timeout.toMillis();
        producer = new KafkaProducer<>(kafka.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_BYTES,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * millis,
                // the topic's metadata stays known between rare writes: a write never waits for it
                ProducerConfig.METADATA_MAX_IDLE_CONFIG, 86_400_000)),
                new StringSerializer(), new ByteArraySerializer());
        producer.partitionsFor(topic);
        return follower.start(timeout.multipliedBy(6), threadName);
    }

    /** Writes the record (null value: a tombstone) without waiting for the broker. */
    public void write(String key, byte[] value) {
        if (producer == null) {
            failed(new IllegalStateException("not started"));
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER_HEADER, writer);
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers), (metadata, error) -> {
                if (error != null) {
                    failed(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(e);
        }
    }

    /** Writes that did not reach Kafka since start-up. */
    public long failedWrites() {
        return failedWrites.get();
    }

    private void failed(Exception error) {
        long count = failedWrites.incrementAndGet();
        if (count == 1 || count % 1_000 == 0) {
            LOG.warn("{} write(s) to {} failed so far (latest: {}); what they carried is known to this process only",
                    count, topic, error.toString());
        }
    }

    /** Logs a record that is not of the topic's shape; it is skipped. */
    public static void skip(ConsumerRecord<String, byte[]> record, String what) {
        LOG.warn("Skipping an unreadable {} record at {}-{}@{}", what, record.topic(), record.partition(),
                record.offset());
    }

    public void stop() throws InterruptedException {
        follower.stop();
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public String toString() {
        return "SharedTopic[" + topic + "]";
    }
}
