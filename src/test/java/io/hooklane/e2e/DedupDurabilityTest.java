package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.hooklane.ingest.IngestDedup;
import io.hooklane.kafka.EmbeddedKafka;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider id counts as seen only once its event is durable: a retry that arrives while the first copy is still
 * being written is never answered 2xx, a failed copy's id never blocks the retry, and the ids other instances learn
 * through the ids topic are only ever ids of acknowledged events.
 */
class DedupDurabilityTest {

    @Test
    void a_retry_during_a_failing_write_is_never_answered_2xx_and_is_accepted_once_the_broker_is_back() throws Exception {
        Path brokerDir = Files.createTempDirectory(Path.of("target"), "dedup-kafka-");
        EmbeddedKafka broker = EmbeddedKafka.start(brokerDir, TestGateway.freePort());
        String brokers = broker.bootstrapServers();
        TestGateway gateway = TestGateway.start(brokers, Map.of());
        try {
            assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode())
                    .isEqualTo(202);
            broker.close();

            SignedWebhook.Request request = gateway.signed("stripe").event("payment.failed").build();
            CompletableFuture<HttpResponse<String>> first = gateway.postAsync(request);
            HttpResponse<String> retry = gateway.post(request);

            // the retry arrived while the first copy waited for the stopped broker: it is not told "duplicate"
            IngestEndToEndTest.assertError(retry, 503, "queue_unavailable");
            assertThat(retry.headers().firstValue("Retry-After")).hasValue("5");
            IngestEndToEndTest.assertError(first.get(30, TimeUnit.SECONDS), 503, "queue_unavailable");

            broker = EmbeddedKafka.start(brokerDir, port(brokers));
            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> accepted = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        HttpResponse<String> r = gateway.post(request);
                        statuses.add(r.statusCode());
                        return r;
                    }, r -> r.statusCode() != 503);
            assertThat(accepted.statusCode()).as("statuses of the retries: " + statuses).isEqualTo(202);
            String id = EventTopic.json(accepted.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
            assertThat(EventTopic.count(brokers, gateway.property("hooklane.topic.events"), id)).isEqualTo(1);
            HttpResponse<String> again = gateway.post(request);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.body()).contains("\"duplicate\"");
        } finally {
            gateway.close();
            broker.close();
        }
    }

    @Test
    void a_retry_during_a_slow_write_is_answered_duplicate_only_once_the_event_is_written() throws Exception {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        // every write takes 3 s before it even leaves the producer: a slow broker, as the sender sees it
        config.put("camel.component.kafka.linger-ms", "3000");
        config.put("camel.component.kafka.delivery-timeout-ms", "8000");
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        try (TestGateway gateway = TestGateway.startWith(config)) {
            SignedWebhook.Request request = gateway.signed("standard").event("payment.failed").build();

            IngestDedup dedup = gateway.gateway().context().getRegistry().lookupByNameAndType("ingestDedup", IngestDedup.class);

            CompletableFuture<HttpResponse<String>> first = gateway.postAsync(request);
            await().atMost(Duration.ofSeconds(10)).until(() -> dedup.writesInProgress() == 1);
            HttpResponse<String> retry = gateway.post(request);
            // at the moment the retry is told "duplicate", the event is on the topic
            long written = EventTopic.count(TestKafka.bootstrapServers(), config.get("hooklane.topic.events"),
                    request.header("webhook-id"));

            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
            assertThat(retry.body()).contains("\"duplicate\"");
            assertThat(written).isEqualTo(1);
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void another_instance_learns_an_id_only_once_its_event_is_durable() throws Exception {
        String brokers = TestKafka.bootstrapServers();
        Map<String, String> config = TestGateway.defaults(brokers, TestGateway.freePort());
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        Map<String, String> secondConfig = new HashMap<>(config);
        secondConfig.put("camel.server.port", String.valueOf(TestGateway.freePort()));
        String secondTopic = config.get("hooklane.topic.events") + "-b";
        secondConfig.put("hooklane.topic.events", secondTopic);
        TestGateway first = TestGateway.startWith(config);
        TestGateway second = TestGateway.startWith(secondConfig);
        try {
            // the first instance's writes now fail (after its delivery timeout); the second's succeed
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
                admin.deleteTopics(List.of(config.get("hooklane.topic.events"))).all().get(30, TimeUnit.SECONDS);
            }
            SignedWebhook.Request request = first.signed("standard").event("payment.failed").build();
            String key = "standard/" + request.header("webhook-id");
            String idsTopic = config.get("hooklane.topic.ingest-ids");

            CompletableFuture<HttpResponse<String>> pending = first.postAsync(request);
            await().atMost(Duration.ofSeconds(30)).until(() -> pending.isDone() || !idRecords(brokers, idsTopic, key).isEmpty());
            HttpResponse<String> retry = second.post(request);

            IngestEndToEndTest.assertError(pending.get(30, TimeUnit.SECONDS), 503, "queue_unavailable");
            assertThat(retry.statusCode()).as("a 2xx must mean a durable event: " + retry.body()).isEqualTo(202);
            assertThat(EventTopic.count(brokers, secondTopic, request.header("webhook-id"))).isEqualTo(1);
            // only the durable copy's id was ever published: no add (and so no remove) for the failed one
            assertThat(idRecords(brokers, idsTopic, key)).extracting(r -> new String(r.value()))
                    .containsExactly("add");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(first.post(request).body()).contains("\"duplicate\""));
        } finally {
            second.close();
            first.close();
        }
    }

    private static List<ConsumerRecord<String, byte[]>> idRecords(String brokers, String topic, String key) {
        return EventTopic.readAll(brokers, topic).stream().filter(r -> key.equals(r.key())).toList();
    }

    private static int port(String brokers) {
        return Integer.parseInt(brokers.substring(brokers.lastIndexOf(':') + 1));
    }
}
