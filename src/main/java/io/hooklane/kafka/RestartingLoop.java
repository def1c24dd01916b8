package io.hooklane.kafka;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a consumer loop running until it is stopped: when a loop ends with an unexpected exception, it starts a new
 * one (with a new Kafka consumer) after a pause. The new consumer starts from the group's committed offsets, so the
 * records the failed loop had polled but not finished are read again instead of skipped, and a destination or the
 * routing stage never stops silently while the gateway reports itself healthy.
 */
public final class RestartingLoop implements Runnable {

    /** A consumer loop: {@link Runnable#run()} returns once {@link #stop()} was called, or throws. */
    public interface Loop extends Runnable {
        void stop();
    }

    private static final Logger LOG = LoggerFactory.getLogger(RestartingLoop.class);

    private final String name;
    private final Supplier<Loop> factory;
    private final Duration pause;
    private volatile boolean stopped;
    private volatile Loop current;
    private volatile int restarts;

    public RestartingLoop(String name, Supplier<Loop> factory, Duration pause) {
        this.name = name;
        this.factory = factory;
        this.pause = pause;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                // making the loop (its Kafka consumer) can fail too, e.g. while a broker address does not resolve
                Loop loop = factory.get();
                current = loop;
                if (stopped) {
                    // stop() came while the loop was being made: it returns at once
                    loop.stop();
                }
                loop.run();
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                if (stopped) {
                    return;
                }
                restarts++;
                LOG.error("{} failed ({}); it starts again from the committed offsets in {} ms", name, e.toString(),
                        pause.toMillis(), e);
            }
            if (stopped) {
                return;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public void stop() {
        stopped = true;
        Loop loop = current;
        if (loop != null) {
            loop.stop();
        }
    }

    /** How many times a loop failed and was replaced. */
    public int restarts() {
        return restarts;
    }
}
