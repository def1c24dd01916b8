package io.hooklane.e2e;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway killed with SIGKILL during sustained load, twice, and restarted each time: every event that got a
 * 202 is delivered at least once. The gateway runs as a child JVM against the test broker; duplicates are counted.
 */
class CrashRecoveryTest {

    @Test
    void every_accepted_event_is_delivered_after_kill_9_during_load() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort());
            config.putAll(DeliveryEndToEndTest.fastDelivery(receiver));
            config.put("hooklane.ingest.rate-limit", "0");
            TestGateway client = TestGateway.client(Integer.parseInt(config.get("camel.server.port")));
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            for (int crash = 0; crash < 3; crash++) {
                Process gateway = launch(config, crash);
                try {
                    await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                            client.send(client.request("/observe/health/ready").GET().build()).statusCode() == 200);
                    AtomicBoolean sending = new AtomicBoolean(true);
                    Thread sender = new Thread(() -> {
                        while (sending.get()) {
                            try {
                                HttpResponse<String> response = client.post(
                                        client.signed("stripe").event("customer.updated").build());
                                if (response.statusCode() == 202) {
                                    accepted.add(EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8))
                                            .path("id").asText());
                                }
                            } catch (RuntimeException connectionLost) {
                                // the gateway was killed mid-request: not acknowledged, the sender would retry
                            }
                        }
                    });
                    sender.start();
                    int before = accepted.size();
                    await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= before + 40);
                    if (crash < 2) {
                        gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                    sending.set(false);
                    sender.join(TimeUnit.SECONDS.toMillis(35));
                    if (crash == 2) {
                        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                            for (String id : accepted) {
                                assertThat(receiver.forEvent(id)).as("event " + id).isNotEmpty();
                            }
                        });
                    }
                } finally {
                    gateway.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            long deliveries = receiver.forDestination("crm").size();
            System.out.printf("crash recovery: %d events acknowledged, %d deliveries, %d duplicates%n",
                    accepted.size(), deliveries, deliveries - accepted.size());
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(120);
        }
    }

    private static Process launch(Map<String, String> config, int run) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.hooklane.App");
        Path log = Files.createDirectories(Path.of("target", "crash-recovery")).resolve("gateway-" + run + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(new File(".")).start();
    }
}
