package io.hooklane.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets a consumer loop is done with (routed, or delivered or dead-lettered), committed without blocking the
 * loop at most once per {@code interval}, and synchronously when partitions are revoked and when the loop ends.
 * A commit per poll cost a broker round trip on the loop's critical path and an offsets write on the broker, for
 * every poll of every loop. A commit that fails or never happens (kill -9) only means that the events since the
 * previous one are handled again (at least once, same webhook-id); an offset is only ever added once its events are
 * safe, so nothing is skipped. Used only from the loop's own thread, like the consumer.
 */
public final class OffsetCommits {

    private static final Logger LOG = LoggerFactory.getLogger(OffsetCommits.class);

    /** How often the routing and delivery loops commit while they run. */
    public static final Duration INTERVAL = Duration.ofMillis(200);

    private final String what;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
    private long lastCommit;

    /** @param what the loop, for logs ("dispatch offsets", "delivery offsets of crm") */
    public OffsetCommits(String what, Duration interval, LongSupplier nanoTime) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("the commit interval must not be negative but was " + interval);
        }
        this.what = what;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.lastCommit = nanoTime.getAsLong();
    }

    /** Everything before {@code nextOffset} in the partition is done. */
    public void done(TopicPartition partition, long nextOffset) {
        pending.put(partition, new OffsetAndMetadata(nextOffset));
    }

    /** The partitions are no longer this loop's: what was not committed for them is left to the next owner. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(pending::remove);
    }

    /** Offsets done but not yet sent to the broker. */
    Map<TopicPartition, OffsetAndMetadata> pending() {
        return Map.copyOf(pending);
    }

    /** An asynchronous commit of what is done, when the interval has passed since the last one. */
    public void commitIfDue(Consumer<?, ?> consumer) {
        long now = nanoTime.getAsLong();
        if (pending.isEmpty() || now - lastCommit < intervalNanos) {
            return;
        }
        lastCommit = now;
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
        pending.clear();
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.warn("Committing {} {} failed ({}); those events may be handled again", what, offsets.keySet(),
                        error.toString());
            }
        });
    }

    /** A synchronous commit of what is done (partitions revoked, loop ending); a failure is logged, not thrown. */
    public void commitNow(Consumer<?, ?> consumer, Duration timeout) {
        if (pending.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
        pending.clear();
        lastCommit = nanoTime.getAsLong();
        try {
            try {
                consumer.commitSync(offsets, timeout);
            } catch (WakeupException e) {
                // a stop's wakeup interrupted it; the wakeup is spent, so the last commit of a stopping loop goes through
                consumer.commitSync(offsets, timeout);
            }
        } catch (RuntimeException e) {
            LOG.warn("Committing {} {} failed ({}); those events may be handled again", what, offsets.keySet(),
                    e.toString());
        }
    }
}
