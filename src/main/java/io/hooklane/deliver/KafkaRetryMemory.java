package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.TopicFollower;
import org.apache.camel.support.service.ServiceSupport;
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
 * The retry history of every event being retried, kept in a compacted topic every instance shares
 * ({@code hooklane.topic.delivery-retries}; key the webhook id, value {@link RetryRecords}, a tombstone once
 * forgotten) and in memory, so {@link #recall} is a map lookup. At start-up the topic is read to its end before any
 * destination delivers; then it is followed, so an event taken over after a rebalance keeps its attempt count and
 * first-attempt time.
 *
 * <p>Writes are asynchronous: the map changes at once, the record goes through a producer whose buffer is bounded
 * ({@link #BUFFER_BYTES}); with the buffer full a write waits at most {@link #MAX_BLOCK} and is then dropped and
 * counted (that event's history restarts after a restart or a rebalance). The map is bounded too: entries whose
 * first attempt is older than {@code maxAge} (at least the longest retry budget) are dropped, and beyond
 * {@code maxEntries} the oldest are.
 */
public final class KafkaRetryMemory extends ServiceSupport implements RetryMemory {

    /** The record header naming the process that wrote it: a follower skips its own process's records. */
    static final String WRITER_HEADER = "hooklane-writer";
    static final int BUFFER_BYTES = 4 * 1024 * 1024;
    static final Duration MAX_BLOCK = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaRetryMemory.class);

    private final String topic;
    private final KafkaConnection kafka;
    private final Duration timeout;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final byte[] writer = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong failedWrites = new AtomicLong();
    private KafkaProducer<String, byte[]> producer;
    private TopicFollower follower;

    /**
     * @param timeout how long one write's acknowledgement may take; the start-up read may take six times that
     * @param maxAge entries whose first attempt is older are dropped
     * @param maxEntries the most entries held in memory
     */
    public KafkaRetryMemory(String topic, KafkaConnection kafka, Duration timeout, Duration maxAge, int maxEntries,
                            Clock clock) {
        this.topic = topic;
        this.kafka = kafka;
        this.timeout = timeout;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
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
        follower = new TopicFollower(topic, "hooklane.topic.delivery-retries", kafka, 1 << 20, this::apply);
        int read = follower.start(timeout.multipliedBy(6), "hooklane-retry-memory");
        LOG.info("Retry memory read from {}: {} records, {} events being retried", topic, read, entries.size());
    }

    @Override
    public Optional<Entry> recall(String webhookId) {
        Entry entry = entries.get(webhookId);
        if (entry != null && expired(entry)) {
            entries.remove(webhookId, entry);
            return Optional.empty();
        }
        return Optional.ofNullable(entry);
    }

    @Override
    public void remember(String webhookId, Entry entry) {
        Objects.requireNonNull(entry, "entry");
        entries.put(webhookId, entry);
        write(webhookId, RetryRecords.toJson(entry));
        if (entries.size() > maxEntries) {
            shrink();
        }
    }

    @Override
    public void forget(String webhookId) {
        if (entries.remove(webhookId) != null) {
            write(webhookId, null);
        }
    }

    /** Writes that could not reach Kafka since start-up. */
    public long failedWrites() {
        return failedWrites.get();
    }

    /** Entries held in memory. */
    public int size() {
        return entries.size();
    }

    private void write(String webhookId, byte[] value) {
        if (producer == null) {
            failed(new IllegalStateException("the retry memory is not started"));
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER_HEADER, writer);
        try {
            producer.send(new ProducerRecord<>(topic, null, webhookId, value, headers), (metadata, error) -> {
                if (error != null) {
                    failed(error);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(e);
        }
    }

    private void failed(Exception error) {
        long count = failedWrites.incrementAndGet();
        if (count == 1 || count % 1_000 == 0) {
            LOG.warn("Retry memory: {} write(s) to {} failed so far (latest: {}); those events' retry history is "
                    + "kept in this process only", count, topic, error.toString());
        }
    }

    /** A record read from the topic: another instance's write, or any write while catching up at start-up. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(WRITER_HEADER);
        if (header != null && Arrays.equals(header.value(), writer)) {
            return;
        }
        if (record.key() == null) {
            skip(record);
            return;
        }
        if (record.value() == null) {
            entries.remove(record.key());
            return;
        }
        Optional<Entry> entry = RetryRecords.parse(record.value());
        if (entry.isEmpty()) {
            skip(record);
        } else if (expired(entry.get())) {
            entries.remove(record.key());
        } else {
            entries.merge(record.key(), entry.get(), KafkaRetryMemory::later);
            if (entries.size() > maxEntries) {
                shrink();
            }
        }
    }

    /**
     * The later of two histories of one event: a newer first attempt (a new round after a dead-letter replay),
     * else more attempts. A record another instance wrote before a rebalance never undoes a newer local one.
     */
    private static Entry later(Entry held, Entry read) {
        int byStart = read.firstAttempt().compareTo(held.firstAttempt());
        return byStart > 0 || (byStart == 0 && read.attempts() >= held.attempts()) ? read : held;
    }

    private static void skip(ConsumerRecord<String, byte[]> record) {
        LOG.warn("Skipping an unreadable retry record at {}-{}@{}", record.topic(), record.partition(),
                record.offset());
    }

    private boolean expired(Entry entry) {
        return entry.firstAttempt().isBefore(clock.instant().minus(maxAge));
    }

    /** Drops the expired entries, then the oldest until a tenth of the room is free again. */
    private synchronized void shrink() {
        if (entries.size() <= maxEntries) {
            return;
        }
        Instant oldest = clock.instant().minus(maxAge);
        entries.values().removeIf(e -> e.firstAttempt().isBefore(oldest));
        int target = maxEntries - maxEntries / 10;
        if (entries.size() > target) {
            List<Map.Entry<String, Entry>> byAge = new ArrayList<>(entries.entrySet());
            byAge.sort(Comparator.comparing(e -> e.getValue().firstAttempt()));
            int dropped = entries.size() - target;
            byAge.subList(0, dropped).forEach(e -> entries.remove(e.getKey(), e.getValue()));
            LOG.warn("Retry memory holds more than {} events being retried: dropped the {} oldest from memory "
                    + "(their retries restart their count)", maxEntries, dropped);
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
        return "KafkaRetryMemory[" + topic + "]";
    }
}
