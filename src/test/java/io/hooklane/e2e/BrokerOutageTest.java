package io.hooklane.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.hooklane.kafka.EmbeddedKafka;
import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With its broker gone, the gateway answers 503 with Retry-After, within its bound, and never 202; readiness goes
 * DOWN while liveness stays UP. When the broker is back, the sender's retry of a refused webhook (same id, same
 * signature) is accepted, not answered "duplicate": a refused event's dedup id is forgotten.
 */
class BrokerOutageTest {

    private static Path brokerDir;
    private static EmbeddedKafka broker;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        brokerDir = Files.createTempDirectory(Path.of("target"), "outage-kafka-");
        broker = EmbeddedKafka.start(brokerDir, TestGateway.freePort());
        gateway = TestGateway.start(broker.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
        broker.close();
    }

    @Test
    void answers_503_while_the_broker_is_down_and_accepts_the_senders_retry_once_it_is_back() {
        await().atMost(Duration.ofSeconds(20)).until(() -> get("/observe/health/ready").body().contains("\"UP\""));
        HttpResponse<String> before = gateway.post(gateway.signed("stripe").event("payment.failed").build());
        assertThat(before.statusCode()).as(before.body()).isEqualTo(202);

        String brokers = broker.bootstrapServers();
        int port = Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
        broker.close();

        SignedWebhook.Request refused = gateway.signed("stripe").event("payment.failed").build();
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            HttpResponse<String> during = gateway.post(i == 0 ? refused : gateway.signed("stripe").event("payment.failed").build());
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

        broker = EmbeddedKafka.start(brokerDir, port);
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> retried = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> r = gateway.post(refused);
                    statuses.add(r.statusCode());
                    return r;
                }, r -> r.statusCode() != 503);
        assertThat(retried.statusCode()).as("statuses of the retries: " + statuses + ", last body " + retried.body())
                .isEqualTo(202);
        String id = EventTopic.json(retried.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
        assertThat(EventTopic.awaitEvent(brokers, gateway.property("hooklane.topic.events"), id)).hasSize(1);
        HttpResponse<String> again = gateway.post(refused);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\"");
    }

    private static HttpResponse<String> get(String path) {
        return gateway.send(gateway.request(path).timeout(Duration.ofSeconds(15)).GET().build());
    }
}
