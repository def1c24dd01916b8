package io.hooklane.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

import io.hooklane.kafka.EmbeddedKafka;

/** One real in-process KRaft broker shared by the end-to-end tests of this JVM. */
public final class TestKafka {

    private static EmbeddedKafka broker;

    private TestKafka() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of("target"), "test-kafka-");
                broker = EmbeddedKafka.start(dir, 0);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the test broker", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
        }
        return broker.bootstrapServers();
    }
}
