package io.hooklane.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time of this JVM's JIT compiler threads ({@code C1 CompilerThread*}, {@code C2 CompilerThread*}), read
 * from Linux's {@code /proc/self/task/<tid>/comm} and {@code stat}. The JVM's own figure counts a compilation only when
 * it ends; this one grows while it runs. Resolution: the kernel's clock tick (10 ms).
 */
final class CompilerThreads {

    /** Linux's USER_HZ, the unit of a task's utime and stime, 100 on every architecture Java runs on. */
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Path tasks;

    CompilerThreads(Path tasks) {
        this.tasks = tasks;
    }

    /** This process's compiler threads, or null where there is no {@code /proc} or no compiler thread in it. */
    static CompilerThreads ofThisProcess() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return null;
        }
        CompilerThreads threads = new CompilerThreads(tasks);
        return threads.count() > 0 ? threads : null;
    }

    /** The user and system CPU time of the compiler threads alive now, in nanoseconds; -1 when unreadable. */
    long cpuNanos() {
        long ticks = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                if (isCompiler(task)) {
                    ticks += ticks(task);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * NANOS_PER_TICK;
    }

    int count() {
        int count = 0;
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path task : all) {
                if (isCompiler(task)) {
                    count++;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return count;
    }

    private static boolean isCompiler(Path task) {
        try {
            String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8);
            return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
        } catch (IOException e) {
            return false; // the thread ended meanwhile
        }
    }

    /** utime + stime, fields 14 and 15 of stat, counted after the parenthesised name (which may hold spaces). */
    static long ticks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended meanwhile
        }
    }
}
