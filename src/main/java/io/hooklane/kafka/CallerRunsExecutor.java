package io.hooklane.kafka;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the calling thread. Given to camel-kafka as the producer's worker pool, it continues an accepted
 * webhook's exchange on the producer's network thread, in the acknowledgement callback, instead of waking one of a
 * pool's threads per event: what follows the send on the ingest path (the 202 responder, the end of the unit of
 * work, and a hand-off to the connection's Vert.x event loop) never blocks.
 */
public final class CallerRunsExecutor extends AbstractExecutorService {

    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
