package io.hooklane.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway-wide budget of bytes that unfinished requests may hold: bodies being read and bodies waiting for their
 * answer (verification, Kafka's acknowledgement). A request reserves memory before it allocates it and gives it back
 * when it is answered or dropped; a reservation that would pass the limit is refused, and the request is answered
 * {@code 503 busy}. Lock-free: one compare-and-set per reservation.
 */
public final class PendingBodies {

    public static final String LIMIT_KEY = "hooklane.ingest.max-pending-body-bytes";

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    public PendingBodies(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(LIMIT_KEY + " must be positive but was " + limit);
        }
        this.limit = limit;
    }

    /**
     * The limit as configured: {@code configured} bytes, or a quarter of {@code maxHeap} when 0. Refused when it is
     * negative, when it could not take one body of {@code maxBodySize} (such a body could never be accepted), or when
     * it passes the heap.
     */
    public static PendingBodies configured(long configured, long maxBodySize, long maxHeap) {
        long limit = configured == 0 ? maxHeap / 4 : configured;
        if (configured < 0 || limit < maxBodySize || limit > maxHeap) {
            throw new IllegalArgumentException(LIMIT_KEY + " must be 0 (a quarter of the heap, here " + maxHeap / 4
                    + ") or between hooklane.ingest.max-body-size (" + maxBodySize + ") and the maximum heap ("
                    + maxHeap + ") but was " + configured);
        }
        return new PendingBodies(limit);
    }

    /** Reserves {@code bytes}; false, reserving nothing, when the limit would be passed. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long current = held.get();
            long next = current + bytes;
            if (next > limit) {
                return false;
            }
            if (held.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        held.addAndGet(-bytes);
    }

    /** Bytes reserved by unfinished requests right now. */
    public long held() {
        return held.get();
    }

    public long limit() {
        return limit;
    }
}
