package io.hooklane.deliver;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one destination is unreachable: set after {@code threshold} consecutive attempts that could not connect
 * (unknown host, connection refused), cleared by the first attempt that gets any HTTP answer. Attempts that say
 * neither (timeouts, resets) change nothing. Each transition is logged once, so a wrong URL shows in the log
 * without a line per retry.
 */
public final class ReachabilityState {

    private static final Logger LOG = LoggerFactory.getLogger(ReachabilityState.class);

    /** The destination is unreachable since {@code since}, for {@code reason} ({@code detail}: the last error). */
    public record Unreachable(Instant since, Reachability reason, String detail) {
    }

    private final String destination;
    private final int threshold;
    private final Clock clock;
    private int consecutive;
    private volatile Unreachable unreachable;

    /** @param threshold at least 1 (checked where it is configured, {@link DeliveryRegistry}) */
    public ReachabilityState(String destination, int threshold, Clock clock) {
        this.destination = destination;
        this.threshold = threshold;
        this.clock = clock;
    }

    /** One attempt's evidence; {@code detail} is its error text (kept for the admin API and readiness). */
    public synchronized void observe(Reachability reachability, String detail) {
        if (reachability == Reachability.REACHED) {
            consecutive = 0;
            Unreachable was = unreachable;
            if (was != null) {
                unreachable = null;
                LOG.info("Destination {} is reachable again (unreachable since {}: {})", destination, was.since(),
                        was.reason().code());
            }
        } else if (reachability.unreachable()) {
            consecutive++;
            if (unreachable == null && consecutive >= threshold) {
                unreachable = new Unreachable(clock.instant(), reachability, detail);
                LOG.warn("Destination {} is unreachable since {} ({}: {}) after {} attempts in a row; its events"
                        + " wait in Kafka and are retried: check its URL", destination, unreachable.since(),
                        reachability.code(), detail, consecutive);
            }
        }
    }

    /** Since when and why the destination is unreachable; null while it is not. */
    public Unreachable unreachable() {
        return unreachable;
    }
}
