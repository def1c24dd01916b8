package io.hooklane.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider ids of durable events in the dedup window, shared by every instance on one Kafka through a topic of
 * {@code add} records whose retention is the window (the record format of Camel's {@code KafkaIdempotentRepository}:
 * key = id, value = action; a {@code remove} record found on the topic is applied too).
 * {@link IngestDedup} adds an id only after the broker acknowledged its event, so every instance only ever learns
 * ids of events that are written, and no id ever needs taking back. {@link #add} never waits for the broker: it
 * records the id in the local window at once and writes its record asynchronously.
 *
 * <p>If an id's record fails (its event stands), a later replay of that id is caught only by the instance that
 * accepted it. Such failures are logged and counted ({@link #failedWrites()}).
 *
 * <p>At start-up the cache is rebuilt from the whole topic (to its end offsets), then a background thread keeps
 * applying what every instance writes, this one included.
 */
public final class KafkaIngestIds extends ServiceSupport implements DurableIds {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestIds.class);
    private static final String ADD = "add";
    private static final String REMOVE = "remove";
    private static final String CLEAR = "clear";

    /** The most ids one instance keeps ({@code hooklane.ingest.dedup-cache-size}). */
    public static final int MAX_CACHE_SIZE = IdWindow.MAX_CAPACITY;

    private final String topic;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final IdWindow cache;
    private final Duration startupTimeout;
    private final AtomicLong failedWrites = new AtomicLong();
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> consumer;
    private Thread poller;
    private volatile boolean running;

    public KafkaIngestIds(String topic, Map<String, Object> producerConfig, Map<String, Object> consumerConfig,
                          int maxCacheSize,
                          Duration startupTimeout) {
        this.topic = topic;
        this.producerConfig = producerConfig;
        this.consumerConfig = consumerConfig;
        this.startupTimeout = startupTimeout;
        this.cache = new IdWindow(maxCacheSize);
    }

    @Override
    protected void doStart() {
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(),
                new StringSerializer());
        // ids are sent from the events producer's acknowledgement callback: with the topic's metadata known, a send
        // there only appends to a batch and never waits for metadata
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("No metadata yet for the dedup topic {} ({}); the first id's send fetches it", topic, e.toString());
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(topic, startupTimeout)
                .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, startupTimeout));
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        int applied = 0;
        while (!caughtUp(ends) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                apply(record);
                applied++;
            }
        }
        if (!caughtUp(ends)) {
            throw new IllegalStateException("could not read the dedup topic " + topic + " to its end within "
                    + startupTimeout.toSeconds() + " s");
        }
        LOG.info("Dedup ids rebuilt from {}: {} records read, {} ids in the cache", topic, applied, cache.size());
        running = true;
        poller = new Thread(this::poll, "hooklane-ingest-ids");
        poller.setDaemon(true);
        poller.start();
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }

    private void poll() {
        while (running) {
            try {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Reading the dedup topic {} failed ({}); retrying", topic, e.toString());
            }
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        switch (String.valueOf(record.value())) {
            case ADD -> cache.add(record.key());
            case REMOVE -> cache.remove(record.key());
            case CLEAR -> cache.clear();
            default -> LOG.debug("Ignoring an unknown dedup action on {}", topic);
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (poller != null) {
            poller.join(5_000);
        }
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(2));
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Records the id of a durable event here and, asynchronously, on the topic; never waits for the broker. */
    @Override
    public void add(String key) {
        if (cache.add(key)) {
            broadcast(key, ADD);
        }
    }

    @Override
    public boolean contains(String key) {
        return cache.contains(key);
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    private void broadcast(String key, String action) {
        try {
            producer.send(new ProducerRecord<>(topic, key, action), (metadata, error) -> {
                if (error != null) {
                    failedWrites.incrementAndGet();
                    LOG.warn("Writing a dedup {} record to {} failed: {}", action, topic, error.toString());
                }
            });
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            LOG.warn("Writing a dedup {} record to {} failed: {}", action, topic, e.toString());
        }
    }

    @Override
    public String toString() {
        return "KafkaIngestIds[topic=" + topic + "]";
    }
}
