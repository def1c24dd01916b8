package io.hooklane.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.spi.ExecutorServiceManager;

/**
 * The consumer loops of one endpoint (routing, or one destination's delivery), each a {@link RestartingLoop} on a
 * thread of its own from Camel's executor service manager, stopped together: a stop lets each loop finish its poll
 * (up to 45 s) before the threads are interrupted.
 */
public final class LoopThreads {

    private final ExecutorServiceManager manager;
    private final ExecutorService executor;
    private final List<RestartingLoop> loops = new ArrayList<>();

    public LoopThreads(ExecutorServiceManager manager, Object source, String threadName, int count) {
        this.manager = manager;
        this.executor = manager.newFixedThreadPool(source, threadName, count);
    }

    public void start(RestartingLoop loop) {
        loops.add(loop);
        executor.submit(loop);
    }

    public void stop() throws InterruptedException {
        loops.forEach(RestartingLoop::stop);
        executor.shutdown();
        if (!executor.awaitTermination(45, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
        manager.shutdown(executor);
        loops.clear();
    }
}
