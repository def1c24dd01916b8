package io.hooklane.e2e;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.sender.SamplePayloads;
import io.hooklane.sender.SampleRequest;
import io.hooklane.sender.SampleRequests;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README's routing examples, copied out of README.md into a routing file as they stand, run through the real dispatch
 * route and a real broker against every sample payload of every source, ingested over real HTTP: no event is
 * dead-lettered or left unrouted, and the events the examples describe reach their queue.
 */
class ReadmeRoutingExamplesTest {

    private static final List<String> SOURCES = List.of("standard", "stripe", "shopify", "woocommerce", "github",
            "square", "paddle", "generic", "acp", "ucp");

    @Test
    void readme_routing_examples_route_every_sample_payload_without_dead_letters() throws Exception {
        Path routing = readmeRoutingFile();
        Map<String, String> config = new HashMap<>();
        config.put("camel.main.routes-include-pattern",
                "file:routes/ingest.camel.yaml,file:routes/sources.camel.yaml,file:" + routing);
        // no trusted UCP profile: the dev profile trusts the demo key bin/send's UCP samples are signed with
        config.put("UCP_TRUSTED_PROFILES", "");
        try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), config)) {
            int posted = 0;
            for (String source : SOURCES) {
                for (String event : SamplePayloads.events(source)) {
                    SampleRequest request = SampleRequests.build(source, source, event, TestGateway.SECRETS.get(source),
                            gateway.baseUrl(), Clock.systemUTC(), SampleRequests.randomIds());
                    HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(request.url()))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
                    request.headers().forEach(http::header);
                    HttpResponse<String> response = gateway.send(http.build());
                    assertThat(response.statusCode()).as(source + " " + event + ": " + response.body()).isEqualTo(202);
                    posted++;
                }
            }
            assertThat(posted).isGreaterThanOrEqualTo(SOURCES.size());

            String events = gateway.property("hooklane.topic.events");
            String group = gateway.property("hooklane.group-prefix") + "dispatch";
            // nothing stuck: the routing group commits the whole inbound topic
            await().atMost(Duration.ofSeconds(30)).until(() -> fullyCommitted(events, group));
            assertThat(EventTopic.readAll(TestKafka.bootstrapServers(),
                    gateway.property("hooklane.topic.routing-dead-letters"))).isEmpty();
            Set<String> expected = new HashSet<>();
            for (var record : EventTopic.readAll(TestKafka.bootstrapServers(), events)) {
                JsonNode event = EventTopic.json(record.value());
                if (orderOver50Dollars(event) || stripeCheckoutSession(event)) {
                    expected.add(event.path("id").asText());
                }
            }
            // the Standard Webhooks order sample totals $76.32: the first example has something to match
            assertThat(expected).isNotEmpty();
            assertThat(RoutingDeadLetterTest.ids(gateway.property("hooklane.topic.deliveries-prefix") + "pricing"))
                    .isEqualTo(expected);
        }
    }

    /** What README says its first example selects: order.created with data.data.total_amount over 5000. */
    private static boolean orderOver50Dollars(JsonNode event) {
        JsonNode amount = event.path("data").path("data").path("total_amount");
        return "order.created".equals(event.path("type").asText()) && amount.isNumber()
                && amount.decimalValue().compareTo(BigDecimal.valueOf(5000)) > 0;
    }

    private static boolean stripeCheckoutSession(JsonNode event) {
        return "stripe".equals(event.path("source").asText())
                && event.path("type").asText().startsWith("stripe.checkout.");
    }

    /** README's "Routing" yaml example between the shipped route's first and last step. */
    private static Path readmeRoutingFile() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String routing = readme.substring(readme.indexOf("\n## Routing"), readme.indexOf("\n## Destinations"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(routing);
        assertThat(block.find()).as("README's Routing section has a yaml example").isTrue();
        String file = """
                - route:
                    id: dispatch-events
                    from:
                      uri: "hooklane-dispatch:{{hooklane.topic.events}}"
                      parameters:
                        groupId: "{{hooklane.group-prefix}}dispatch"
                      steps:
                        - process:
                            ref: eventAttributes
                """ + block.group(1) + """
                        - process:
                            ref: unroutedEvents
                """;
        Path dir = Files.createTempDirectory(Path.of("target"), "readme-routing-");
        Path path = dir.resolve("routing.camel.yaml");
        Files.writeString(path, file);
        return path;
    }

    private static boolean fullyCommitted(String topic, String group) throws Exception {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            Map<TopicPartition, Long> end = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS)
                    .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            return partitions.stream().allMatch(p -> end.get(p) == 0
                    || committed.get(p) != null && committed.get(p).offset() == end.get(p));
        }
    }
}
