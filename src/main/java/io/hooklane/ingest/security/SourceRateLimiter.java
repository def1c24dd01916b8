package io.hooklane.ingest.security;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.SynchronizationStrategy;

/**
 * One source's rate limit: a token bucket per client address (Bucket4j), holding up to {@code burst} tokens and
 * refilled smoothly at {@code permitsPerSecond}. Create one per source so that one source's flood never touches
 * another's. Thread-safe.
 *
 * <p>Memory is bounded: the buckets live in an LRU map of at most {@code maxClients} entries (default
 * {@value #DEFAULT_MAX_CLIENTS}); a spray of addresses evicts the least recently seen clients, which start again with
 * a full bucket when they come back. Addresses are keyed in canonical form ({@code ::1} and
 * {@code 0:0:0:0:0:0:0:1} share a bucket), and IPv6 clients by their /64, the block a single host usually controls,
 * so that walking one's own /64 gains nothing.
 */
public final class SourceRateLimiter {

    public static final int DEFAULT_MAX_CLIENTS = 100_000;
    static final int IPV6_KEY_PREFIX = 64;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String source;
    private final double permitsPerSecond;
    private final int burst;
    private final int maxClients;
    private final Bandwidth bandwidth;
    private final TimeMeter timeMeter;
    private final Map<String, Bucket> buckets;

    /** The system's monotonic clock and {@value #DEFAULT_MAX_CLIENTS} clients at most. */
    public SourceRateLimiter(String source, double permitsPerSecond, int burst) {
        this(source, permitsPerSecond, burst, DEFAULT_MAX_CLIENTS, System::nanoTime);
    }

    /**
     * @param permitsPerSecond the refill rate, above 0 and at most 1e9 (fractions allowed: 0.5 is one every 2 s)
     * @param burst            the bucket's capacity, at least 1: how many requests a quiet client may send at once
     * @param maxClients       how many client buckets are kept at most, at least 1
     * @param nanoTime         a monotonic nanosecond clock, {@code System::nanoTime} outside tests
     * @throws IllegalArgumentException for values out of range
     */
    public SourceRateLimiter(String source, double permitsPerSecond, int burst, int maxClients,
                             LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(nanoTime, "nanoTime");
        if (!(permitsPerSecond > 0) || permitsPerSecond > NANOS_PER_SECOND || Double.isNaN(permitsPerSecond)) {
            throw new IllegalArgumentException("rate limit of source '" + source
                    + "': permitsPerSecond must be above 0 and at most 1e9 but was " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("rate limit of source '" + source + "': burst must be at least 1 but was "
                    + burst);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("rate limit of source '" + source
                    + "': maxClients must be at least 1 but was " + maxClients);
        }
        this.permitsPerSecond = permitsPerSecond;
        this.burst = burst;
        this.maxClients = maxClients;
        long nanosPerToken = Math.max(1L, Math.round(NANOS_PER_SECOND / permitsPerSecond));
        // greedy refill of one token per period: tokens come back continuously, not in a lump per window
        this.bandwidth = Bandwidth.builder().capacity(burst).refillGreedy(1, Duration.ofNanos(nanosPerToken)).build();
        this.timeMeter = new MonotonicTimeMeter(nanoTime);
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > SourceRateLimiter.this.maxClients;
            }
        };
    }

    /** Takes one token from the client's bucket: allowed, or refused with how long until a token is back. */
    public Decision tryAcquire(String clientAddress) {
        ConsumptionProbe probe = bucketFor(key(clientAddress)).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Decision.ALLOWED;
        }
        long nanos = probe.getNanosToWaitForRefill();
        long seconds = nanos / NANOS_PER_SECOND + (nanos % NANOS_PER_SECOND == 0 ? 0 : 1);
        return Decision.retryAfter(Math.max(1, seconds));
    }

    private Bucket bucketFor(String key) {
        synchronized (buckets) {
            Bucket bucket = buckets.get(key);
            if (bucket == null) {
                bucket = Bucket.builder().addLimit(bandwidth).withCustomTimePrecision(timeMeter)
                        .withSynchronizationStrategy(SynchronizationStrategy.SYNCHRONIZED).build();
                buckets.put(key, bucket);
            }
            return bucket;
        }
    }

    /** Canonical IPv4, IPv6 masked to its /64; anything that is not an IP literal is used as it is. */
    public static String key(String clientAddress) {
        if (clientAddress == null) {
            return "";
        }
        String text = clientAddress.trim();
        InetAddress address = InetAddresses.tryParseLiteral(text);
        if (address == null) {
            return text;
        }
        address = InetAddresses.unmapped(address);
        if (InetAddresses.isIpv4(address)) {
            return address.getHostAddress();
        }
        byte[] prefix = InetAddresses.masked(address.getAddress(), IPV6_KEY_PREFIX);
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/" + IPV6_KEY_PREFIX;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many client buckets are held now (never more than {@link #maxClients()}). */
    public int trackedClients() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    public String source() {
        return source;
    }

    public double permitsPerSecond() {
        return permitsPerSecond;
    }

    public int burst() {
        return burst;
    }

    public int maxClients() {
        return maxClients;
    }

    @Override
    public String toString() {
        return "SourceRateLimiter[source=" + source + ", " + permitsPerSecond + "/s, burst " + burst + "]";
    }

    /**
     * The outcome of {@link #tryAcquire}: allowed, or refused ({@link SecurityReason#RATE_LIMITED}) with the whole
     * number of seconds, at least 1, after which a retry will find a token ({@code Retry-After}).
     */
    public record Decision(boolean allowed, long retryAfterSeconds) {

        public static final Decision ALLOWED = new Decision(true, 0);

        public Decision {
            if (allowed ? retryAfterSeconds != 0 : retryAfterSeconds < 1) {
                throw new IllegalArgumentException("an allowed decision has no retry delay, a refusal one of at least"
                        + " 1 s; got allowed=" + allowed + ", retryAfterSeconds=" + retryAfterSeconds);
            }
        }

        public static Decision retryAfter(long seconds) {
            return new Decision(false, seconds);
        }
    }
}
