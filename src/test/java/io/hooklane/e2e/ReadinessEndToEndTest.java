package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.hooklane.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness follows the broker: UP while Kafka answers, DOWN once it is gone; liveness stays UP. Own broker. */
class ReadinessEndToEndTest {

    private static EmbeddedKafka broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory(Path.of("target"), "readiness-kafka-"), 0);
        gateway = TestGateway.start(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        broker.close();
    }

    @Test
    void readiness_goes_down_when_the_broker_stops_while_liveness_stays_up() {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/observe/health/ready").body().contains("\"UP\""));

        broker.close();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = get("/observe/health/ready");
            assertThat(ready.body()).contains("\"DOWN\"");
            assertThat(ready.statusCode()).isEqualTo(503);
        });
        HttpResponse<String> live = get("/observe/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("\"UP\"");
    }

    private static HttpResponse<String> get(String path) {
        return gateway.send(gateway.request(path).timeout(Duration.ofSeconds(15)).GET().build());
    }
}
