package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.TestKafka;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dispatch loop against a real broker: the inbound topic, consumer group and commits are Kafka's own; the routing
 * step is a test router whose queue writes succeed or fail on demand.
 */
class DispatchLoopTest {

    private final String topic = "dispatch-test-" + UUID.randomUUID();
    private final String group = "dispatch-test-group-" + UUID.randomUUID();
    private final TopicPartition p0 = new TopicPartition(topic, 0);
    private final TopicPartition p1 = new TopicPartition(topic, 1);
    /** per partition, the offsets in the order the router saw them */
    private final Map<Integer, List<Long>> routed = new ConcurrentHashMap<>();
    private final MockProducer<byte[], byte[]> queue = new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    private final String deadLetterTopic = topic + ".deadletter";
    private final List<RoutingFailure> counted = Collections.synchronizedList(new ArrayList<>());
    private KafkaProducer<byte[], byte[]> deadLetterProducer;
    private DispatchLoop.Router router;
    private int maxWriteAttempts = 1000;
    private DispatchLoop loop;
    private Thread thread;

    @BeforeEach
    void createTopic() {
        Topics.ensure(KafkaConnection.plaintext(TestKafka.bootstrapServers()), Set.of(topic), 2, (short) 1);
        Topics.ensure(KafkaConnection.plaintext(TestKafka.bootstrapServers()), Set.of(deadLetterTopic), 1, (short) 1);
        deadLetterProducer = producer();
    }

    @AfterEach
    void stopLoop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            thread.join(TimeUnit.SECONDS.toMillis(20));
        }
        deadLetterProducer.close();
    }

    @Test
    void commits_each_partition_once_its_queue_writes_are_acknowledged() {
        publish(p0, 3);
        publish(p1, 2);

        start((partition, offset) -> CompletableFuture.completedFuture(null));

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(p0) == 3 && committed(p1) == 2);
        assertThat(routed.get(0)).containsExactly(0L, 1L, 2L);
        assertThat(routed.get(1)).containsExactly(0L, 1L);
    }

    @Test
    void a_failed_write_routes_its_event_and_the_rest_of_its_partition_again_while_the_other_partition_moves_on() {
        publish(p0, 3);
        publish(p1, 2);
        Set<Long> failedOnce = ConcurrentHashMap.newKeySet();

        start((partition, offset) -> partition == 0 && offset == 1 && failedOnce.add(offset)
                ? CompletableFuture.failedFuture(new TimeoutException("broker gone"))
                : CompletableFuture.completedFuture(null));

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(p0) == 3 && committed(p1) == 2);
        // offset 1's write failed: 1 and what followed it are routed again, in order; nothing is skipped (2 is routed
        // twice when the first poll had already brought it)
        assertThat(routed.get(0)).isIn(List.of(0L, 1L, 2L, 1L, 2L), List.of(0L, 1L, 1L, 2L));
        assertThat(routed.get(1)).containsExactly(0L, 1L);
    }

    @Test
    void a_rule_that_throws_dead_letters_its_event_at_once_and_the_partition_moves_on() {
        publish(p0, 3);

        start((partition, offset) -> {
            if (offset == 1) {
                throw new IllegalStateException("rule failed");
            }
            return CompletableFuture.completedFuture(null);
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(p0) == 3);
        // routed once each: the failing rule is not retried, the events behind it are not held
        assertThat(routed.get(0)).containsExactly(0L, 1L, 2L);
        List<JsonNode> letters = deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("reason").asText()).isEqualTo("rule_failed");
        assertThat(letters.get(0).path("offset").asLong()).isEqualTo(1);
        assertThat(letters.get(0).path("error").asText()).isEqualTo("IllegalStateException: rule failed");
        assertThat(letters.get(0).path("valueBase64").asText())
                .isEqualTo(java.util.Base64.getEncoder().encodeToString("e1".getBytes()));
        assertThat(counted).containsExactly(RoutingFailure.RULE_FAILED);
    }

    @Test
    void an_event_whose_write_keeps_failing_is_dead_lettered_after_max_write_attempts() {
        maxWriteAttempts = 3;
        publish(p0, 2);

        start((partition, offset) -> offset == 0
                ? CompletableFuture.failedFuture(new TimeoutException("broker gone"))
                : CompletableFuture.completedFuture(null));

        await().atMost(Duration.ofSeconds(20)).until(() -> committed(p0) == 2);
        assertThat(Collections.frequency(routed.get(0), 0L)).isEqualTo(3);
        List<JsonNode> letters = deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).path("reason").asText()).isEqualTo("write_failed");
        assertThat(letters.get(0).path("attempts").asInt()).isEqualTo(3);
        assertThat(letters.get(0).path("error").asText()).isEqualTo("TimeoutException: broker gone");
        assertThat(counted).containsExactly(RoutingFailure.WRITE_FAILED);
    }

    @Test
    void a_retry_after_a_partial_write_failure_writes_only_the_records_not_yet_acknowledged() {
        String queueA = topic + ".a";
        String queueB = topic + ".b";
        Topics.ensure(KafkaConnection.plaintext(TestKafka.bootstrapServers()), Set.of(queueA, queueB), 1, (short) 1);
        publish(p0, 3);
        Set<Long> failedOnce = ConcurrentHashMap.newKeySet();
        try (KafkaProducer<byte[], byte[]> real = producer()) {
            router = (event, batch) -> {
                routed.computeIfAbsent(event.partition(), p -> Collections.synchronizedList(new ArrayList<>()))
                        .add(event.offset());
                // two destinations; the write to B of offset 1 fails once, the one to A always succeeds
                String a = batch.slot(queueA);
                if (a != null) {
                    batch.sent(a, real, real.send(new ProducerRecord<>(queueA, event.value())));
                }
                String b = batch.slot(queueB);
                if (b != null) {
                    batch.sent(b, real, event.offset() == 1 && failedOnce.add(1L)
                            ? CompletableFuture.failedFuture(new TimeoutException("B's leader gone"))
                            : real.send(new ProducerRecord<>(queueB, event.value())));
                }
            };
            start(null);

            await().atMost(Duration.ofSeconds(20)).until(() -> committed(p0) == 3);
            // offset 1 (and 2 when the same poll brought it) were routed twice, yet each queue holds each event once
            // (B got e2's record before the retry of e1's, as it did before the retry: no second copy of either)
            assertThat(Collections.frequency(routed.get(0), 1L)).isEqualTo(2);
            assertThat(values(queueA)).containsExactly("e0", "e1", "e2");
            assertThat(values(queueB)).containsExactlyInAnyOrder("e0", "e1", "e2");
        }
    }

    @Test
    void an_event_that_keeps_failing_is_never_committed_past() {
        publish(p0, 2);

        start((partition, offset) -> offset == 0
                ? CompletableFuture.failedFuture(new TimeoutException("broker gone"))
                : CompletableFuture.completedFuture(null));

        // several retries of offset 0 happen (backoff 10..40 ms), and none moves the committed offset
        await().atMost(Duration.ofSeconds(20)).until(() -> Collections.frequency(routed.getOrDefault(0, List.of()), 0L) >= 4);
        assertThat(committed(p0)).isZero();
    }

    @Test
    void a_loop_that_dies_mid_poll_is_replaced_and_its_events_are_routed_again_not_skipped() {
        publish(p0, 3);
        Set<Long> brokeOnce = ConcurrentHashMap.newKeySet();
        // an Error escapes the routing step (not a failed rule): the whole loop dies after polling offsets 0..2
        RestartingLoop restarting = new RestartingLoop("test routing loop", () -> newLoop((partition, offset) -> {
            if (offset == 1 && brokeOnce.add(offset)) {
                throw new AssertionError("the loop itself broke");
            }
            return CompletableFuture.completedFuture(null);
        }), Duration.ofMillis(10));
        thread = new Thread(restarting, "restarting-dispatch-loop-test");
        thread.start();
        loop = null;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> committed(p0) == 3);
            assertThat(restarting.restarts()).isEqualTo(1);
            // the new loop started from the committed offset: 1 and 2 were routed again, nothing skipped
            assertThat(routed.get(0)).containsSubsequence(1L, 1L, 2L);
        } finally {
            restarting.stop();
        }
    }

    @Test
    void backoff_doubles_up_to_its_maximum() {
        DispatchLoop backoff = new DispatchLoop(topic, null, (r, b) -> { }, null,
                new DispatchLoop.Settings(1000, Duration.ofMillis(500), Duration.ofSeconds(10), 10), Clock.systemUTC());

        assertThat(backoff.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.backoff(5)).isEqualTo(Duration.ofSeconds(8));
        assertThat(backoff.backoff(6)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.backoff(60)).isEqualTo(Duration.ofSeconds(10));
    }

    private void start(BiFunction<Integer, Long, Future<RecordMetadata>> write) {
        loop = newLoop(write);
        thread = new Thread(loop, "dispatch-loop-test");
        thread.start();
    }

    private DispatchLoop newLoop(BiFunction<Integer, Long, Future<RecordMetadata>> write) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        DispatchLoop.Router route = router != null ? router : (event, batch) -> {
            routed.computeIfAbsent(event.partition(), p -> Collections.synchronizedList(new ArrayList<>()))
                    .add(event.offset());
            String slot = batch.slot("queue");
            if (slot != null) {
                batch.sent(slot, queue, write.apply(event.partition(), event.offset()));
            }
        };
        RoutingDeadLetters letters = new RoutingDeadLetters(deadLetterTopic, deadLetterProducer, Clock.systemUTC(),
                counted::add);
        return new DispatchLoop(topic, consumer, route, letters,
                new DispatchLoop.Settings(1000, Duration.ofMillis(10), Duration.ofMillis(40), maxWriteAttempts),
                Clock.systemUTC());
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private List<JsonNode> deadLetters() {
        List<JsonNode> letters = new ArrayList<>();
        for (var record : EventTopic.readAll(TestKafka.bootstrapServers(), deadLetterTopic)) {
            try {
                letters.add(new ObjectMapper().readTree(record.value()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return letters;
    }

    private static List<String> values(String queue) {
        return EventTopic.readAll(TestKafka.bootstrapServers(), queue).stream()
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    private void publish(TopicPartition partition, int count) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, partition.partition(), null, ("e" + i).getBytes()));
            }
            producer.flush();
        }
    }

    private long committed(TopicPartition partition) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>(reader.committed(Set.of(partition)));
            OffsetAndMetadata offset = committed.get(partition);
            return offset == null ? 0 : offset.offset();
        }
    }
}
