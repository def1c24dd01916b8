package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PartitionTasksTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final Queue<Thread> ranOn = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void a_poll_with_one_partition_runs_on_the_calling_thread() throws Exception {
        Throwable failure = new PartitionTasks(pool, 2).runAll(List.of(recording()));

        assertThat(failure).isNull();
        assertThat(ranOn).containsExactly(Thread.currentThread());
    }

    @Test
    void the_calling_thread_delivers_beside_the_pool_so_pool_size_plus_one_run_at_once() throws Exception {
        CountDownLatch allThreeRunning = new CountDownLatch(3);
        AtomicInteger sawTheOthers = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.add(() -> {
                ranOn.add(Thread.currentThread());
                allThreeRunning.countDown();
                if (allThreeRunning.await(5, TimeUnit.SECONDS)) {
                    sawTheOthers.incrementAndGet();
                }
                return null;
            });
        }

        Throwable failure = new PartitionTasks(pool, 2).runAll(tasks);

        assertThat(failure).isNull();
        assertThat(sawTheOthers).hasValue(3);
        assertThat(ranOn).hasSize(3).doesNotHaveDuplicates().contains(Thread.currentThread());
    }

    @Test
    void a_failed_task_is_returned_and_every_other_task_still_runs() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            throw boom;
        });
        for (int i = 0; i < 5; i++) {
            tasks.add(recording());
        }

        Throwable failure = new PartitionTasks(pool, 2).runAll(tasks);

        assertThat(failure).isSameAs(boom);
        assertThat(ranOn).hasSize(5);
    }

    @Test
    void without_a_pool_the_tasks_run_in_order_on_the_calling_thread_until_one_fails() throws Exception {
        List<Integer> order = new ArrayList<>();
        List<Callable<Void>> tasks = List.of(
                () -> {
                    order.add(1);
                    return null;
                },
                () -> {
                    throw new IllegalStateException("second");
                },
                () -> {
                    order.add(3);
                    return null;
                });

        Throwable failure = new PartitionTasks(null, 0).runAll(tasks);

        assertThat(failure).hasMessage("second");
        assertThat(order).containsExactly(1);
    }

    private Callable<Void> recording() {
        return () -> {
            ranOn.add(Thread.currentThread());
            return null;
        };
    }
}
