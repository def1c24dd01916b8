package io.hooklane.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority of the gateway's background threads (routing and delivery) so that the HTTP event
 * loops, which hold senders waiting for their 202, win the CPU when both have work. Without it, Linux shares a busy
 * machine equally among runnable threads: with a delivery backlog, dozens of delivery threads starved two event loops
 * and acknowledgements took seconds (docs/benchmarks.md, fan-out). Linux only: the thread renices itself
 * ({@code renice} on its own thread id, read from {@code /proc/thread-self}); elsewhere, or when that fails, it is a
 * no-op. Lowering a priority needs no privilege.
 */
public final class ThreadPriority {

    private static final Logger LOG = LoggerFactory.getLogger(ThreadPriority.class);
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final ThreadLocal<Boolean> DONE = ThreadLocal.withInitial(() -> false);
    private static volatile int backgroundNice;

    private ThreadPriority() {
    }

    /** @param nice the nice value (0 to 19) background threads take; 0 leaves them as they are */
    public static void configure(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("hooklane.background-thread-nice must be between 0 and 19 but was " + nice);
        }
        backgroundNice = nice;
    }

    /** Called by a background thread before its work: the first call on each thread lowers its priority. */
    public static void background() {
        int target = backgroundNice;
        if (target == 0 || DONE.get()) {
            return;
        }
        DONE.set(true);
        try {
            if (!Files.exists(THREAD_SELF)) {
                return;
            }
            Path self = Files.readSymbolicLink(THREAD_SELF);
            if (currentNice() >= target) {
                return;
            }
            Process renice = new ProcessBuilder("renice", "-n", String.valueOf(target), "-p",
                    self.getFileName().toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(5, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Could not lower the priority of thread {}: {}", Thread.currentThread().getName(), e.toString());
        }
    }

    /** The calling thread's nice value (field 19 of /proc/thread-self/stat), 0 when unknown. */
    static int currentNice() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"));
            // the command name (field 2) is in parentheses and may contain spaces: count fields after its end
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Integer.parseInt(fields[16]);
        } catch (Exception e) {
            return 0;
        }
    }
}
