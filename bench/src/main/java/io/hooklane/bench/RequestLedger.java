package io.hooklane.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the load generator remembers per request for the end-to-end figures, indexed by the request's sequence number
 * (the low part of its token, {@link Payloads#seq}): its intended send time, whether it got a 202, whether any
 * destination received it, which destinations did and when each first did ({@link HopBreakdown} splits that
 * time). Primitive arrays in chunks, no object per request: the
 * generator's own collector then has nothing per request to trace or copy, so its pauses (which are charged to the
 * gateway, since a request due in one is sent late) stay short however long the run. Thread-safe.
 */
final class RequestLedger {

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final Longs intended = new Longs();
    private final Bits sent = new Bits();
    private final Bits acked = new Bits();
    private final Bits delivered = new Bits();
    private final Map<String, Bits> deliveredTo = new TreeMap<>();
    private final Map<String, Longs> firstDeliveredAt = new TreeMap<>();
    private long maxSeq = -1;

    synchronized void sent(long seq, long intendedNanos) {
        intended.set(seq, intendedNanos);
        sent.set(seq);
        maxSeq = Math.max(maxSeq, seq);
    }

    synchronized void acked(long seq) {
        acked.set(seq);
    }

    /**
     * Records a delivery of the request to a destination.
     *
     * @return false when this destination had already received it (a duplicate)
     */
    synchronized boolean delivered(String destination, long seq, long atNanos) {
        delivered.set(seq);
        boolean first = deliveredTo.computeIfAbsent(destination, d -> new Bits()).set(seq);
        if (first) {
            firstDeliveredAt.computeIfAbsent(destination, d -> new Longs()).set(seq, atNanos);
        }
        return first;
    }

    /** The request's intended send time (System.nanoTime), or {@code Long.MIN_VALUE} when it was not sent here. */
    synchronized long intended(long seq) {
        return sent.get(seq) ? intended.get(seq) : Long.MIN_VALUE;
    }

    /** When the destination first received the request (System.nanoTime), or {@code Long.MIN_VALUE}. */
    synchronized long firstDeliveredAt(String destination, long seq) {
        Bits to = deliveredTo.get(destination);
        return to != null && to.get(seq) ? firstDeliveredAt.get(destination).get(seq) : Long.MIN_VALUE;
    }

    /** The highest sequence number sent, -1 before the first. */
    synchronized long maxSeq() {
        return maxSeq;
    }

    synchronized long ackedCount() {
        return acked.count();
    }

    /** Requests that got a 202 and reached no destination. */
    synchronized long ackedUndelivered() {
        return acked.countAndNot(delivered);
    }

    /** Requests that got a 202 and never reached this destination. */
    synchronized long ackedUndeliveredTo(String destination) {
        Bits to = deliveredTo.get(destination);
        return to == null ? acked.count() : acked.countAndNot(to);
    }

    /** (destination, request) pairs delivered whose request got a 202. */
    synchronized long ackedDeliveries() {
        long n = 0;
        for (Bits to : deliveredTo.values()) {
            n += to.countAnd(acked);
        }
        return n;
    }

    /** A growable array of longs in chunks (0 where never set). */
    static final class Longs {
        private final List<long[]> chunks = new ArrayList<>();

        void set(long index, long value) {
            int chunk = (int) (index >>> CHUNK_BITS);
            while (chunks.size() <= chunk) {
                chunks.add(new long[CHUNK]);
            }
            chunks.get(chunk)[(int) (index & (CHUNK - 1))] = value;
        }

        long get(long index) {
            int chunk = (int) (index >>> CHUNK_BITS);
            return chunk < chunks.size() ? chunks.get(chunk)[(int) (index & (CHUNK - 1))] : 0;
        }
    }

    /** A growable bit set in chunks of words (java.util.BitSet copies itself whole to grow). */
    static final class Bits {
        private final List<long[]> words = new ArrayList<>();

        /** @return true when the bit was not set before */
        boolean set(long index) {
            long[] chunk = chunkFor(index, true);
            int word = (int) ((index >>> 6) & (CHUNK - 1));
            long mask = 1L << (index & 63);
            boolean fresh = (chunk[word] & mask) == 0;
            chunk[word] |= mask;
            return fresh;
        }

        boolean get(long index) {
            long[] chunk = chunkFor(index, false);
            return chunk != null && (chunk[(int) ((index >>> 6) & (CHUNK - 1))] & (1L << (index & 63))) != 0;
        }

        long count() {
            long n = 0;
            for (long[] chunk : words) {
                for (long w : chunk) {
                    n += Long.bitCount(w);
                }
            }
            return n;
        }

        long countAnd(Bits other) {
            long n = 0;
            for (int c = 0; c < Math.min(words.size(), other.words.size()); c++) {
                long[] a = words.get(c);
                long[] b = other.words.get(c);
                for (int i = 0; i < CHUNK; i++) {
                    n += Long.bitCount(a[i] & b[i]);
                }
            }
            return n;
        }

        long countAndNot(Bits other) {
            return count() - countAnd(other);
        }

        private long[] chunkFor(long index, boolean grow) {
            int chunk = (int) (index >>> (6 + CHUNK_BITS));
            if (chunk >= words.size()) {
                if (!grow) {
                    return null;
                }
                while (words.size() <= chunk) {
                    words.add(new long[CHUNK]);
                }
            }
            return words.get(chunk);
        }
    }
}
