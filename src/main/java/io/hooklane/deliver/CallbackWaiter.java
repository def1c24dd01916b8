package io.hooklane.deliver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous completion contract ({@code completion: callback}): a destination answers an attempt with
 * {@code 202 Accepted} and later reports how the event went by a signed {@code POST /callbacks/{webhook-id}}.
 * The delivery engine asks for the wait when an attempt starts, before its request leaves, so that a callback that
 * arrives before the 202 is read finds it; it keeps the wait when the answer is a 202 (the subject's later events
 * wait with it), and when no answer came (the connection broke, the read timed out) but a callback already has: the
 * callback then says how the event went and it is not sent again. It cancels the wait otherwise.
 */
public interface CallbackWaiter {

    /**
     * How a wait ended: the attempt's result and, when a callback ended it, what the callback said.
     *
     * @param result the attempt's result (2xx status: delivered; a retryable or permanent failure as
     *               {@link Outcome#of} classifies it), or a result without status when no callback came
     * @param status the callback's {@code status} ({@code completed}, {@code failed}, {@code rejected}), or null
     *               when no callback ended the wait (timeout, cancelled, replaced)
     * @param reason the callback's {@code reason}, or null
     * @param output the callback's {@code output} JSON as sent, or null when it gave none (or {@code null})
     */
    record Reported(AttemptResult result, String status, String reason, byte[] output) {

        /** A wait that no callback ended. */
        public static Reported without(AttemptResult result) {
            return new Reported(result, null, null, null);
        }
    }

    /**
     * Waits for {@code webhookId}'s callback from {@code destination}.
     *
     * @return completes with the callback's report, or with a report without status ("callback timeout") once
     *         {@code timeout} has passed. Never completes exceptionally.
     */
    CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout);

    /**
     * Stops waiting for {@code webhookId}: its attempt was answered without a 202, or its delivery was abandoned (a
     * stop, a revoked partition).
     */
    void cancel(String webhookId);

    /**
     * Stops the wait {@code wait} (what {@link #await} answered) if it is still {@code webhookId}'s: a newer attempt's
     * wait for the same delivery, asked for meanwhile, is left alone.
     */
    default void cancel(String webhookId, CompletableFuture<Reported> wait) {
        cancel(webhookId);
    }
}
