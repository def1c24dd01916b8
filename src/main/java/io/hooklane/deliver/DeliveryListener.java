package io.hooklane.deliver;

import java.time.Duration;

/** Hooks for metrics: what happened to deliveries. */
public interface DeliveryListener {

    default void attempted(String destination, Outcome outcome, Duration took) {
    }

    default void delivered(String destination, String webhookId, int attempts, long enqueuedAtMillis) {
    }

    /**
     * How one call to the destination ended ({@link CallResults}); every attempt reports one, when its call ends or
     * its deadline passes, whichever comes first.
     */
    default void called(String destination, String result) {
    }

    default void retrying(String destination) {
    }

    default void deadLettered(String destination, String reason) {
    }
}
