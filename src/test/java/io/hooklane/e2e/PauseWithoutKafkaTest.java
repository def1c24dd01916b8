package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.hooklane.kafka.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A pause the control topic cannot take is refused with 503 and changes nothing; once Kafka is back it is taken. */
class PauseWithoutKafkaTest {

    @Test
    void a_pause_while_kafka_is_down_answers_503_kafka_unavailable_and_changes_nothing() throws Exception {
        Path brokerDir = Files.createTempDirectory(Path.of("target"), "pause-kafka-");
        EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, TestGateway.freePort());
        String brokers = broker.bootstrapServers();
        int port = Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
        TestGateway gateway = TestGateway.start(brokers, Map.of("HOOKLANE_ADMIN_TOKEN", AdminApiTest.TOKEN,
                "hooklane.admin.kafka-timeout-millis", "1000"));
        AdminClient admin = new AdminClient(gateway, AdminApiTest.TOKEN);
        try {
            broker.close();
            long started = System.nanoTime();
            HttpResponse<String> refused = admin.post("/admin/destinations/crm/pause", null);
            IngestEndToEndTest.assertError(refused, 503, "kafka_unavailable");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(admin.destination("crm").path("paused").asBoolean()).isFalse();

            broker = EmbeddedKafka.start(brokerDir, port);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> admin.post("/admin/destinations/crm/pause", null).statusCode() == 200);
            assertThat(admin.destination("crm").path("paused").asBoolean()).isTrue();
        } finally {
            gateway.close();
            broker.close();
        }
    }
}
