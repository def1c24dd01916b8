package io.hooklane.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hooklane.e2e.TestGateway;

import static org.awaitility.Awaitility.await;

/**
 * A gateway in a child JVM ({@link ChildGateway}: {@code io.hooklane.App} on the test classpath, configured with
 * {@code -D} properties),
 * so a test can kill it with SIGKILL or run two side by side. Its output goes to {@code target/faults/<name>.log}.
 */
public final class GatewayProcess implements AutoCloseable {

    /** The exit status of a JVM killed by signal 9. */
    public static final int SIGKILL_EXIT = 128 + 9;

    /**
     * Options for a gateway JVM that starts quickly on 2 cores shared with the test JVM and its broker: only the
     * client compiler (start-up spends its CPU compiling, and the load a test puts on a gateway needs no peak code),
     * the serial collector (no concurrent GC threads competing for the cores) and the JDK's class data archive.
     * They change how the JVM runs Java code, not how it dies: SIGKILL still ends it at once, without shutdown hooks.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto");

    private final Process process;
    private final TestGateway client;
    private final Path log;

    private GatewayProcess(Process process, TestGateway client, Path log) {
        this.process = process;
        this.client = client;
        this.log = log;
    }

    public static GatewayProcess start(Map<String, String> config, String name) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildGateway.class.getName());
        try {
            Path log = Files.createDirectories(Path.of("target", "faults")).resolve(name + ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new GatewayProcess(process, TestGateway.client(Integer.parseInt(config.get("camel.server.port"))), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a gateway JVM", e);
        }
    }

    /** Waits until {@code /observe/health/ready} answers 200 (Kafka reachable, routes started). */
    public GatewayProcess awaitReady(Duration atMost) {
        await("gateway " + log.getFileName() + " ready").atMost(atMost).pollInterval(Duration.ofMillis(250))
                .failFast("the gateway JVM exited; see " + log, () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> client.send(client.request("/observe/health/ready").timeout(Duration.ofSeconds(5))
                        .GET().build()).statusCode() == 200);
        return this;
    }

    public TestGateway client() {
        return client;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no graceful stop. Returns the exit status. */
    public int kill9() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gateway JVM survived SIGKILL for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill9();
        }
    }
}
