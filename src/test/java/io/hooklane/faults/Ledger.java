package io.hooklane.faults;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What the senders sent and what came back: acknowledged event ids (202), other answers, connection errors. */
public final class Ledger {

    /** One 202: the event id the gateway answered, its type, which gateway (index of the sender's targets), when. */
    public record Ack(String id, String type, int target, Instant at, long nanos) {
    }

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Queue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();

    void sent() {
        sent.incrementAndGet();
    }

    void acked(String id, String type, int target) {
        acks.add(new Ack(id, type, target, Instant.now(), System.nanoTime()));
    }

    /** Any answer but 202, by status and error code, e.g. {@code 503 queue_unavailable}. */
    void refused(int status, String reason) {
        refused.computeIfAbsent(reason.isEmpty() ? String.valueOf(status) : status + " " + reason,
                k -> new LongAdder()).increment();
    }

    /** No answer: connection refused or reset (the gateway was down or killed mid-request). */
    void error() {
        errors.incrementAndGet();
    }

    public long sentCount() {
        return sent.get();
    }

    public long errorCount() {
        return errors.get();
    }

    public List<Ack> acks() {
        return List.copyOf(acks);
    }

    public int ackCount() {
        return acks.size();
    }

    /** The 202s received strictly between two {@link System#nanoTime()} readings. */
    public List<Ack> acksBetween(long fromNanos, long toNanos) {
        return acks.stream().filter(a -> a.nanos() > fromNanos && a.nanos() < toNanos).toList();
    }

    public Map<String, Long> refused() {
        Map<String, Long> copy = new TreeMap<>();
        refused.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    public long refusedCount() {
        return refused.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
