package io.hooklane.deliver;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * A hard deadline for one delivery attempt: connection, request, response headers and body together. The HTTP
 * client's own timeouts restart with every byte, so a receiver that trickles its answer would hold the attempt (and
 * its partition) for as long as it likes; at the deadline this aborts the request on the client's side (its
 * connection is closed), wherever the attempt is, and {@link #passed()} says the attempt timed out.
 *
 * <p>The attempt runs on one thread: {@link #start} marks that thread, and {@link AttemptDeadlineConfigurer} hands
 * the HTTP request the thread then executes to {@link #watch}. One timer thread serves every destination.
 */
final class AttemptDeadline implements AutoCloseable {

    private static final ThreadLocal<AttemptDeadline> CURRENT = new ThreadLocal<>();
    private static final ScheduledExecutorService TIMER = timer();

    private final Duration timeout;
    private final ScheduledFuture<?> expiry;
    private Cancellable request;
    private boolean passed;

    private AttemptDeadline(Duration timeout) {
        this.timeout = timeout;
        this.expiry = TIMER.schedule(this::expire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Starts the deadline of the attempt about to run on this thread; close it when the attempt has ended. */
    static AttemptDeadline start(Duration timeout) {
        AttemptDeadline deadline = new AttemptDeadline(timeout);
        CURRENT.set(deadline);
        return deadline;
    }

    /** The deadline of the attempt running on this thread, or null outside a delivery attempt. */
    static AttemptDeadline current() {
        return CURRENT.get();
    }

    /** The HTTP request of this attempt: aborted at the deadline (at once if the deadline has passed already). */
    void watch(Cancellable request, ExecRuntime runtime) {
        Cancellable abort = () -> {
            boolean cancelled = request != null && request.cancel();
            runtime.discardEndpoint();
            return cancelled;
        };
        boolean late;
        synchronized (this) {
            this.request = abort;
            late = passed;
        }
        if (late) {
            abort.cancel();
        }
    }

    /** Whether the deadline passed before the attempt ended: whatever the attempt reported, it timed out. */
    synchronized boolean passed() {
        return passed;
    }

    Duration timeout() {
        return timeout;
    }

    private void expire() {
        Cancellable abort;
        synchronized (this) {
            passed = true;
            abort = request;
        }
        if (abort != null) {
            abort.cancel();
        }
    }

    @Override
    public void close() {
        expiry.cancel(false);
        CURRENT.remove();
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hooklane-attempt-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
