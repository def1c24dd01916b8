package io.hooklane.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ThreadPriorityTest {

    @AfterEach
    void reset() {
        ThreadPriority.configure(0);
    }

    @Test
    void a_background_thread_lowers_its_own_priority_and_leaves_other_threads_alone() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        ThreadPriority.configure(7);

        assertThat(niceOfANewBackgroundThread()).isEqualTo(7);
        assertThat(ThreadPriority.currentNice()).as("the test's own thread").isZero();
    }

    @Test
    void does_nothing_when_configured_to_zero() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self")), "Linux only");
        ThreadPriority.configure(0);

        assertThat(niceOfANewBackgroundThread()).isZero();
    }

    @Test
    void refuses_a_nice_value_outside_0_to_19_naming_the_key() {
        assertThatThrownBy(() -> ThreadPriority.configure(20))
                .hasMessageContaining("hooklane.background-thread-nice").hasMessageContaining("20");
        assertThatThrownBy(() -> ThreadPriority.configure(-1)).hasMessageContaining("-1");
    }

    /** Starts a thread that calls {@link ThreadPriority#background()} and answers the nice value it then has. */
    private static int niceOfANewBackgroundThread() throws InterruptedException {
        AtomicInteger nice = new AtomicInteger(-1);
        Thread thread = new Thread(() -> {
            ThreadPriority.background();
            nice.set(ThreadPriority.currentNice());
        });
        thread.start();
        thread.join(10_000);
        return nice.get();
    }
}
