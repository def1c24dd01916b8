package io.hooklane.deliver;

import java.time.Duration;
import java.util.Locale;

/**
 * How a destination's delivery engine schedules attempts: how many calls may be in flight at once, how many records
 * it may hold, whether one subject's events go one after the other, whether a {@code 202} waits for a callback, and
 * the per-attempt and callback deadlines. Validated when the destination starts, naming the parameter and value.
 */
public record EngineSettings(int maxInFlight, int maxBuffered, Ordering ordering, Completion completion,
                             Duration attemptTimeout, Duration callbackTimeout) {

    /** The longest per-attempt deadline: slow agents answer within minutes, not hours. */
    public static final long MAX_TIMEOUT_MILLIS = 600_000;
    /** The most calls one destination may have in flight (each holds a connection). */
    public static final int MAX_IN_FLIGHT = 10_000;

    /** Which events of a destination wait for each other. */
    public enum Ordering {
        /** Events with the same Kafka key (the subject) one after the other, in offset order. */
        SUBJECT,
        /** Every event on its own: fully parallel. */
        NONE
    }

    /** When an attempt is over. */
    public enum Completion {
        /** The HTTP answer says how it went. */
        RESPONSE,
        /** A {@code 202 Accepted} waits for the destination's signed callback. */
        CALLBACK
    }

    public EngineSettings {
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT) {
            throw new IllegalArgumentException("maxInFlight must be between 1 and " + MAX_IN_FLIGHT + " but was "
                    + maxInFlight);
        }
        if (maxBuffered < maxInFlight) {
            throw new IllegalArgumentException("maxBuffered must be at least maxInFlight (" + maxInFlight
                    + ") but was " + maxBuffered);
        }
        if (attemptTimeout.toMillis() < 1 || attemptTimeout.toMillis() > MAX_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("timeoutMillis must be between 1 and " + MAX_TIMEOUT_MILLIS
                    + " but was " + attemptTimeout.toMillis());
        }
        if (callbackTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("callbackTimeoutMillis must be positive but was "
                    + callbackTimeout.toMillis());
        }
    }

    /** Engine settings from the template's text parameters; a bad value names its parameter. */
    public static EngineSettings of(String destination, int maxInFlight, int maxBuffered, String ordering,
                                    String completion, long timeoutMillis, long callbackTimeoutMillis) {
        try {
            return new EngineSettings(maxInFlight, maxBuffered, parse(Ordering.class, "ordering", ordering),
                    parse(Completion.class, "completion", completion), Duration.ofMillis(timeoutMillis),
                    Duration.ofMillis(callbackTimeoutMillis));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("destination '" + destination + "': " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        for (E option : type.getEnumConstants()) {
            if (option.name().toLowerCase(Locale.ROOT).equals(value)) {
                return option;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E option : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : " or ").append(option.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(key + " must be " + allowed + " but was '" + value + "'");
    }
}
