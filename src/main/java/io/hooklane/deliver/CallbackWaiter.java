package io.hooklane.deliver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The asynchronous completion contract ({@code completion: callback}): a destination answers an attempt with
 * {@code 202 Accepted} and later reports how the event went by a signed {@code POST /callbacks/{webhook-id}}.
 * The delivery engine asks for the wait when the 202 arrives; the subject's later events wait with it.
 */
public interface CallbackWaiter {

    /**
     * Waits for {@code webhookId}'s callback from {@code destination}.
     *
     * @return completes with the callback's result (2xx status: delivered; a retryable or permanent failure as
     *         {@link Outcome#of} classifies it), or with a result without status ("callback timeout") once
     *         {@code timeout} has passed. Never completes exceptionally.
     */
    CompletableFuture<AttemptResult> await(String destination, String webhookId, Duration timeout);

    /** Stops waiting for {@code webhookId} (its delivery was abandoned: a stop, a revoked partition). */
    void cancel(String webhookId);
}
