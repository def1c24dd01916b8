package io.hooklane.kafka;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartingLoopTest {

    @Test
    void a_loop_that_fails_is_replaced_by_a_new_one_until_stopped() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch thirdRunning = new CountDownLatch(1);
        RestartingLoop restarting = new RestartingLoop("test loop", () -> {
            int number = made.incrementAndGet();
            return new TestLoop(() -> {
                if (number < 3) {
                    throw new IllegalStateException("loop " + number + " broke");
                }
                thirdRunning.countDown();
            });
        }, Duration.ofMillis(10));

        runUntilThenStop(restarting, thirdRunning);

        assertThat(made.get()).isEqualTo(3);
        assertThat(restarting.restarts()).isEqualTo(2);
    }

    @Test
    void a_loop_that_cannot_be_made_is_tried_again() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        RestartingLoop restarting = new RestartingLoop("test loop", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("no resolvable bootstrap urls");
            }
            return new TestLoop(running::countDown);
        }, Duration.ofMillis(10));

        runUntilThenStop(restarting, running);

        assertThat(attempts.get()).isEqualTo(2);
        assertThat(restarting.restarts()).isEqualTo(1);
    }

    @Test
    void a_stopped_loop_is_not_replaced() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        RestartingLoop restarting = new RestartingLoop("test loop", () -> {
            made.incrementAndGet();
            return new TestLoop(running::countDown);
        }, Duration.ofMillis(10));

        runUntilThenStop(restarting, running);

        assertThat(made.get()).isEqualTo(1);
        assertThat(restarting.restarts()).isZero();
    }

    /** Runs the restarting loop on a thread until {@code reached}, stops it and checks that its thread ended. */
    private static void runUntilThenStop(RestartingLoop restarting, CountDownLatch reached) throws InterruptedException {
        Thread thread = new Thread(restarting);
        thread.start();
        assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
        restarting.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).as("the restarting loop's thread ended after stop()").isFalse();
    }

    /** Runs {@code work}, then (unless it threw) blocks like a consumer loop until stopped. */
    private static final class TestLoop implements RestartingLoop.Loop {
        private final Runnable work;
        private final CountDownLatch stopped = new CountDownLatch(1);

        TestLoop(Runnable work) {
            this.work = work;
        }

        @Override
        public void run() {
            work.run();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void stop() {
            stopped.countDown();
        }
    }
}
