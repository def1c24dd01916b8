package io.hooklane.ingest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Duplicate detection that never answers for an event before it is durable. An id counts as seen only once the
 * broker has acknowledged its event ({@link #written}); until then the copy being written holds a claim on the id
 * (one map entry per webhook in flight, no lock), and another copy of the same event that arrives meanwhile waits
 * for that write's outcome: a duplicate if it was written, not accepted if it failed or did not end in time. A copy
 * that fails leaves nothing behind, so the sender's retry is taken whatever happens afterwards.
 */
public final class IngestDedup {

    /** What to do with one copy of an event. */
    public enum Verdict {
        /** No other copy is known: this one is written, and must be {@link #finished} (after {@link #written}). */
        WRITE,
        /** An earlier copy is durable. */
        DUPLICATE,
        /** An earlier copy is being written: see {@link #outcome}. */
        WAIT,
        /**
         * The durable ids cannot be answered for now ({@link DurableIds#ready()} false, or their store failed and is
         * being rebuilt): take no copy now.
         */
        NOT_READY
    }

    /** A verdict and the write it concerns: this copy's own for WRITE, the earlier copy's for WAIT. */
    public record Claim(Verdict verdict, String key, CompletableFuture<Boolean> write) {
    }

    private final DurableIds durable;
    private final long maxWaitMillis;
    private final ConcurrentMap<String, CompletableFuture<Boolean>> writing = new ConcurrentHashMap<>();

    /**
     * @param maxWait how long a copy waits for an earlier copy's write; at least as long as a write can take
     */
    public IngestDedup(DurableIds durable, Duration maxWait) {
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait must be positive but was " + maxWait);
        }
        this.durable = durable;
        this.maxWaitMillis = maxWait.toMillis();
    }

    public Claim claim(String key) {
        if (!durable.ready()) {
            return new Claim(Verdict.NOT_READY, key, null);
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> earlier = writing.putIfAbsent(key, mine);
        if (earlier != null) {
            return new Claim(Verdict.WAIT, key, earlier);
        }
        // checked after the claim: a copy written meanwhile was recorded as durable before its claim was released
        boolean seen;
        try {
            seen = durable.contains(key);
        } catch (DurableIds.UnavailableException e) {
            // no answer: nothing taken; a copy waiting on this claim is told to retry too
            release(new Claim(Verdict.WRITE, key, mine), false);
            return new Claim(Verdict.NOT_READY, key, null);
        }
        if (seen) {
            writing.remove(key, mine);
            mine.complete(true);
            return new Claim(Verdict.DUPLICATE, key, null);
        }
        return new Claim(Verdict.WRITE, key, mine);
    }

    /** The broker acknowledged the event of a WRITE claim: its id is seen from now on (here and, through the ids topic, on every instance). */
    public void written(Claim claim) {
        durable.add(claim.key());
        release(claim, true);
    }

    /** The exchange of a WRITE claim ended; without {@link #written} before, its event was not accepted. */
    public void finished(Claim claim) {
        release(claim, false);
    }

    /** For a WAIT claim: true once the earlier copy is durable; false if it failed or is not written within the bound. */
    public CompletableFuture<Boolean> outcome(Claim claim) {
        return claim.write().copy().completeOnTimeout(false, maxWaitMillis, TimeUnit.MILLISECONDS);
    }

    /** Copies being written right now. */
    public int writesInProgress() {
        return writing.size();
    }

    private void release(Claim claim, boolean isDurable) {
        writing.remove(claim.key(), claim.write());
        claim.write().complete(isDurable);
    }
}
