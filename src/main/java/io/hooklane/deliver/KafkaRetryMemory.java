package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.SharedTopic;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retry history of every event being retried, kept in a compacted topic every instance shares
 * ({@code hooklane.topic.delivery-retries}; key the webhook id, value {@link RetryRecords}, a tombstone once
 * forgotten) and in memory, so {@link #recall} is a map lookup. At start-up the topic is read to its end before any
 * destination delivers; then it is followed, so an event taken over after a rebalance keeps its attempt count,
 * first-attempt time and the time its next attempt is due.
 *
 * <p>Writes are asynchronous: the map changes at once, the record goes through a bounded producer
 * ({@link SharedTopic}); a write it drops leaves that event's history in this process only. The map is bounded
 * too: entries whose first attempt is older than {@code maxAge} (at least the longest retry budget) are dropped,
 * and beyond {@code maxEntries} the oldest are.
 */
public final class KafkaRetryMemory extends ServiceSupport implements RetryMemory {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRetryMemory.class);

    private final String topic;
    private final SharedTopic shared;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param timeout how long one write's acknowledgement may take; the start-up read may take six times that
     * @param maxAge entries whose first attempt is older are dropped
     * @param maxEntries the most entries held in memory
     */
    public KafkaRetryMemory(String topic, KafkaConnection kafka, Duration timeout, Duration maxAge, int maxEntries,
                            Clock clock) {
        this.topic = topic;
        this.shared = new SharedTopic(topic, "hooklane.topic.delivery-retries", kafka, timeout, this::apply);
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    protected void doStart() {
        int read = shared.start("hooklane-retry-memory");
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
        shared.write(webhookId, RetryRecords.toJson(entry));
        if (entries.size() > maxEntries) {
            shrink();
        }
    }

    @Override
    public void forget(String webhookId) {
        if (entries.remove(webhookId) != null) {
            shared.write(webhookId, null);
        }
    }

    /** Writes that could not reach Kafka since start-up. */
    public long failedWrites() {
        return shared.failedWrites();
    }

    /** Entries held in memory. */
    public int size() {
        return entries.size();
    }

    /** A record read from the topic: another instance's write, or any write while catching up at start-up. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            SharedTopic.skip(record, "retry");
            return;
        }
        if (record.value() == null) {
            entries.remove(record.key());
            return;
        }
        Optional<Entry> entry = RetryRecords.parse(record.value());
        if (entry.isEmpty()) {
            SharedTopic.skip(record, "retry");
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
        shared.stop();
    }

    @Override
    public String toString() {
        return "KafkaRetryMemory[" + topic + "]";
    }
}
