package io.hooklane.deliver;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one poll's partition tasks and returns once every one of them has ended. Without a pool they run one after
 * the other on the calling (loop) thread. With a pool the calling thread works too: the tasks go into one queue, at
 * most {@code poolThreads} helpers from the pool take tasks from it while the caller does the same, so a poll with one
 * partition wakes no other thread and {@code poolThreads + 1} partitions are delivered at once.
 */
final class PartitionTasks {

    private final ExecutorService pool;
    private final int poolThreads;

    /**
     * @param pool        the helper threads; null to run every task inline on the caller's thread
     * @param poolThreads how many of the pool's threads one call may use at once (its size)
     */
    PartitionTasks(ExecutorService pool, int poolThreads) {
        if (pool != null && poolThreads < 1) {
            throw new IllegalArgumentException("poolThreads must be at least 1 with a pool, not " + poolThreads);
        }
        this.pool = pool;
        this.poolThreads = poolThreads;
    }

    /**
     * @return the first failure of a task (or of starting a helper), null if none; either way every task has ended,
     *         so its results may be read
     * @throws InterruptedException when the caller is interrupted (while running a task or waiting for the helpers):
     *         the helpers are cancelled and may still be running, so the tasks' results must not be read
     */
    Throwable runAll(List<Callable<Void>> tasks) throws InterruptedException {
        return pool == null || tasks.size() < 2 ? runInline(tasks) : runShared(tasks);
    }

    private static Throwable runInline(List<Callable<Void>> tasks) throws InterruptedException {
        for (Callable<Void> task : tasks) {
            try {
                task.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception | Error e) {
                // the remaining tasks do not run: their partitions are sought back to their first record
                return e;
            }
        }
        return null;
    }

    private Throwable runShared(List<Callable<Void>> tasks) throws InterruptedException {
        Queue<Callable<Void>> queue = new ConcurrentLinkedQueue<>(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> helpers = new ArrayList<>(poolThreads);
        for (int i = 0; i < Math.min(poolThreads, tasks.size() - 1); i++) {
            try {
                helpers.add(pool.submit(() -> drain(queue, failure)));
            } catch (RejectedExecutionException e) {
                // the pool is shutting down (the destination stops): the caller and the helpers started take the rest
                failure.compareAndSet(null, e);
                break;
            }
        }
        try {
            if (drain(queue, failure)) {
                throw new InterruptedException("interrupted while delivering a partition");
            }
            for (Future<?> helper : helpers) {
                try {
                    helper.get();
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause()); // drain catches everything: not expected
                }
            }
        } catch (InterruptedException e) {
            helpers.forEach(f -> f.cancel(true));
            throw e;
        }
        return failure.get();
    }

    /**
     * Runs queued tasks until the queue is empty, keeping the first failure.
     *
     * @return true if the running thread was interrupted (it stops taking tasks; a helper interrupted by the pool's
     *         shutdown just stopped early, its batch tells how far it got)
     */
    private static boolean drain(Queue<Callable<Void>> queue, AtomicReference<Throwable> failure) {
        Callable<Void> task;
        while ((task = queue.poll()) != null) {
            try {
                task.call();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } catch (Exception | Error e) {
                failure.compareAndSet(null, e);
            }
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
        }
        return false;
    }
}
