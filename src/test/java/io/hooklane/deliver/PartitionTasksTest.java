package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartitionTasksTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runs_the_waiting_work_on_the_callers_thread_while_a_task_is_held() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger refreshes = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Callable<Void> held = () -> {
            release.await(10, TimeUnit.SECONDS);
            return null;
        };

        Throwable failure = new PartitionTasks(pool).runAll(List.of(held), Duration.ofMillis(20), () -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            if (refreshes.incrementAndGet() == 3) {
                release.countDown();
            }
        });

        assertThat(failure).isNull();
        assertThat(refreshes.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void does_not_run_the_waiting_work_when_the_tasks_end_in_time() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();

        Throwable failure = new PartitionTasks(pool).runAll(List.of(() -> null, () -> null), Duration.ofSeconds(10),
                refreshes::incrementAndGet);

        assertThat(failure).isNull();
        assertThat(refreshes.get()).isZero();
    }
}
