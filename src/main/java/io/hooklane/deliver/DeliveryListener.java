package io.hooklane.deliver;

import java.time.Duration;

/** Hooks for metrics: what happened to deliveries. */
public interface DeliveryListener {

    default void attempted(String destination, Outcome outcome, Duration took) {
    }

    default void delivered(String destination, String webhookId, int attempts, long enqueuedAtMillis) {
    }

    default void retrying(String destination) {
    }

    default void deadLettered(String destination, String reason) {
    }
}
