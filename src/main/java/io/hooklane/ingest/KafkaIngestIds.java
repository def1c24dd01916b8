package io.hooklane.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider ids of durable events in the dedup window, shared by every instance on one Kafka through a topic of
 * {@code add} records whose retention is the window (the record format of Camel's {@code KafkaIdempotentRepository}:
 * key = id, value = action; {@code remove} and {@code clear} records found on the topic are applied too).
 * {@link IngestDedup} adds an id only after the broker acknowledged its event, so every instance only ever learns
 * ids of events that are written, and no id ever needs taking back.
 *
 * <p>Each instance keeps the whole window in a {@link DedupIndex} on local disk, which records the topic offsets it
 * has applied and the topic's identity (Kafka topic id and cluster id). At start-up a background thread reads the
 * topic from those offsets to the end offsets of that moment: from the beginning when the index was missing or could
 * not be opened, and into a new index when the recorded identity is not the live topic's (deleted and created again,
 * or another cluster), is missing (an older version's index), or an offset lies beyond its partition's end (a
 * partition added since is read from its beginning). Until it has caught up, {@link #ready()} is false and the
 * ingest routes answer 503 {@code not_ready} rather than take a duplicate. Then it keeps applying what every
 * instance writes, this one included, and drops the hours that left the window.
 *
 * <p>{@link #add} never waits for the broker or the disk: the id goes into a bounded in-memory front of the most
 * recent ids at once, into the index with the next batch of the writer thread, and to the topic asynchronously. If
 * its record fails (the event stands), a later replay is caught only by this instance ({@link #failedWrites()}).
 */
public final class KafkaIngestIds extends ServiceSupport implements DurableIds {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaIngestIds.class);
    private static final String ADD = "add";
    private static final String REMOVE = "remove";
    private static final String CLEAR = "clear";
    private static final byte[] ADD_BYTES = ADD.getBytes(StandardCharsets.UTF_8);
    private static final byte[] REMOVE_BYTES = REMOVE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] CLEAR_BYTES = CLEAR.getBytes(StandardCharsets.UTF_8);

    /** The most ids the in-memory front holds ({@code hooklane.ingest.dedup-cache-size}). */
    public static final int MAX_CACHE_SIZE = IdWindow.MAX_CAPACITY;

    /** Where a start's catch-up stands. */
    public record CatchUp(String index, long recordsRead, boolean done, long millis) {
    }

    private final String topic;
    private final Map<String, Object> producerConfig;
    private final Map<String, Object> consumerConfig;
    private final Map<String, Object> adminConfig;
    private final Path dir;
    private final long memoryBytes;
    private final IdWindow front;
    private final Duration window;
    private final Duration startupWait;
    private final Clock clock;
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong recordsRead = new AtomicLong();
    private final Queue<DedupIndex.Entry> localIds = new ConcurrentLinkedQueue<>();
    // the index that failed while in use, until the reader has replaced it
    private final AtomicReference<DedupIndex> failed = new AtomicReference<>();
    private final AtomicLong rebuilds = new AtomicLong();
    private volatile DedupIndex index;
    // the live topic's identity, recorded with every offset the reader writes
    private volatile DedupIndex.Source source;
    private volatile boolean ready;
    private volatile long catchUpMillis = -1;
    private CountDownLatch caughtUp;
    private volatile KafkaProducer<String, String> producer;
    private Thread reader;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean running;

    /**
     * @param adminConfig for the topic's identity (topic id, cluster id)
     * @param dir         the index's directory (created when missing)
     * @param memoryBytes the index's block cache and memtables, off the heap
     * @param frontSize   the most recent ids also kept on the heap
     * @param startupWait how long start-up waits for the catch-up before the routes start (answering 503 until done)
     */
    public KafkaIngestIds(String topic, Map<String, Object> producerConfig, Map<String, Object> consumerConfig,
                          Map<String, Object> adminConfig, Path dir, long memoryBytes, int frontSize,
                          Duration window, Duration startupWait, Clock clock) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive but was " + window);
        }
        this.topic = topic;
        this.producerConfig = producerConfig;
        this.consumerConfig = consumerConfig;
        this.adminConfig = adminConfig;
        this.dir = dir;
        this.memoryBytes = memoryBytes;
        this.front = new IdWindow(frontSize);
        this.window = window;
        this.startupWait = startupWait;
        this.clock = clock;
    }

    @Override
    protected void doStart() throws InterruptedException {
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        // ids are sent from the events producer's acknowledgement callback: with the topic's metadata known, a send
        // there only appends to a batch and never waits for metadata
        try {
            producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.KafkaException e) {
            LOG.warn("No metadata yet for the dedup topic {} ({}); the first id's send fetches it", topic, e.toString());
        }
        index = DedupIndex.open(dir, memoryBytes);
        failed.set(null);
        LOG.info("Duplicate window: {} in the index {} ({} MB off the heap), the newest {} ids also on the heap", window,
                dir, memoryBytes >> 20, front.capacity());
        ready = false;
        recordsRead.set(0);
        catchUpMillis = -1;
        caughtUp = new CountDownLatch(1);
        running = true;
        reader = new Thread(this::read, "hooklane-ingest-ids");
        reader.setDaemon(true);
        reader.start();
        if (!caughtUp.await(startupWait.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("The dedup index in {} is still catching up with {} ({} records read): webhooks are answered "
                    + "503 not_ready until it has", dir, topic, recordsRead.get());
        }
    }

    private void read() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            this.consumer = consumer;
            while (running) {
                try {
                    follow(consumer, catchUp(consumer));
                } catch (DedupIndex.Failure e) {
                    indexFailed(index, e);
                }
                DedupIndex broken = failed.get();
                if (running && broken != null && broken == index) {
                    rebuild(broken);
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Reading the dedup topic {} into {} stopped: {}", topic, dir, e.toString(), e);
            }
        } finally {
            consumer = null;
            if (!localIds.isEmpty() && failed.get() == null) {
                try {
                    writeLocalIds();
                } catch (DedupIndex.Failure e) {
                    LOG.warn("Writing the last ids to the dedup index in {} failed: {}", dir, e.getMessage());
                }
            }
        }
    }

    /** Applies what every instance writes and drops the hours that left the window, until stopped or the index fails. */
    private void follow(KafkaConsumer<byte[], byte[]> consumer, DedupIndex current) {
        long nextExpiry = 0;
        while (running && failed.get() != current) {
            apply(consumer.poll(Duration.ofMillis(200)));
            if (clock.millis() >= nextExpiry) {
                int dropped = current.expire(notBefore());
                if (dropped > 0) {
                    LOG.info("Dedup index: {} hour(s) left the window and were dropped", dropped);
                }
                nextExpiry = clock.millis() + 60_000;
            }
        }
    }

    /**
     * The index failed (a read on the request path, or a write here): from now on ingest answers 503
     * {@code not_ready} until the reader has rebuilt the index from the topic.
     */
    private void indexFailed(DedupIndex broken, DedupIndex.Failure e) {
        if (broken == index && failed.compareAndSet(null, broken)) {
            ready = false;
            LOG.error("The dedup index in {} failed ({}): webhooks are answered 503 not_ready while it is rebuilt "
                    + "from {}", dir, e.getMessage(), topic);
        }
    }

    /**
     * Replaces a failed index with an empty one, to be filled from the topic. The ids on the heap go in first: an id
     * read back from the topic is skipped when the heap has it (see {@link #apply}), and those written to the failed
     * index would otherwise be missing from the new one.
     */
    private void rebuild(DedupIndex broken) {
        if (replace(broken, DedupIndex.Opened.RECOVERED)) {
            failed.set(null);
            rebuilds.incrementAndGet();
            LOG.warn("The dedup index in {} was recreated: rebuilding it from {}", dir, topic);
        }
    }

    /** Closes {@code old}, deletes it and puts an empty index in its place (retried until it works or the stop). */
    private boolean replace(DedupIndex old, DedupIndex.Opened why) {
        ready = false;
        while (running) {
            try {
                old.close();
                DedupIndex fresh = DedupIndex.recreate(dir, memoryBytes, why);
                front.forEach((id, acceptedAt) -> localIds.add(new DedupIndex.Entry(id, acceptedAt)));
                recordsRead.set(0);
                catchUpMillis = -1;
                index = fresh;
                return true;
            } catch (RuntimeException e) {
                LOG.error("Recreating the dedup index in {} failed ({}); retrying in 5 s", dir, e.getMessage());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Reads the topic into the index up to the end offsets of this moment, from where the index left off when it read
     * this very topic (a partition it never read from its beginning), and into a new index otherwise; answers the
     * index it filled.
     */
    private DedupIndex catchUp(KafkaConsumer<byte[], byte[]> consumer) {
        long started = System.nanoTime();
        List<TopicPartition> partitions = new ArrayList<>();
        while (partitions.isEmpty() && running) {
            try {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.warn("No metadata for the dedup topic {} yet; retrying", topic);
            }
        }
        DedupIndex.Source live = liveSource();
        if (live == null) {
            return index;
        }
        source = live;
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(60)));
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(60));
        DedupIndex.Applied applied = index.applied();
        String mismatch = applied.offsets().isEmpty() ? null : mismatch(applied, live, ends);
        if (mismatch != null) {
            LOG.warn("The dedup index in {} {}: discarding it and rebuilding it from the beginning of {}; webhooks are "
                    + "answered 503 not_ready until it has caught up", dir, mismatch, topic);
            if (!replace(index, DedupIndex.Opened.REPLACED)) {
                return index;
            }
        }
        Map<Integer, Long> from = mismatch == null ? applied.offsets() : Map.of();
        // a partition the index has not read (all of them for a new index, or one added to the topic) is read from
        // its beginning; offsets below the log start (removed by retention) from the log start
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, Math.max(from.getOrDefault(partition.partition(), 0L), starts.get(partition)));
        }
        DedupIndex filled = index;
        LOG.info("Dedup index in {} ({}): reading {} (topic id {}, cluster {}) from {}", dir, filled.opened(), topic,
                live.topicId(), live.clusterId(), from.isEmpty() ? "the beginning" : "offsets " + from);
        while (running && !caughtUp(consumer, ends)) {
            apply(consumer.poll(Duration.ofMillis(200)));
        }
        if (!running) {
            return filled;
        }
        catchUpMillis = (System.nanoTime() - started) / 1_000_000;
        ready = true;
        caughtUp.countDown();
        LOG.info("Dedup index in {} caught up with {}: {} records read in {} ms", dir, topic, recordsRead.get(),
                catchUpMillis);
        return filled;
    }

    /**
     * Why offsets the index recorded cannot be resumed on the live topic, or null when they can: another topic (name,
     * topic id or cluster), no recorded identity, or an offset beyond its partition's end (the topic lost records).
     */
    private static String mismatch(DedupIndex.Applied applied, DedupIndex.Source live, Map<TopicPartition, Long> ends) {
        DedupIndex.Source stored = applied.source();
        if (stored == null) {
            return "records no identity of the topic it read (written by an older version)";
        }
        if (!stored.equals(live)) {
            return "was read from the topic " + stored.topic() + " (topic id " + stored.topicId() + ", cluster "
                    + stored.clusterId() + "), not from " + live.topic() + " as it is now (topic id "
                    + live.topicId() + ", cluster " + live.clusterId() + "): the topic was created again or is "
                    + "on another cluster";
        }
        Map<Integer, Long> endOf = new HashMap<>();
        ends.forEach((partition, end) -> endOf.put(partition.partition(), end));
        for (Map.Entry<Integer, Long> offset : new java.util.TreeMap<>(applied.offsets()).entrySet()) {
            Long end = endOf.get(offset.getKey());
            if (end == null || offset.getValue() > end) {
                return "has read partition " + offset.getKey() + " of " + live.topic() + " up to offset "
                        + offset.getValue() + ", beyond its end (" + (end == null ? "no such partition" : end)
                        + "): the topic lost records";
            }
        }
        return null;
    }

    /** The topic's identity as the cluster reports it now; retried until known (null once stopped). */
    private DedupIndex.Source liveSource() {
        Admin admin = Admin.create(adminConfig);
        try {
            while (running) {
                try {
                    String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000))
                            .clusterId().get();
                    TopicDescription description = admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs(10_000)).allTopicNames().get().get(topic);
                    return new DedupIndex.Source(topic, description.topicId().toString(),
                            clusterId == null ? "" : clusterId);
                } catch (ExecutionException e) {
                    LOG.warn("The identity of the dedup topic {} is not known yet ({}); retrying in 1 s", topic,
                            e.getCause().toString());
                    Thread.sleep(1_000);
                }
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking for the identity of " + topic, e);
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        return ends.isEmpty();
    }

    /**
     * Applies a poll's records in one index write, together with this instance's own ids accepted since the last
     * write. An id read back that the heap front holds as accepted at or after the record's time is skipped: it went
     * to the index from here (this write at the latest, since its record was sent after it was queued), so an
     * instance's own ids are written once, not twice.
     */
    private void apply(ConsumerRecords<byte[], byte[]> records) {
        List<DedupIndex.Entry> entries = new ArrayList<>(records.count() + 16);
        drainLocalIds(entries);
        Map<Integer, Long> offsets = new HashMap<>();
        long notBefore = notBefore();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            offsets.put(record.partition(), record.offset() + 1);
            byte[] value = record.value();
            if (record.key() == null || value == null) {
                continue;
            }
            if (Arrays.equals(value, ADD_BYTES)) {
                if (record.timestamp() >= notBefore) {
                    IdFingerprint id = IdFingerprint.ofKey(record.key());
                    if (front.acceptedAt(id) < record.timestamp()) {
                        entries.add(new DedupIndex.Entry(id, record.timestamp()));
                    }
                }
            } else if (Arrays.equals(value, REMOVE_BYTES)) {
                flush(entries, offsets);
                IdFingerprint id = IdFingerprint.ofKey(record.key());
                index.remove(id);
                front.remove(id);
            } else if (Arrays.equals(value, CLEAR_BYTES)) {
                flush(entries, offsets);
                index.clear();
                front.clear();
            } else {
                LOG.debug("Ignoring an unknown dedup action on {}", topic);
            }
        }
        recordsRead.addAndGet(records.count());
        flush(entries, offsets);
    }

    private void flush(List<DedupIndex.Entry> entries, Map<Integer, Long> offsets) {
        if (!entries.isEmpty() || !offsets.isEmpty()) {
            index.write(entries, source, offsets);
            entries.clear();
        }
    }

    private void drainLocalIds(List<DedupIndex.Entry> entries) {
        for (DedupIndex.Entry entry; (entry = localIds.poll()) != null; ) {
            entries.add(entry);
        }
    }

    /** This instance's own ids, written to the index without waiting for their records to come back. */
    private void writeLocalIds() {
        List<DedupIndex.Entry> entries = new ArrayList<>();
        drainLocalIds(entries);
        if (!entries.isEmpty()) {
            index.write(entries, source, Map.of());
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        ready = false;
        KafkaConsumer<byte[], byte[]> reading = consumer;
        if (reading != null) {
            reading.wakeup();
        }
        if (reader != null) {
            reader.join(10_000);
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (index != null) {
            index.flush();
            index.close();
        }
    }

    /** True once the index has caught up with the topic since start-up: before that no answer can be trusted. */
    @Override
    public boolean ready() {
        return ready;
    }

    /** Records the id of a durable event here and, asynchronously, on the topic; never waits for the broker. */
    @Override
    public void add(String key) {
        IdFingerprint id = IdFingerprint.of(key);
        long now = clock.millis();
        if (front.acceptedAt(id) >= now - window.toMillis()) {
            return;
        }
        front.add(id, now);
        localIds.add(new DedupIndex.Entry(id, now));
        broadcast(key, ADD, now);
    }

    /**
     * @throws DurableIds.UnavailableException when the index fails (it is then rebuilt; {@link #ready()} is false
     *                                         until it has caught up again)
     */
    @Override
    public boolean contains(String key) {
        IdFingerprint id = IdFingerprint.of(key);
        long notBefore = notBefore();
        if (front.acceptedAt(id) >= notBefore) {
            return true;
        }
        DedupIndex current = index;
        try {
            return current.contains(id, notBefore);
        } catch (DedupIndex.Failure e) {
            indexFailed(current, e);
            throw new UnavailableException("the duplicate index failed and is being rebuilt from the ids topic", e);
        }
    }

    /** The ids producer's metrics (a live view), empty before the start. */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> producerMetrics() {
        KafkaProducer<String, String> current = producer;
        return current == null ? Map.of() : current.metrics();
    }

    /** How often the index failed while in use and was rebuilt since start-up. */
    public long rebuilds() {
        return rebuilds.get();
    }

    private long notBefore() {
        return clock.millis() - window.toMillis();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    /** This start's catch-up: the index's state when opened, records read so far, and how long it took. */
    public CatchUp catchUp() {
        DedupIndex current = index;
        return new CatchUp(current == null ? "none" : current.opened().name().toLowerCase(java.util.Locale.ROOT),
                recordsRead.get(), ready, catchUpMillis);
    }

    /** Bytes of the index on disk. */
    public long diskBytes() {
        return index.diskBytes();
    }

    /** @param acceptedAt the record's timestamp: the time the index and the heap front hold for the id */
    private void broadcast(String key, String action, long acceptedAt) {
        try {
            producer.send(new ProducerRecord<>(topic, null, acceptedAt, key, action), (metadata, error) -> {
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
        return "KafkaIngestIds[topic=" + topic + ", dir=" + dir + "]";
    }
}
