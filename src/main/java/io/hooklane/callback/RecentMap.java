package io.hooklane.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A map of what happened recently, bounded two ways: an entry leaves after {@code ttl}, and the oldest leave while
 * there are more than {@code maxSize} entries. Thread-safe.
 */
final class RecentMap<V> {

    private record Held<V>(V value, Instant at) {
    }

    private final LinkedHashMap<String, Held<V>> entries = new LinkedHashMap<>();
    private final int maxSize;
    private final Duration ttl;
    private final Clock clock;

    RecentMap(int maxSize, Duration ttl, Clock clock) {
        this.maxSize = maxSize;
        this.ttl = ttl;
        this.clock = clock;
    }

    synchronized void put(String key, V value) {
        remove(key);
        entries.put(key, new Held<>(value, clock.instant()));
        evict();
    }

    /** Adds the entry unless the key is held already; answers whether it was added. */
    synchronized boolean add(String key, V value) {
        if (get(key).isPresent()) {
            return false;
        }
        put(key, value);
        return true;
    }

    synchronized Optional<V> get(String key) {
        evict();
        Held<V> held = entries.get(key);
        return held == null ? Optional.empty() : Optional.of(held.value());
    }

    synchronized Optional<V> remove(String key) {
        Held<V> held = entries.remove(key);
        return held == null ? Optional.empty() : Optional.of(held.value());
    }

    synchronized int size() {
        evict();
        return entries.size();
    }

    private void evict() {
        Instant oldest = clock.instant().minus(ttl);
        Iterator<Map.Entry<String, Held<V>>> eldest = entries.entrySet().iterator();
        while (eldest.hasNext()) {
            Held<V> held = eldest.next().getValue();
            if (entries.size() <= maxSize && !held.at().isBefore(oldest)) {
                return;
            }
            eldest.remove();
        }
    }
}
