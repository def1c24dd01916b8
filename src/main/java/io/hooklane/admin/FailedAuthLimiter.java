package io.hooklane.admin;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import io.hooklane.ingest.security.MonotonicTimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.hooklane.ingest.security.SourceRateLimiter;

/**
 * Failed admin authentications per client address: a token bucket (Bucket4j) of {@code limit} failures, one more
 * allowed back every {@code refill}. An address whose bucket is empty is locked out, whatever token it sends next, until
 * a failure is allowed again; a correct token costs nothing. Only failing addresses get a bucket, kept in an LRU map of
 * at most {@code maxClients} entries; IPv6 addresses are keyed by their /64, as for the ingest rate limits. Thread-safe.
 */
public final class FailedAuthLimiter {

    public static final int DEFAULT_MAX_CLIENTS = 10_000;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int limit;
    private final Bandwidth bandwidth;
    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets;

    public FailedAuthLimiter(int limit, Duration refill) {
        this(limit, refill, DEFAULT_MAX_CLIENTS, System::nanoTime);
    }

    /**
     * @param limit      failures an address may make before it is locked out, at least 1
     * @param refill     how long until one more failure is allowed, at least 1 s
     * @param maxClients most addresses remembered, at least 1
     * @param nanoTime   a monotonic clock, {@code System::nanoTime} outside tests
     */
    public FailedAuthLimiter(int limit, Duration refill, int maxClients, LongSupplier nanoTime) {
        if (limit < 1) {
            throw new IllegalArgumentException("hooklane.admin.failed-auth-limit must be at least 1 but was " + limit);
        }
        if (refill == null || refill.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("hooklane.admin.failed-auth-refill-seconds must be at least 1 but was "
                    + (refill == null ? null : refill.toSeconds()));
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1 but was " + maxClients);
        }
        this.limit = limit;
        this.bandwidth = Bandwidth.builder().capacity(limit).refillGreedy(1, refill).build();
        this.timeMeter = new MonotonicTimeMeter(nanoTime);
        this.buckets = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** @return 0 when the address may try to authenticate, else the whole seconds (at least 1) until it may */
    public long lockedForSeconds(String clientAddress) {
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.get(SourceRateLimiter.key(clientAddress));
        }
        if (bucket == null) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        if (probe.canBeConsumed()) {
            return 0;
        }
        long nanos = probe.getNanosToWaitForRefill();
        return Math.max(1, nanos / NANOS_PER_SECOND + (nanos % NANOS_PER_SECOND == 0 ? 0 : 1));
    }

    /** Counts one failed authentication; @return true when this failure used the address's last allowed one */
    public boolean failed(String clientAddress) {
        String key = SourceRateLimiter.key(clientAddress);
        Bucket bucket;
        synchronized (buckets) {
            bucket = buckets.computeIfAbsent(key, k -> Bucket.builder().addLimit(bandwidth)
                    .withCustomTimePrecision(timeMeter)
                    .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED).build());
        }
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() && probe.getRemainingTokens() == 0;
    }

    /** How many addresses are remembered now. */
    public int trackedClients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    @Override
    public String toString() {
        return "FailedAuthLimiter[limit=" + limit + "]";
    }
}
