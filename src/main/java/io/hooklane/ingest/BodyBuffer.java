package io.hooklane.ingest;

import java.util.Arrays;

import io.vertx.core.buffer.Buffer;

/**
 * One request's body, grown as its bytes arrive and paid for from {@link PendingBodies}: nothing is allocated before
 * the first byte, the first allocation is at most {@link #INITIAL_CAPACITY} beyond what arrived, and each growth at
 * most doubles (never past the declared {@code Content-Length} or the source's limit). So a request holds at most
 * about twice what it has sent, whatever it announced. Used by one request at a time: reads on its event loop,
 * {@link #release()} once, when the request is answered or dropped.
 */
final class BodyBuffer {

    static final int INITIAL_CAPACITY = 16 * 1024;
    private static final byte[] EMPTY = new byte[0];

    enum Append { OK, TOO_LARGE, BUSY }

    private final PendingBodies pending;
    private final long declared;
    private final long max;
    private byte[] bytes = EMPTY;
    private int length;
    private long reserved;
    private boolean released;

    /** @param declared the request's {@code Content-Length}, or -1 when it has none */
    BodyBuffer(PendingBodies pending, long declared, long max) {
        this.pending = pending;
        this.declared = declared;
        this.max = Math.min(max, Integer.MAX_VALUE - 8);
    }

    Append append(Buffer chunk) {
        int size = chunk.length();
        long needed = (long) length + size;
        if (needed > max) {
            return Append.TOO_LARGE;
        }
        if (released || needed > bytes.length && !grow((int) needed)) {
            return Append.BUSY;
        }
        chunk.getBytes(bytes, length);
        length += size;
        return Append.OK;
    }

    private boolean grow(int needed) {
        long bound = declared >= needed ? Math.min(declared, max) : max;
        int capacity = (int) Math.max(needed, Math.min(bound, Math.max(INITIAL_CAPACITY, 2L * bytes.length)));
        long more = capacity - bytes.length;
        if (!pending.tryReserve(more)) {
            return false;
        }
        reserved += more;
        bytes = Arrays.copyOf(bytes, capacity);
        return true;
    }

    /** The body as read: the buffer itself when it is exactly full (a body with a Content-Length), else a copy. */
    byte[] toByteArray() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }

    int length() {
        return length;
    }

    /** Gives the reserved bytes back; later calls do nothing. */
    void release() {
        long amount = reserved;
        reserved = 0;
        released = true;
        bytes = EMPTY;
        if (amount > 0) {
            pending.release(amount);
        }
    }
}
