package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The wait for the JIT, on a scripted compilation time and a clock that moves only when it sleeps. */
class JitSettleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    /** Compiler time per look, in milliseconds, in order; the last one repeats. */
    private JitSettle settle(Long... millis) {
        ArrayDeque<Long> script = new ArrayDeque<>(List.of(millis).stream().map(m -> m * 1_000_000).toList());
        return new JitSettle(() -> script.size() > 1 ? script.poll() : script.peek(), now::get, duration -> {
            now.addAndGet(duration.toNanos());
            return true;
        });
    }

    private long in(Duration duration) {
        return now.get() + duration.toNanos();
    }

    @Test
    void waits_while_the_compilers_are_busy_and_ends_once_a_window_is_quiet() {
        // 400, 300, 200 ms of compiling per 500 ms window, then 20: settled after the fourth window
        JitSettle.Result result = settle(0L, 400L, 700L, 900L, 920L).await(Duration.ofSeconds(5),
                in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isTrue();
        assertThat(result.took()).isEqualTo(JitSettle.WINDOW.multipliedBy(4));
        assertThat(result.compiling()).isEqualTo(Duration.ofMillis(920));
    }

    @Test
    void a_window_just_under_a_tenth_busy_is_settled_and_one_at_a_tenth_is_not() {
        long tenth = (long) (JitSettle.WINDOW.toMillis() * JitSettle.BUSY_SHARE);
        JitSettle.Result result = settle(0L, tenth, 2 * tenth - 1).await(Duration.ofSeconds(5),
                in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isTrue();
        assertThat(result.took()).isEqualTo(JitSettle.WINDOW.multipliedBy(2));
    }

    @Test
    void gives_up_at_its_bound_when_the_compilers_stay_busy() {
        AtomicLong busy = new AtomicLong();
        JitSettle settle = new JitSettle(() -> busy.addAndGet(400_000_000L), now::get, duration -> {
            now.addAndGet(duration.toNanos());
            return true;
        });

        JitSettle.Result result = settle.await(Duration.ofSeconds(2), in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isFalse();
        assertThat(result.took()).isLessThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThan(Duration.ofMillis(1_500));
    }

    @Test
    void never_waits_past_the_warmups_deadline() {
        AtomicLong busy = new AtomicLong();
        JitSettle settle = new JitSettle(() -> busy.addAndGet(400_000_000L), now::get, duration -> {
            now.addAndGet(duration.toNanos());
            return true;
        });

        JitSettle.Result result = settle.await(Duration.ofSeconds(5), in(Duration.ofMillis(600)));

        assertThat(result.settled()).isFalse();
        assertThat(result.took()).isLessThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void a_compiler_thread_that_ends_and_takes_its_time_with_it_is_not_a_quiet_window() {
        // 900 ms, then a thread with 600 of them ends: 300, which is less, not quiet; then 310: quiet
        JitSettle.Result result = settle(0L, 900L, 300L, 310L).await(Duration.ofSeconds(5), in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isTrue();
        assertThat(result.took()).isEqualTo(JitSettle.WINDOW.multipliedBy(3));
    }

    @Test
    void a_jvm_that_reports_no_compilation_time_is_settled_at_once() {
        JitSettle.Result result = new JitSettle(null, now::get, duration -> {
            throw new AssertionError("no wait expected");
        }).await(Duration.ofSeconds(5), in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isTrue();
        assertThat(result.took()).isZero();
    }

    @Test
    void an_interrupted_wait_ends_unsettled() {
        JitSettle.Result result = new JitSettle(() -> 0L, now::get, duration -> false)
                .await(Duration.ofSeconds(5), in(Duration.ofSeconds(30)));

        assertThat(result.settled()).isFalse();
    }

    @Test
    void this_jvms_compilers_settle_within_seconds_once_nothing_runs() {
        JitSettle.Result result = JitSettle.ofThisJvm().await(Duration.ofSeconds(20),
                System.nanoTime() + Duration.ofSeconds(30).toNanos());

        assertThat(result.settled()).isTrue();
    }
}
