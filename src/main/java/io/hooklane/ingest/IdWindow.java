package io.hooklane.ingest;

import java.util.Arrays;

/**
 * The most recent dedup ids, first in first out, each with the time it was accepted: an id stays until
 * {@code capacity} later ids have been added, or until it is removed. A duplicate does not make an id younger.
 *
 * <p>Each id is kept as its {@link IdFingerprint} in primitive arrays with an open-addressing index: about 41 bytes
 * per id whatever the id's length, and no object per id. A million ids are a
 * few arrays the garbage collector does not walk; as a {@code LinkedHashMap} they were some three million objects
 * (about 130 MB) that every full collection had to mark and move, a pause of 110 to 430 ms on this project's
 * 2-core machine.
 *
 * <p>The arrays grow by doubling up to the capacity, so a small window costs little. Thread-safe; every operation
 * is O(1) expected.
 */
final class IdWindow {

    /** A free index slot: its low half (0xFFFFFFFF) is no ring position. */
    private static final long EMPTY = -1L;
    private static final int EMPTY_SLOT = -1;
    private static final int INITIAL = 1024;
    /** The index (twice the ring, a power of two) must fit an array. */
    static final int MAX_CAPACITY = 1 << 29;
    /** What {@link #acceptedAt} answers for an id not in the window. */
    static final long ABSENT = Long.MIN_VALUE;

    private final int capacity;
    // the ring, in insertion order: two longs of fingerprint per position (one cache line), and whether the id at
    // that position is still in the window
    private long[] fingerprints;
    private boolean[] present;
    // when each id was accepted (epoch ms), by ring position
    private long[] times;
    // linear probing; each slot is EMPTY or (the fingerprint's top 32 bits | ring position): a probe past another
    // id rarely reads the ring, and moving entries back on removal never does
    private long[] index;
    private int mask;
    private int next;
    private boolean wrapped;
    private int size;

    IdWindow(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + " but was " + capacity);
        }
        this.capacity = capacity;
        allocate(Math.min(capacity, INITIAL));
    }

    /** Adds the id and answers true, or answers false when it is already in the window. */
    boolean add(String id) {
        return add(IdFingerprint.of(id), 0);
    }

    /**
     * Adds the id accepted at {@code time} and answers true; an id already in the window keeps its place and takes
     * the new time, and the answer is false.
     */
    synchronized boolean add(IdFingerprint id, long time) {
        int slot = slotOf(id.high(), id.low());
        if (slot != EMPTY_SLOT) {
            times[(int) index[slot]] = time;
            return false;
        }
        if (next == present.length) {
            if (present.length < capacity) {
                grow();
            } else {
                next = 0;
                wrapped = true;
            }
        }
        int position = next++;
        if (wrapped && present[position]) {
            // the oldest id leaves the window
            clearSlot(slotOf(fingerprints[2 * position], fingerprints[2 * position + 1]));
            size--;
        }
        fingerprints[2 * position] = id.high();
        fingerprints[2 * position + 1] = id.low();
        times[position] = time;
        present[position] = true;
        insert(position);
        size++;
        return true;
    }

    boolean contains(String id) {
        return acceptedAt(IdFingerprint.of(id)) != ABSENT;
    }

    /** When the id was accepted, or {@link #ABSENT}. */
    synchronized long acceptedAt(IdFingerprint id) {
        int slot = slotOf(id.high(), id.low());
        return slot == EMPTY_SLOT ? ABSENT : times[(int) index[slot]];
    }

    /** Takes the id out of the window; false when it was not in it. */
    boolean remove(String id) {
        return remove(IdFingerprint.of(id));
    }

    synchronized boolean remove(IdFingerprint fingerprint) {
        int slot = slotOf(fingerprint.high(), fingerprint.low());
        if (slot == EMPTY_SLOT) {
            return false;
        }
        present[(int) index[slot]] = false;
        clearSlot(slot);
        size--;
        return true;
    }

    /** Every id in the window and when it was accepted, in no particular order. */
    synchronized void forEach(java.util.function.ObjLongConsumer<IdFingerprint> action) {
        for (int position = 0; position < present.length; position++) {
            if (present[position]) {
                action.accept(new IdFingerprint(fingerprints[2 * position], fingerprints[2 * position + 1]),
                        times[position]);
            }
        }
    }

    synchronized void clear() {
        allocate(Math.min(capacity, INITIAL));
    }

    int capacity() {
        return capacity;
    }

    synchronized int size() {
        return size;
    }

    private void allocate(int ringLength) {
        fingerprints = new long[2 * ringLength];
        present = new boolean[ringLength];
        times = new long[ringLength];
        newIndex(ringLength);
        next = 0;
        wrapped = false;
        size = 0;
    }

    /** Doubles the ring (only before it has wrapped: positions 0..next-1 are in order) and rebuilds the index. */
    private void grow() {
        int length = (int) Math.min(capacity, 2L * present.length);
        fingerprints = Arrays.copyOf(fingerprints, 2 * length);
        present = Arrays.copyOf(present, length);
        times = Arrays.copyOf(times, length);
        newIndex(length);
        for (int position = 0; position < next; position++) {
            if (present[position]) {
                insert(position);
            }
        }
    }

    /** A power of two at least twice the ring: the index stays at most half full. */
    private void newIndex(int ringLength) {
        index = new long[Integer.highestOneBit(Math.max(2, ringLength) * 2 - 1) * 2];
        Arrays.fill(index, EMPTY);
        mask = index.length - 1;
    }

    /** The slot a fingerprint's probe starts from: its top bits (SHA-256 bits are uniform: no mixing needed). */
    private int home(long highHalf) {
        return (int) (highHalf >>> 32) & mask;
    }

    private static long entry(long highHalf, int position) {
        return (highHalf & 0xFFFF_FFFF_0000_0000L) | position;
    }

    private int slotOf(long highHalf, long lowHalf) {
        long tag = highHalf & 0xFFFF_FFFF_0000_0000L;
        for (int slot = home(highHalf); ; slot = (slot + 1) & mask) {
            long entry = index[slot];
            if (entry == EMPTY) {
                return EMPTY_SLOT;
            }
            if ((entry & 0xFFFF_FFFF_0000_0000L) == tag) {
                int position = (int) entry;
                if (fingerprints[2 * position] == highHalf && fingerprints[2 * position + 1] == lowHalf) {
                    return slot;
                }
            }
        }
    }

    private void insert(int position) {
        int slot = home(fingerprints[2 * position]);
        while (index[slot] != EMPTY) {
            slot = (slot + 1) & mask;
        }
        index[slot] = entry(fingerprints[2 * position], position);
    }

    /** Frees a slot and moves later entries of its probe run back, so every lookup still finds them (no tombstones). */
    private void clearSlot(int slot) {
        int free = slot;
        index[free] = EMPTY;
        for (int probe = (free + 1) & mask; index[probe] != EMPTY; probe = (probe + 1) & mask) {
            int home = home(index[probe]); // an entry keeps the top bits its home comes from
            // the entry may move into the free slot unless its home lies cyclically in (free, probe]
            boolean staysPut = free <= probe ? free < home && home <= probe : free < home || home <= probe;
            if (!staysPut) {
                index[free] = index[probe];
                index[probe] = EMPTY;
                free = probe;
            }
        }
    }

    @Override
    public String toString() {
        return "IdWindow[capacity=" + capacity + "]";
    }
}
