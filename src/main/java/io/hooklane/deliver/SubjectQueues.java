package io.hooklane.deliver;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The per-subject scheduler: one queue per key, in arrival order, of which only the head may be worked on. A key is
 * ready when its head is free to start; {@link #take} hands out the head of the key ready longest and the key stays
 * busy until {@link #done} (the head is finished: the next one becomes ready) or {@link #again} (the same head may
 * start again, e.g. after its retry backoff). Keys are independent: one busy or parked key holds up only its own
 * queue. Not thread-safe: the delivery loop's thread uses it.
 *
 * @param <K> the key (equal keys share a queue)
 * @param <T> the work items
 */
final class SubjectQueues<K, T> {

    private final Map<K, ArrayDeque<T>> queues = new HashMap<>();
    private final LinkedHashSet<K> ready = new LinkedHashSet<>();
    private int size;

    /** Appends {@code item} to its key's queue. */
    void add(K key, T item) {
        ArrayDeque<T> queue = queues.get(key);
        if (queue == null) {
            queue = new ArrayDeque<>();
            queues.put(key, queue);
            ready.add(key);
        }
        queue.addLast(item);
        size++;
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** The head of the key ready longest, which becomes busy; null when no key is ready. */
    T take() {
        Iterator<K> first = ready.iterator();
        if (!first.hasNext()) {
            return null;
        }
        K key = first.next();
        first.remove();
        return queues.get(key).peekFirst();
    }

    /** The key's head is finished: removed, and the key's next item (if any) is ready. */
    void done(K key) {
        ArrayDeque<T> queue = queues.get(key);
        if (queue == null) {
            return;
        }
        queue.pollFirst();
        size--;
        if (queue.isEmpty()) {
            queues.remove(key);
        } else {
            ready.add(key);
        }
    }

    /** The key's head may start again (it stays the head). */
    void again(K key) {
        if (queues.containsKey(key)) {
            ready.add(key);
        }
    }

    /** Removes every key matching {@code which} with its whole queue; returns the items removed. */
    List<T> removeKeys(Predicate<K> which) {
        List<T> removed = new ArrayList<>();
        for (Iterator<Map.Entry<K, ArrayDeque<T>>> it = queues.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, ArrayDeque<T>> entry = it.next();
            if (which.test(entry.getKey())) {
                removed.addAll(entry.getValue());
                size -= entry.getValue().size();
                ready.remove(entry.getKey());
                it.remove();
            }
        }
        return removed;
    }

    /** Items held, heads included. */
    int size() {
        return size;
    }

    /** Keys with at least one item. */
    int keys() {
        return queues.size();
    }
}
