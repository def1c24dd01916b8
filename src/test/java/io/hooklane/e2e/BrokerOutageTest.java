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

/**
 * With its broker gone, the gateway answers 503 with Retry-After, within its bound, and never 202; readiness goes
 * DOWN while liveness stays UP.
 */
class BrokerOutageTest {

    private static EmbeddedKafka broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafka.start(Files.createTempDirectory(Path.of("target"), "outage-kafka-"), 0);
        gateway = TestGateway.start(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        broker.close();
    }

    @Test
    void answers_503_queue_unavailable_and_never_202_and_is_not_ready_while_the_broker_is_down() {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/observe/health/ready").body().contains("\"UP\""));
        HttpResponse<String> before = gateway.post(gateway.signed("stripe").event("payment.failed").build());
        assertThat(before.statusCode()).as(before.body()).isEqualTo(202);

        broker.close();

        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            HttpResponse<String> during = gateway.post(gateway.signed("stripe").event("payment.failed").build());
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            IngestEndToEndTest.assertError(during, 503, "queue_unavailable");
            assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }

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
