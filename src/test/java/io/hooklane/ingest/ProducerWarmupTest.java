package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hooklane.event.EventEnvelope;
import io.hooklane.kafka.SharedProducerClientFactory.OpenProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The producer warm-up against Kafka's own MockProducer: what it sends, how much it holds, when it stops. */
class ProducerWarmupTest {

    private static final String TOPIC = "hooklane.warmup";
    private static final Node NODE = new Node(0, "127.0.0.1", 9092);
    private static final Cluster THREE_PARTITIONS = new Cluster("c", List.of(NODE), List.of(
            new PartitionInfo(TOPIC, 0, NODE, new Node[] {NODE}, new Node[] {NODE}),
            new PartitionInfo(TOPIC, 1, NODE, new Node[] {NODE}, new Node[] {NODE}),
            new PartitionInfo(TOPIC, 2, NODE, new Node[] {NODE}, new Node[] {NODE})), java.util.Set.of(),
            java.util.Set.of());
    private static final List<AcceptedEvent> EVENTS = List.of(
            new AcceptedEvent(new EventEnvelope("evt_1", "stripe", "payment.succeeded", "cus_1"), "cus_1",
                    "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8)),
            new AcceptedEvent(new EventEnvelope("42", "shopify", "order.created", null), "42",
                    "{\"id\":\"42\"}".getBytes(StandardCharsets.UTF_8)));

    private static OpenProducer strings(MockProducer<String, String> producer) {
        return open(producer, StringSerializer.class, StringSerializer.class);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OpenProducer open(MockProducer<?, ?> producer, Class<?> keys, Class<?> values) {
        return new OpenProducer((Producer) producer, keys.getName(), values.getName());
    }

    private static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    @Test
    void sends_the_records_asked_over_every_partition_with_each_events_key_value_and_attributes() {
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, true, null,
                new StringSerializer(), new StringSerializer());

        ProducerWarmup.Result result = new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 12, 4)
                .run(in(Duration.ofSeconds(30)));

        assertThat(result.sent()).isEqualTo(12);
        assertThat(result.acknowledged()).isEqualTo(12);
        assertThat(result.firstFailure()).isNull();
        List<ProducerRecord<String, String>> sent = producer.history();
        assertThat(sent).hasSize(12).allSatisfy(r -> assertThat(r.topic()).isEqualTo(TOPIC));
        assertThat(sent).extracting(ProducerRecord::partition).containsOnly(0, 1, 2);
        assertThat(sent.stream().filter(r -> r.partition() == 2)).hasSize(4);
        assertThat(sent).extracting(ProducerRecord::key).containsOnly("cus_1", "42");
        assertThat(sent).extracting(ProducerRecord::value).containsOnly("{\"id\":\"evt_1\"}", "{\"id\":\"42\"}");
        ProducerRecord<String, String> stripe = sent.get(0);
        assertThat(new String(stripe.headers().lastHeader(EventEnvelope.TYPE_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("payment.succeeded");
        assertThat(new String(stripe.headers().lastHeader(EventEnvelope.ID_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("evt_1");
        // each record its own headers: the producer makes a sent record's headers read-only
        assertThat(sent.get(0).headers()).isNotSameAs(sent.get(2).headers());
    }

    @Test
    void sends_bytes_to_a_producer_whose_serializers_take_bytes() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(THREE_PARTITIONS, true, null,
                new ByteArraySerializer(), new ByteArraySerializer());

        ProducerWarmup.Result result = new ProducerWarmup(List.of(open(producer, ByteArraySerializer.class,
                ByteArraySerializer.class)), TOPIC, EVENTS, 2, 2).run(in(Duration.ofSeconds(30)));

        assertThat(result.acknowledged()).isEqualTo(2);
        assertThat(producer.history()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("{\"id\":\"evt_1\"}", "{\"id\":\"42\"}");
        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactly("cus_1", "42");
    }

    @Test
    void keeps_no_more_records_unacknowledged_than_asked() throws Exception {
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, false, null,
                new StringSerializer(), new StringSerializer());
        CompletableFuture<ProducerWarmup.Result> run = CompletableFuture.supplyAsync(() ->
                new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 10, 4).run(in(Duration.ofSeconds(30))));

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 4);
        assertThat(run).isNotDone();
        producer.completeNext();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 5);
        // the run waits for a permit again: five sent, one acknowledged, four in flight
        assertThat(producer.history()).hasSize(5);
        while (!run.isDone()) {
            if (!producer.completeNext()) {
                Thread.onSpinWait();
            }
        }

        ProducerWarmup.Result result = run.get(10, TimeUnit.SECONDS);
        assertThat(result.sent()).isEqualTo(10);
        assertThat(result.acknowledged()).isEqualTo(10);
    }

    @Test
    void stops_at_the_first_failed_record_and_says_why() throws Exception {
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, false, null,
                new StringSerializer(), new StringSerializer());
        CompletableFuture<ProducerWarmup.Result> run = CompletableFuture.supplyAsync(() ->
                new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 1_000, 2).run(in(Duration.ofSeconds(30))));

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2);
        producer.errorNext(new NotEnoughReplicasException("2 of 3 replicas in sync"));
        // nothing else is acknowledged: the run ends on the failure, not at its deadline 30 s away

        ProducerWarmup.Result result = run.get(10, TimeUnit.SECONDS);
        assertThat(result.firstFailure()).contains("NotEnoughReplicasException").contains("2 of 3 replicas in sync");
        assertThat(result.sent()).isLessThan(1_000);
        assertThat(result.acknowledged()).isLessThan(result.sent());
    }

    @Test
    void ends_at_its_deadline_when_the_broker_acknowledges_nothing() {
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, false, null,
                new StringSerializer(), new StringSerializer());

        ProducerWarmup.Result result = new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 1_000, 8)
                .run(in(Duration.ofMillis(300)));

        assertThat(result.sent()).isEqualTo(8);
        assertThat(result.acknowledged()).isZero();
        assertThat(result.firstFailure()).isNull();
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_send_that_throws_ends_the_run_with_its_reason() {
        // as a real producer's send does when its buffer stays full beyond max.block.ms, or a serializer refuses
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, true, null,
                new StringSerializer(), new StringSerializer());
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("buffer full for 2000 ms");

        ProducerWarmup.Result result = new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 100, 4)
                .run(in(Duration.ofSeconds(30)));

        assertThat(result.sent()).isZero();
        assertThat(result.acknowledged()).isZero();
        assertThat(result.firstFailure()).contains("TimeoutException").contains("buffer full for 2000 ms");
        assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void a_failure_to_read_the_topics_partitions_is_reported_and_nothing_is_sent() {
        MockProducer<String, String> producer = new MockProducer<>(THREE_PARTITIONS, true, null,
                new StringSerializer(), new StringSerializer());
        producer.partitionsForException = new org.apache.kafka.common.errors.TimeoutException("no metadata");

        ProducerWarmup.Result result = new ProducerWarmup(List.of(strings(producer)), TOPIC, EVENTS, 100, 4)
                .run(in(Duration.ofSeconds(30)));

        assertThat(result.sent()).isZero();
        assertThat(result.firstFailure()).contains("no metadata");
        assertThat(producer.history()).isEmpty();
    }
}
