package io.hooklane.ingest;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The end of the start-up warm-up: waits, up to a bound, until the JIT's compilers have caught up with what the
 * warm-up made hot. A warm-up leaves a queue of compilations behind it; on 2 cores the one C2 thread was still
 * working through it for seconds after readiness (0.25 to 0.7 of a core), and the first real webhooks ran on slower
 * code beside it. Settled means: over one {@link #WINDOW}, the compilers' time (summed over their threads, from the
 * JVM's {@link CompilationMXBean}) grew by less than {@link #BUSY_SHARE} of it. A JVM that does not report
 * compilation time is taken as settled.
 */
final class JitSettle {

    /** How long one look at the compilers lasts. */
    static final Duration WINDOW = Duration.ofMillis(250);
    /** Below this share of a window spent compiling, the compilers are taken as caught up. */
    static final double BUSY_SHARE = 0.10;

    /** What a wait found. */
    record Result(boolean settled, Duration took) {
    }

    /** Waits for a window; false when interrupted. */
    interface Sleeper {
        boolean sleep(Duration duration);
    }

    private final LongSupplier compilationMillis;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    /**
     * @param compilationMillis the compilers' accumulated time, or null when the JVM does not report it
     */
    JitSettle(LongSupplier compilationMillis, LongSupplier nanoTime, Sleeper sleeper) {
        this.compilationMillis = compilationMillis;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    /** This JVM's compilers, the system clock, a sleeping thread. */
    static JitSettle ofThisJvm() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        LongSupplier millis = compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler::getTotalCompilationTime : null;
        return new JitSettle(millis, System::nanoTime, duration -> {
            try {
                Thread.sleep(duration.toMillis());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Waits until the compilers settle, at most {@code most} and never past {@code deadline} (System.nanoTime). */
    Result await(Duration most, long deadline) {
        long started = nanoTime.getAsLong();
        if (compilationMillis == null) {
            return new Result(true, Duration.ZERO);
        }
        long until = Math.min(deadline, started + most.toNanos());
        long busyLimit = (long) (WINDOW.toMillis() * BUSY_SHARE);
        long before = compilationMillis.getAsLong();
        while (until - nanoTime.getAsLong() >= WINDOW.toNanos()) {
            if (!sleeper.sleep(WINDOW)) {
                break;
            }
            long now = compilationMillis.getAsLong();
            if (now - before < busyLimit) {
                return new Result(true, Duration.ofNanos(nanoTime.getAsLong() - started));
            }
            before = now;
        }
        return new Result(false, Duration.ofNanos(nanoTime.getAsLong() - started));
    }
}
