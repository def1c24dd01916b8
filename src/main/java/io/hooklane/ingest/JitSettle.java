package io.hooklane.ingest;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The end of the start-up warm-up: waits, up to a bound, until the JIT's compilers have caught up with what the
 * warm-up made hot. A warm-up leaves a queue of compilations behind it; on 2 cores the one C2 thread was still
 * working through it for seconds after readiness (0.25 to 0.7 of a core), and the first real webhooks ran on slower
 * code beside it. Settled means: over one {@link #WINDOW}, the compiler threads' CPU time grew by less than
 * {@link #BUSY_SHARE} of it. On Linux that time is read per thread from {@code /proc/self/task}
 * ({@link CompilerThreads}): it grows while a compilation runs. Elsewhere the JVM's {@link CompilationMXBean} stands
 * in; it counts a compilation only once it ends, so a long one may pass for quiet. A JVM that reports neither is
 * taken as settled.
 */
final class JitSettle {

    /** How long one look at the compilers lasts. */
    static final Duration WINDOW = Duration.ofMillis(500);
    /** Below this share of a window spent compiling, the compilers are taken as caught up. */
    static final double BUSY_SHARE = 0.10;

    /** What a wait found: whether the compilers settled, how long it took, their CPU time meanwhile. */
    record Result(boolean settled, Duration took, Duration compiling) {
    }

    /** Waits for a window; false when interrupted. */
    interface Sleeper {
        boolean sleep(Duration duration);
    }

    private final LongSupplier compilerNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /**
     * @param compilerNanos the compilers' accumulated time (a thread that ended may take its share with it), or null
     *                      when the JVM does not report it
     */
    JitSettle(LongSupplier compilerNanos, LongSupplier nanoTime, Sleeper sleeper) {
        this.compilerNanos = compilerNanos;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** This JVM's compilers, the system clock, a sleeping thread. */
    static JitSettle ofThisJvm() {
        return new JitSettle(compilerTime(), System::nanoTime, duration -> {
            try {
                Thread.sleep(duration.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    private static LongSupplier compilerTime() {
        CompilerThreads threads = CompilerThreads.ofThisProcess();
        if (threads != null) {
            return threads::cpuNanos;
        }
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? () -> compiler.getTotalCompilationTime() * 1_000_000 : null;
    }

    /** Waits until the compilers settle, at most {@code most} and never past {@code deadline} (System.nanoTime). */
    Result await(Duration most, long deadline) {
        long started = nanoTime.getAsLong();
        if (compilerNanos == null) {
            return new Result(true, Duration.ZERO, Duration.ZERO);
        }
        long until = Math.min(deadline, started + most.toNanos());
        long busyLimit = (long) (WINDOW.toNanos() * BUSY_SHARE);
        long before = compilerNanos.getAsLong();
        long first = before;
        while (until - nanoTime.getAsLong() >= WINDOW.toNanos()) {
            if (!sleeper.sleep(WINDOW)) {
                break;
            }
            long now = compilerNanos.getAsLong();
            // less than before: a compiler thread ended, with its time; not taken as quiet
            if (now >= before && now - before < busyLimit) {
                return new Result(true, Duration.ofNanos(nanoTime.getAsLong() - started),
                        Duration.ofNanos(Math.max(0, now - first)));
            }
            before = now;
        }
        return new Result(false, Duration.ofNanos(nanoTime.getAsLong() - started),
                Duration.ofNanos(Math.max(0, compilerNanos.getAsLong() - first)));
    }
}
