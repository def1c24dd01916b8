package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiler threads' CPU time, from a /proc/self/task laid out as Linux lays it out, and from this JVM's own. */
class CompilerThreadsTest {

    @TempDir
    Path tasks;

    private void task(int tid, String name, long utime, long stime) throws IOException {
        Path task = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(task.resolve("comm"), name + "\n");
        // proc(5): pid (comm) state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(task.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 120 0 0 0 " + utime + " "
                + stime + " 0 0 20 0 30 0 2537429 3133440 377\n");
    }

    @Test
    void sums_user_and_system_time_of_the_c1_and_c2_compiler_threads_only() throws IOException {
        task(101, "C2 CompilerThre", 250, 12);
        task(102, "C1 CompilerThre", 40, 3);
        task(103, "vert.x-eventloo", 900, 80);
        // a name with a space and a parenthesis: the fields are counted after the last ')'
        task(104, "odd) name (x", 7, 7);

        CompilerThreads threads = new CompilerThreads(tasks);

        assertThat(threads.count()).isEqualTo(2);
        assertThat(threads.cpuNanos()).isEqualTo((250 + 12 + 40 + 3) * CompilerThreads.NANOS_PER_TICK);
    }

    @Test
    void reads_a_name_with_spaces_and_parentheses_by_the_fields_after_it() throws IOException {
        task(7, "odd) name (x", 31, 4);

        assertThat(CompilerThreads.ticks(tasks.resolve("7"))).isEqualTo(35);
    }

    @Test
    void a_thread_gone_between_the_listing_and_the_read_counts_nothing() {
        assertThat(CompilerThreads.ticks(tasks.resolve("999"))).isZero();
        assertThat(new CompilerThreads(tasks).cpuNanos()).isZero();
    }

    @Test
    void this_jvms_compiler_threads_are_found_on_linux_with_the_time_they_took() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc");
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) {
            sum += Integer.toString(i).hashCode(); // code for the JIT to compile, beside JUnit's own
        }

        CompilerThreads threads = CompilerThreads.ofThisProcess();

        assertThat(sum).isNotZero();
        assertThat(threads).isNotNull();
        assertThat(threads.count()).isPositive();
        assertThat(threads.cpuNanos()).isPositive();
    }
}
