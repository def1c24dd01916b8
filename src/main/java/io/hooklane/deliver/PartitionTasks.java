package io.hooklane.deliver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one poll's partition tasks and returns once every one of them has ended: one after the other on the calling
 * (loop) thread when there is no pool, else in parallel on the pool, the calling thread running {@code whileWaiting}
 * every {@code interval} until they have.
 */
final class PartitionTasks {

    private final ExecutorService pool;

    /** @param pool the threads to run tasks on; null to run them inline on the caller's thread */
    PartitionTasks(ExecutorService pool) {
        this.pool = pool;
    }

    /**
     * @return the first failure of a task (or of submitting one), null if none; either way every task that was
     *         started has ended, so its results may be read
     * @throws InterruptedException when the caller is interrupted while waiting: the tasks are cancelled and may
     *         still be running, so their results must not be read
     */
    Throwable runAll(List<Callable<Void>> tasks, Duration interval, Runnable whileWaiting)
            throws InterruptedException {
        return pool == null ? runInline(tasks) : runOnPool(tasks, interval, whileWaiting);
    }

    private static Throwable runInline(List<Callable<Void>> tasks) {
        for (Callable<Void> task : tasks) {
            try {
                task.call();
            } catch (Exception | Error e) {
                // the remaining tasks do not run: their partitions are sought back to their first record
                return e;
            }
        }
        return null;
    }

    private Throwable runOnPool(List<Callable<Void>> tasks, Duration interval, Runnable whileWaiting)
            throws InterruptedException {
        List<Future<Void>> started = new ArrayList<>(tasks.size());
        Throwable failure = null;
        for (Callable<Void> task : tasks) {
            try {
                started.add(pool.submit(task));
            } catch (RejectedExecutionException e) {
                // the pool is shutting down (the destination stops): the others are not started either
                failure = e;
                break;
            }
        }
        try {
            for (Future<Void> future : started) {
                try {
                    while (!ended(future, interval)) {
                        whileWaiting.run();
                    }
                } catch (ExecutionException e) {
                    // a task interrupted by the pool's shutdown just stopped early: its batch tells how far it got
                    if (failure == null && !(e.getCause() instanceof InterruptedException)) {
                        failure = e.getCause();
                    }
                }
            }
        } catch (InterruptedException e) {
            started.forEach(f -> f.cancel(true));
            throw e;
        }
        return failure;
    }

    private static boolean ended(Future<Void> future, Duration interval)
            throws InterruptedException, ExecutionException {
        try {
            future.get(interval.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        }
    }
}
