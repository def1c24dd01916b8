package io.hooklane.deliver;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one destination's delivery loops hold together: calls in flight (at most {@code maxInFlight}) and records
 * taken from Kafka and not yet finished (at most {@code maxBuffered}: a loop reserves room for a whole poll before it
 * polls), plus each loop's parked subjects and oldest undelivered record, for metrics and the admin API. Safe for
 * use from several threads.
 */
public final class DestinationLoad {

    private final int maxInFlight;
    private final int maxBuffered;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger buffered = new AtomicInteger();
    private final Map<Integer, Integer> parkedByLoop = new ConcurrentHashMap<>();
    private final Map<Integer, Long> oldestByLoop = new ConcurrentHashMap<>();

    public DestinationLoad(int maxInFlight, int maxBuffered) {
        this.maxInFlight = maxInFlight;
        this.maxBuffered = maxBuffered;
    }

    /** Takes a place for one more call in flight; false when {@code maxInFlight} are. */
    boolean tryStart() {
        return tryAdd(inFlight, 1, maxInFlight);
    }

    /** A call in flight ended. */
    void finished() {
        inFlight.decrementAndGet();
    }

    /** Reserves room for {@code records} more records; false when they would not fit under {@code maxBuffered}. */
    boolean tryReserve(int records) {
        return tryAdd(buffered, records, maxBuffered);
    }

    /** Records no longer held (finished, dropped, or a reservation not used). */
    void release(int records) {
        buffered.addAndGet(-records);
    }

    /** A loop's parked subjects and the Kafka timestamp of its oldest unfinished record. */
    void report(int loop, int parkedSubjects, OptionalLong oldestMillis) {
        parkedByLoop.put(loop, parkedSubjects);
        if (oldestMillis.isPresent()) {
            oldestByLoop.put(loop, oldestMillis.getAsLong());
        } else {
            oldestByLoop.remove(loop);
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Records held (buffered, parked or in flight), and room reserved for a poll under way. */
    public int buffered() {
        return buffered.get();
    }

    public int maxBuffered() {
        return maxBuffered;
    }

    public int parkedSubjects() {
        return parkedByLoop.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Age of the oldest record not yet delivered or dead-lettered, in seconds; 0 when there is none. */
    public double oldestWaitingSeconds(long nowMillis) {
        long oldest = oldestByLoop.values().stream().mapToLong(Long::longValue).min().orElse(nowMillis);
        return Math.max(0, nowMillis - oldest) / 1000.0;
    }

    private static boolean tryAdd(AtomicInteger counter, int amount, int max) {
        while (true) {
            int now = counter.get();
            if (now + amount > max) {
                return false;
            }
            if (counter.compareAndSet(now, now + amount)) {
                return true;
            }
        }
    }
}
