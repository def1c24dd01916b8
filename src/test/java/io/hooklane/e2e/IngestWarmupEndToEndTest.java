package io.hooklane.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hooklane.ingest.IngestComponent;
import io.hooklane.ingest.WarmupPass;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ingest warm-up over loopback HTTP through every source's route (the in-process fallback then not run) runs before
 * readiness and leaves nothing behind but its records on the warm-up topic: no event, no metric, no dedup entry.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IngestWarmupEndToEndTest {

    private static final int OVER_HTTP = 400;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of("hooklane.warmup.webhooks", "3000",
                "hooklane.warmup.http-webhooks", String.valueOf(OVER_HTTP), "hooklane.warmup.max-seconds", "60"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> ready() {
        return gateway.send(gateway.request("/observe/health/ready?exposureLevel=full&data=true").GET().build());
    }

    @Test
    @Order(1)
    void readiness_turns_up_after_the_warmup_which_leaves_no_trace() {
        HttpResponse<String> ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(IngestWarmupEndToEndTest::ready, r -> r.statusCode() == 200);
        // UP includes the warm-up's own check, which reports what it ran: over HTTP, so not the in-process fallback
        assertThat(ready.body()).containsPattern("\"warmup.http-webhooks\" ?: ?" + OVER_HTTP + "\\b");
        assertThat(ready.body()).containsPattern("\"warmup.webhooks\" ?: ?0\\b");

        String brokers = TestKafka.bootstrapServers();
        String events = gateway.property("hooklane.topic.events");
        String ids = gateway.property("hooklane.topic.ingest-ids");
        assertThat(EventTopic.readAll(brokers, events)).as("records on the events topic").isEmpty();
        assertThat(EventTopic.readAll(brokers, ids)).as("records on the ids topic").isEmpty();
        // every source's route took the webhooks over HTTP: their CloudEvents are on the warm-up topic only
        List<ConsumerRecord<String, byte[]>> warmup = EventTopic.readAll(brokers,
                gateway.property("hooklane.topic.warmup"));
        assertThat(warmup).hasSize(OVER_HTTP);
        assertThat(warmup.stream().map(r -> EventTopic.json(r.value()).path("source").asText()).distinct())
                .as("CloudEvent sources on the warm-up topic").hasSizeGreaterThanOrEqualTo(8);
        MetricsScrape metrics = MetricsScrape.of(gateway);
        for (String counter : List.of("hooklane_webhooks_received_total", "hooklane_webhooks_accepted_total",
                "hooklane_webhooks_duplicate_total", "hooklane_webhooks_rejected_total")) {
            assertThat(metrics.value(counter)).as(counter).isZero();
        }

        // the first real webhook after the warm-up is the first counted and the first on the events topic
        HttpResponse<String> answer = gateway.post(gateway.signed("stripe").event("payment.failed").build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(EventTopic.readAll(brokers, events)).hasSize(1);
        assertThat(MetricsScrape.of(gateway).value("hooklane_webhooks_accepted_total", "source", "stripe"))
                .isEqualTo(1.0);
    }

    @Test
    @Order(2)
    void after_readiness_the_warmup_token_is_an_ordinary_header() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(IngestWarmupEndToEndTest::ready, r -> r.statusCode() == 200);
        WarmupPass pass = gateway.gateway().context().getComponent("hooklane-ingest", IngestComponent.class)
                .warmupPass();
        assertThat(pass.isOpen()).isFalse();
        // this start's own token, from loopback: the webhook is counted and its event goes to the events topic
        String event = SamplePayloads.events("shopify").iterator().next();
        SampleRequest webhook = SampleRequests.build("shopify", "shopify", event, TestGateway.SECRETS.get("shopify"),
                "http://127.0.0.1", Clock.systemUTC(), SampleRequests.randomIds());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/webhooks/shopify"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body()))
                .header(WarmupPass.HEADER, pass.token());
        webhook.headers().forEach(post::header);
        double before = MetricsScrape.of(gateway).value("hooklane_webhooks_accepted_total", "source", "shopify");
        HttpResponse<String> answer = gateway.send(post.build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String id = EventTopic.json(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("id").asText();
        assertThat(EventTopic.awaitEvent(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.events"), id))
                .isNotEmpty();
        assertThat(MetricsScrape.of(gateway).value("hooklane_webhooks_accepted_total", "source", "shopify"))
                .isEqualTo(before + 1);
    }
}
