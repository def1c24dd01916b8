package io.hooklane.callback;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs a task once after a delay: the callback timeouts, all on one scheduler (no thread per wait). */
@FunctionalInterface
public interface CallbackTimer {

    /** @return what cancels the task */
    Runnable schedule(Duration delay, Runnable task);

    /** On a scheduler that should drop cancelled tasks at once ({@code setRemoveOnCancelPolicy(true)}). */
    static CallbackTimer on(ScheduledExecutorService scheduler) {
        return (delay, task) -> {
            ScheduledFuture<?> future = scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}
