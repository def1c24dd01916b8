package io.hooklane.a2a;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The A2A tasks waiting for a push, by delivery id ({@code webhook-id}): each with a random token of its own that
 * the agent must present on every push (1.0 §4.3.1 {@code token}, §13.2). At most {@code max} at once (a delivery
 * over the cap is retried later instead of waiting); a task's token is forgotten as soon as its delivery ends.
 */
final class PendingTasks {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a push was received. */
    enum Check { ACCEPTED, UNKNOWN_TASK, MISSING_TOKEN, INVALID_TOKEN }

    private final int max;
    private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    PendingTasks(int max) {
        this.max = max;
    }

    /** Starts waiting for {@code webhookId}'s pushes with a new token, or null when {@code max} tasks wait already. */
    Waiter register(String webhookId) {
        if (size.incrementAndGet() > max) {
            size.decrementAndGet();
            return null;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        Waiter waiter = new Waiter(webhookId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        Waiter previous = waiting.put(webhookId, waiter);
        if (previous != null) {
            size.decrementAndGet();
        }
        return waiter;
    }

    /** Stops waiting (the token is gone: a later push with it is refused as for an unknown task). */
    void forget(Waiter waiter) {
        if (waiting.remove(waiter.webhookId, waiter)) {
            size.decrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    /**
     * Checks a push for {@code webhookId} carrying {@code token}; when accepted and {@code notice} says the task has
     * settled (or does not say), wakes its delivery, which then fetches the task: the pushed body is never the result.
     */
    Check push(String webhookId, String token, TaskReader.Notice notice) {
        Check check = check(webhookId, token);
        if (check == Check.ACCEPTED) {
            Waiter waiter = waiting.get(webhookId);
            if (waiter == null || notice != null && !waiter.concerns(notice)) {
                return Check.UNKNOWN_TASK;
            }
            if (notice == null || notice.state().settled() || notice.state() == TaskState.UNKNOWN) {
                waiter.wake();
            }
        }
        return check;
    }

    /** The token check alone, before the body is read. */
    Check check(String webhookId, String token) {
        Waiter waiter = webhookId == null ? null : waiting.get(webhookId);
        if (waiter == null) {
            return Check.UNKNOWN_TASK;
        }
        if (token == null || token.isBlank()) {
            return Check.MISSING_TOKEN;
        }
        return MessageDigest.isEqual(digest(token.trim()), waiter.tokenDigest) ? Check.ACCEPTED : Check.INVALID_TOKEN;
    }

    private static byte[] digest(String token) {
        try {
            // equal lengths whatever was sent: the comparison's time says nothing about the token
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One delivery waiting for its task: its token, the task's id once known, and the signal a push gives. */
    static final class Waiter {
        private final String webhookId;
        private final String token;
        private final byte[] tokenDigest;
        private volatile String taskId;
        private long wakes;
        private CompletableFuture<Void> signal = new CompletableFuture<>();

        private Waiter(String webhookId, String token) {
            this.webhookId = webhookId;
            this.token = token;
            this.tokenDigest = digest(token);
        }

        String token() {
            return token;
        }

        void taskId(String id) {
            this.taskId = id;
        }

        /** How many accepted pushes said the task settled, so far. */
        synchronized long wakes() {
            return wakes;
        }

        /** Completes at the first such push after the {@code seen}-th (at once if it came already). */
        synchronized CompletableFuture<Void> after(long seen) {
            return wakes > seen ? CompletableFuture.completedFuture(null) : signal;
        }

        private void wake() {
            CompletableFuture<Void> current;
            synchronized (this) {
                wakes++;
                current = signal;
                signal = new CompletableFuture<>();
            }
            current.complete(null);
        }

        /** Whether the push is about this delivery's task (a push that names no task is). */
        private boolean concerns(TaskReader.Notice notice) {
            String known = taskId;
            return notice.taskId() == null || known == null || known.equals(notice.taskId());
        }

        @Override
        public String toString() {
            return "Waiter[" + webhookId + ", token=***]";
        }
    }
}
