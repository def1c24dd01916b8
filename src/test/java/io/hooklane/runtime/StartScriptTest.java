package io.hooklane.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hooklane} passes the start-up archive that the JDK it starts can read: run with bash against a
 * {@code JAVA_HOME} whose {@code bin/java} answers {@code -version} like a real JDK and prints the arguments it gets.
 */
class StartScriptTest {

    @TempDir
    Path dir;

    @Test
    void passes_the_aot_cache_to_a_jdk_25() throws Exception {
        Path jar = gateway("hooklane.aot", "hooklane.jsa");

        assertThat(start(jdk("25.0.3"), jar)).containsExactly(
                "-XX:AOTCache=" + jar.resolveSibling("hooklane.aot"), "-Xmx64m", "-jar", jar.toString(), "--flag");
    }

    @Test
    void passes_the_class_data_sharing_archive_to_a_jdk_17_even_beside_an_aot_cache() throws Exception {
        Path jar = gateway("hooklane.aot", "hooklane.jsa");

        assertThat(start(jdk("17.0.15"), jar)).containsExactly(
                "-XX:SharedArchiveFile=" + jar.resolveSibling("hooklane.jsa"), "-Xmx64m", "-jar", jar.toString(),
                "--flag");
    }

    @Test
    void starts_a_jdk_17_without_an_archive_when_there_is_only_an_aot_cache() throws Exception {
        Path jar = gateway("hooklane.aot");

        assertThat(start(jdk("17.0.15"), jar)).containsExactly("-Xmx64m", "-jar", jar.toString(), "--flag");
    }

    @Test
    void starts_without_an_archive_when_there_is_none() throws Exception {
        Path jar = gateway();

        assertThat(start(jdk("25"), jar)).containsExactly("-Xmx64m", "-jar", jar.toString(), "--flag");
    }

    /** A directory with hooklane.jar and the named archives beside it; returns the jar. */
    private Path gateway(String... archives) throws IOException {
        Path home = Files.createDirectories(dir.resolve("app"));
        for (String archive : archives) {
            Files.writeString(home.resolve(archive), "not a real archive");
        }
        return Files.writeString(home.resolve("hooklane.jar"), "not a real jar");
    }

    /** A JAVA_HOME whose java prints {@code version} on -version and else its arguments, one per line. */
    private Path jdk(String version) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("jdk-" + version).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\n"
                + "if [[ \"$1\" == -version ]]; then echo 'openjdk version \"" + version + "\" 2026-01-20' >&2; exit 0; fi\n"
                + "printf '%s\\n' \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    private List<String> start(Path javaHome, Path jar) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", Path.of("bin/hooklane").toAbsolutePath().toString(),
                "--flag").redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", javaHome.toString());
        env.put("HOOKLANE_JAR", jar.toString());
        env.put("JAVA_OPTS", "-Xmx64m");
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }
}
