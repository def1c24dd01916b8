package io.hooklane.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records on the inbound topic that routing cannot read, and rules that throw, against the real routing route, a
 * real broker and the admin API over real HTTP: they go to the routing dead-letter topic and routing moves on.
 */
class RoutingDeadLetterTest {

    static final String TOKEN = "routing-dead-letter-test-admin-token-0123456789";
    private static final int PARTITIONS = 6;
    private static TestGateway gateway;
    private static AdminClient admin;

    @BeforeAll
    static void start() {
        Map<String, String> config = new HashMap<>();
        config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
        // the shipped routing file and the admin API; events are written to the inbound topic directly
        config.put("camel.main.routes-include-pattern", "file:routes/routing.camel.yaml,file:routes/admin.camel.yaml");
        config.put("hooklane.topic.partitions", String.valueOf(PARTITIONS));
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
        admin = new AdminClient(gateway, TOKEN);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void records_that_are_not_cloud_events_are_dead_lettered_and_the_valid_events_behind_them_are_routed() {
        String events = gateway.property("hooklane.topic.events");
        String run = UUID.randomUUID().toString();
        List<String> validIds = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int p = 0; p < PARTITIONS; p++) {
                // no hooklane.* headers: routing has to read the value, and cannot
                producer.send(new ProducerRecord<>(events, p, key("garbage-" + run),
                        new byte[] {(byte) 0xff, 0, 0x7b, 1}));
                producer.send(new ProducerRecord<>(events, p, key("null-" + run), null));
                producer.send(new ProducerRecord<>(events, p, key("json-" + run),
                        json("{\"hello\":\"not a CloudEvent\"}")));
                for (int i = 0; i < 4; i++) {
                    String id = "evt-" + p + "-" + i + "-" + UUID.randomUUID();
                    validIds.add(id);
                    producer.send(new ProducerRecord<>(events, p, key("cus_" + p), cloudEvent(id, "order.created")));
                }
            }
            producer.flush();
        }

        // all 24 valid events reach their destination's queue promptly, each once
        String crm = gateway.property("hooklane.topic.deliveries-prefix") + "crm";
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(crm).containsAll(validIds));
        assertThat(ids(crm)).hasSize(validIds.size());
        // the other tests of this class add dead letters of their own
        List<JsonNode> letters = deadLetters().stream().filter(l -> l.path("key").asText().endsWith(run)).toList();
        assertThat(letters).hasSize(3 * PARTITIONS);
        assertThat(letters).allSatisfy(l -> assertThat(l.path("reason").asText()).isEqualTo("unreadable_record"));
        assertThat(letters.stream().map(l -> l.path("partition").asInt()).collect(Collectors.toSet()))
                .hasSize(PARTITIONS);
        JsonNode garbage = letters.stream().filter(l -> l.path("key").asText().startsWith("garbage")).findFirst()
                .orElseThrow();
        assertThat(Base64.getDecoder().decode(garbage.path("valueBase64").asText()))
                .isEqualTo(new byte[] {(byte) 0xff, 0, 0x7b, 1});
        assertThat(garbage.path("topic").asText()).isEqualTo(events);
        assertThat(letters.stream().filter(l -> l.path("key").asText().startsWith("null")))
                .allSatisfy(l -> assertThat(l.path("value").isNull()).isTrue());
        assertThat(letters.stream().filter(l -> l.path("key").asText().startsWith("json")))
                .allSatisfy(l -> assertThat(l.path("value").path("hello").asText()).isEqualTo("not a CloudEvent"));
        assertThat(MetricsScrape.scrape(gateway, "hooklane_events_routing_dead_lettered_total",
                "reason", "unreadable_record")).isGreaterThanOrEqualTo(3 * PARTITIONS);
    }

    @Test
    void an_admin_replay_writes_a_routing_dead_letter_back_to_the_inbound_topic_byte_for_byte() {
        String events = gateway.property("hooklane.topic.events");
        byte[] value = json("{\"not\":\"a CloudEvent\",\"n\":1.50}");
        String marker = "replay-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(events, 0, key(marker), value);
            record.headers().add("x-origin", "test".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
            producer.flush();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> entry(marker) != null);
        JsonNode entry = entry(marker);
        assertThat(entry.path("reason").asText()).isEqualTo("unreadable_record");
        assertThat(entry.path("replayable").asBoolean()).isTrue();

        JsonNode replayed = admin.ok(admin.post("/admin/routing/dead-letters/replay",
                "{\"entryId\":\"" + entry.path("entryId").asText() + "\"}"));

        assertThat(replayed.path("replayed").asInt()).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> copies = EventTopic.readAll(TestKafka.bootstrapServers(), events).stream()
                .filter(r -> r.key().equals(marker)).toList();
        assertThat(copies).hasSize(2);
        // written by key like any event, so not necessarily to the partition the test first chose
        ConsumerRecord<String, byte[]> copy = copies.stream().filter(r -> header(r, "hooklane-replayed-from") != null)
                .findFirst().orElseThrow();
        assertThat(copy.value()).isEqualTo(value);
        assertThat(header(copy, "x-origin")).isEqualTo("test");
        assertThat(header(copy, "hooklane-replayed-from"))
                .isEqualTo(gateway.property("hooklane.topic.routing-dead-letters") + "/"
                        + entry.path("entryId").asText());
    }

    @Test
    void the_admin_api_lists_routing_dead_letters_with_their_reason_and_original_position() {
        String events = gateway.property("hooklane.topic.events");
        String marker = "listed-" + UUID.randomUUID();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(events, 1, key(marker), new byte[] {1, 2, 3}));
            producer.flush();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> entry(marker) != null);

        JsonNode entry = entry(marker);
        assertThat(entry.path("entryId").asText()).matches("\\d+-\\d+");
        assertThat(entry.path("original").path("topic").asText()).isEqualTo(events);
        assertThat(entry.path("original").path("partition").asInt()).isEqualTo(1);
        assertThat(entry.path("error").asText()).contains("CloudEvents");
        assertThat(entry.path("eventId").isNull()).isTrue();
        IngestEndToEndTest.assertError(new AdminClient(gateway, null).get("/admin/routing/dead-letters"), 401,
                "unauthorized");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = new io.hooklane.admin.AdminCli(java.net.http.HttpClient.newHttpClient(),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                name -> io.hooklane.admin.AdminToken.KEY.equals(name) ? TOKEN : null)
                .run("--url", gateway.baseUrl(), "dead-letters", "routing", "--limit", "1000");
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(entry.path("entryId").asText() + " ")
                .contains("unreadable_record");
    }

    @Test
    void a_rule_that_throws_on_one_event_dead_letters_that_event_only_and_its_partition_moves_on() {
        Map<String, String> config = new HashMap<>();
        config.put("camel.main.routes-include-pattern", "file:src/test/resources/routes/throwing-rule.camel.yaml");
        try (TestGateway throwing = TestGateway.start(TestKafka.bootstrapServers(), config)) {
            String events = throwing.property("hooklane.topic.events");
            String before = "evt-before-" + UUID.randomUUID();
            String poison = "evt-poison-" + UUID.randomUUID();
            String after = "evt-after-" + UUID.randomUUID();
            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                producer.send(new ProducerRecord<>(events, 0, key("cus_1"), withTier(before)));
                // no $.data.tier: the JSONPath rule throws PathNotFoundException on this one
                producer.send(new ProducerRecord<>(events, 0, key("cus_1"), cloudEvent(poison, "order.created")));
                producer.send(new ProducerRecord<>(events, 0, key("cus_1"), withTier(after)));
                producer.flush();
            }

            String prefix = throwing.property("hooklane.topic.deliveries-prefix");
            await().atMost(Duration.ofSeconds(30)).until(() -> ids(prefix + "pricing").contains(after));
            assertThat(ids(prefix + "pricing")).containsExactlyInAnyOrder(before, after);
            // the rule before the throwing one wrote its record; routed once, not retried: no second copy
            assertThat(EventTopic.readAll(TestKafka.bootstrapServers(), prefix + "crm"))
                    .extracting(r -> EventTopic.json(r.value()).path("id").asText())
                    .containsExactly(before, poison, after);
            List<JsonNode> letters = EventTopic.readAll(TestKafka.bootstrapServers(),
                    throwing.property("hooklane.topic.routing-dead-letters")).stream()
                    .map(r -> EventTopic.json(r.value())).toList();
            assertThat(letters).hasSize(1);
            JsonNode letter = letters.get(0);
            assertThat(letter.path("reason").asText()).isEqualTo("rule_failed");
            assertThat(letter.path("error").asText()).startsWith("PathNotFoundException");
            assertThat(letter.path("offset").asLong()).isEqualTo(1);
            assertThat(letter.path("value").path("id").asText()).isEqualTo(poison);
            assertThat(letter.path("writes").get(0).asText()).isEqualTo(prefix + "crm");
            assertThat(MetricsScrape.scrape(throwing, "hooklane_events_routing_dead_lettered_total",
                    "reason", "rule_failed")).isEqualTo(1.0);
        }
    }

    private static byte[] withTier(String id) {
        return json("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"test\",\"type\":\"order.created\","
                + "\"subject\":\"cus_1\",\"data\":{\"tier\":\"gold\"}}");
    }

    private static JsonNode entry(String key) {
        for (JsonNode e : admin.ok(admin.get("/admin/routing/dead-letters?limit=1000")).path("entries")) {
            if (key.equals(e.path("original").path("key").asText())) {
                return e;
            }
        }
        return null;
    }

    private static List<JsonNode> deadLetters() {
        return EventTopic.readAll(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.routing-dead-letters"))
                .stream().map(r -> EventTopic.json(r.value())).toList();
    }

    static Set<String> ids(String topic) {
        return EventTopic.readAll(TestKafka.bootstrapServers(), topic).stream()
                .map(r -> EventTopic.json(r.value()).path("id").asText()).collect(Collectors.toSet());
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static byte[] cloudEvent(String id, String type) {
        return json("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"test\",\"type\":\"" + type
                + "\",\"subject\":\"cus_1\",\"datacontenttype\":\"application/json\",\"data\":{\"n\":1}}");
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }
}
