package io.hooklane.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.hooklane.ingest.IngestWarmup;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ingest warm-up runs before readiness and leaves nothing behind: no record, no metric, no dedup entry. */
class IngestWarmupEndToEndTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of("hooklane.warmup.webhooks", "3000"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> ready() {
        return gateway.send(gateway.request("/observe/health/ready?exposureLevel=full&data=true").GET().build());
    }

    @Test
    void readiness_turns_up_after_the_warmup_which_leaves_no_trace() {
        HttpResponse<String> ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(IngestWarmupEndToEndTest::ready, r -> r.statusCode() == 200);
        // UP includes the warm-up's own check, which reports what it ran
        assertThat(ready.body()).contains("warmup").contains("\"warmup.webhooks\"");
        assertThat(ready.body()).doesNotContain("\"warmup.webhooks\": 0").doesNotContain("\"warmup.webhooks\":0");

        String brokers = TestKafka.bootstrapServers();
        String events = gateway.property("hooklane.topic.events");
        String ids = gateway.property("hooklane.topic.ingest-ids");
        assertThat(EventTopic.readAll(brokers, events)).as("records on the events topic").isEmpty();
        assertThat(EventTopic.readAll(brokers, ids)).as("records on the ids topic").isEmpty();
        MetricsScrape metrics = MetricsScrape.of(gateway);
        for (String counter : List.of("hooklane_webhooks_received_total", "hooklane_webhooks_accepted_total",
                "hooklane_webhooks_duplicate_total", "hooklane_webhooks_rejected_total")) {
            assertThat(metrics.value(counter)).as(counter).isZero();
        }

        // the first synthetic Stripe webhook, exactly as the warm-up built it, is new to the gateway: not a duplicate
        String event = SamplePayloads.events("stripe").iterator().next();
        SampleRequest first = SampleRequests.build("stripe", "stripe", event, TestGateway.SECRETS.get("stripe"),
                "http://127.0.0.1", Clock.systemUTC(), IngestWarmup.ids());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(first.body()));
        first.headers().forEach(post::header);
        HttpResponse<String> answer = gateway.send(post.build());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(EventTopic.readAll(brokers, events)).hasSize(1);
        assertThat(MetricsScrape.of(gateway).value("hooklane_webhooks_accepted_total", "source", "stripe"))
                .isEqualTo(1.0);
    }
}
