package io.hooklane.deliver;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a destination's delivery engine keeps the history of the events it is retrying (how many attempts so far,
 * when the first was made, when the next is due), so that the backoff and the retry budget ({@code retryForMillis})
 * hold across a restart and a rebalance. Keyed by the delivery's stable webhook id ({@link WebhookIds}), which
 * already names the destination. Implementations are safe for use from several threads.
 */
public interface RetryMemory {

    /**
     * An event's retry history.
     *
     * @param attempts     attempts made so far
     * @param firstAttempt when the first was made (the retry budget counts from it)
     * @param nextAttempt  when the next one is due (the end of the last failure's backoff); null: at once
     */
    record Entry(int attempts, Instant firstAttempt, Instant nextAttempt) {

        /** A history whose next attempt is due at once. */
        public Entry(int attempts, Instant firstAttempt) {
            this(attempts, firstAttempt, null);
        }
    }

    /** The history of an event attempted before (by this instance or another), if any. */
    Optional<Entry> recall(String webhookId);

    /** After a failed attempt that will be retried. */
    void remember(String webhookId, Entry entry);

    /** The event was delivered or dead-lettered: its history is no longer needed. */
    void forget(String webhookId);

    /** Remembered in this process only (a restart starts every retry afresh). */
    static RetryMemory inMemory() {
        Map<String, Entry> entries = new ConcurrentHashMap<>();
        return new RetryMemory() {
            @Override
            public Optional<Entry> recall(String webhookId) {
                return Optional.ofNullable(entries.get(webhookId));
            }

            @Override
            public void remember(String webhookId, Entry entry) {
                entries.put(webhookId, entry);
            }

            @Override
            public void forget(String webhookId) {
                entries.remove(webhookId);
            }
        };
    }
}
