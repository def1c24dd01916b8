package io.hooklane.deliver;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter, bounded per attempt and in total, honouring a receiver's Retry-After.
 * Immutable; the random source is injected so tests are deterministic.
 */
public final class RetryPolicy {

    /** The default cap of a receiver's Retry-After: a receiver cannot park events for days. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final Duration initial;
    private final double multiplier;
    private final Duration max;
    private final Duration retryFor;
    private final Duration maxRetryAfter;

    public RetryPolicy(String destination, Duration initial, double multiplier, Duration max, Duration retryFor) {
        this(destination, initial, multiplier, max, retryFor, MAX_RETRY_AFTER);
    }

    /** @param maxRetryAfter a Retry-After longer than this is treated as this long */
    public RetryPolicy(String destination, Duration initial, double multiplier, Duration max, Duration retryFor,
                       Duration maxRetryAfter) {
        this.initial = positive(destination, "initialBackoffMillis", initial);
        if (!(multiplier >= 1.0)) {
            throw new IllegalArgumentException("destination '" + destination
                    + "': backoffMultiplier must be at least 1 but was " + multiplier);
        }
        this.multiplier = multiplier;
        this.max = positive(destination, "maxBackoffMillis", max);
        this.retryFor = positive(destination, "retryForMillis", retryFor);
        this.maxRetryAfter = positive(destination, "maxRetryAfterMillis", maxRetryAfter);
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("destination '" + destination + "': maxBackoffMillis (" + max.toMillis()
                    + ") must not be below initialBackoffMillis (" + initial.toMillis() + ")");
        }
    }

    /** The ceiling of the wait before retry number {@code attempt} (1 = the wait after the first failure). */
    public Duration ceiling(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    /**
     * The wait before the next attempt: a uniformly random share of the ceiling (full jitter), but never less than
     * the receiver's Retry-After (itself capped at {@code maxRetryAfter}, one hour by default).
     */
    public Duration nextDelay(int attempt, Duration retryAfter, DoubleSupplier random) {
        Duration jittered = Duration.ofMillis((long) (ceiling(attempt).toMillis() * random.getAsDouble()));
        if (retryAfter == null) {
            return jittered;
        }
        Duration honoured = retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
        return honoured.compareTo(jittered) > 0 ? honoured : jittered;
    }

    /** The longest wait this policy ever asks for between two attempts: its backoff ceiling or its Retry-After cap. */
    public Duration longestWait() {
        return max.compareTo(maxRetryAfter) >= 0 ? max : maxRetryAfter;
    }

    /** Whether a delivery first tried {@code elapsed} ago may still be retried after waiting {@code delay}. */
    public boolean mayRetry(Duration elapsed, Duration delay) {
        return elapsed.plus(delay).compareTo(retryFor) <= 0;
    }

    private static Duration positive(String destination, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("destination '" + destination + "': " + key
                    + " must be positive but was " + (value == null ? null : value.toMillis()));
        }
        return value;
    }

    @Override
    public String toString() {
        return "RetryPolicy[initial=" + initial + ", multiplier=" + multiplier + ", max=" + max + ", for=" + retryFor
                + ", maxRetryAfter=" + maxRetryAfter + "]";
    }
}
