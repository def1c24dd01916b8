package io.hooklane.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import io.hooklane.deliver.KafkaRetryMemory;
import io.hooklane.deliver.RetryMemory;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The retry memory on the real broker: what one instance remembers, a restarted or another instance recalls. */
class KafkaRetryMemoryTest {

    private static final Duration KAFKA = Duration.ofSeconds(60);
    private final KafkaConnection kafka = KafkaConnection.plaintext(TestKafka.bootstrapServers());
    private final String topic = "retries-" + Long.toString(System.nanoTime(), 36);
    private final Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(90);

    private KafkaRetryMemory started() {
        Topics.ensure(kafka, Set.of(topic), 1, (short) 1, Map.of("cleanup.policy", "compact"));
        KafkaRetryMemory memory = new KafkaRetryMemory(topic, kafka, Duration.ofSeconds(10), Duration.ofHours(48),
                10_000, Clock.systemUTC());
        memory.start();
        return memory;
    }

    @Test
    void a_remembered_retry_is_recalled_by_a_fresh_instance_after_a_restart() {
        KafkaRetryMemory before = started();
        before.remember("msg_a", new RetryMemory.Entry(3, first));
        before.remember("msg_b", new RetryMemory.Entry(1, first));
        before.stop();

        KafkaRetryMemory after = started();
        try {
            assertThat(after.recall("msg_a")).contains(new RetryMemory.Entry(3, first));
            assertThat(after.recall("msg_b")).contains(new RetryMemory.Entry(1, first));
            assertThat(after.recall("msg_never")).isEmpty();
            assertThat(after.failedWrites()).isZero();
        } finally {
            after.stop();
        }
    }

    @Test
    void the_time_the_next_attempt_is_due_is_recalled_after_a_restart() {
        Instant due = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusSeconds(40);
        KafkaRetryMemory before = started();
        before.remember("msg_backing_off", new RetryMemory.Entry(4, first, due));
        before.stop();

        KafkaRetryMemory after = started();
        try {
            assertThat(after.recall("msg_backing_off")).contains(new RetryMemory.Entry(4, first, due));
        } finally {
            after.stop();
        }
    }

    @Test
    void a_forgotten_retry_is_gone_after_a_restart() {
        KafkaRetryMemory before = started();
        before.remember("msg_delivered", new RetryMemory.Entry(4, first));
        before.remember("msg_waiting", new RetryMemory.Entry(2, first));
        before.forget("msg_delivered");
        assertThat(before.recall("msg_delivered")).isEmpty();
        before.stop();

        KafkaRetryMemory after = started();
        try {
            assertThat(after.recall("msg_delivered")).isEmpty();
            assertThat(after.recall("msg_waiting")).contains(new RetryMemory.Entry(2, first));
        } finally {
            after.stop();
        }
    }

    @Test
    void another_instances_write_is_known_within_seconds() {
        KafkaRetryMemory one = started();
        KafkaRetryMemory other = started();
        try {
            one.remember("msg_moved", new RetryMemory.Entry(5, first));
            await().atMost(KAFKA).until(() -> other.recall("msg_moved").isPresent());
            assertThat(other.recall("msg_moved")).contains(new RetryMemory.Entry(5, first));

            // the other instance takes the event over, retries once more, then delivers it
            other.remember("msg_moved", new RetryMemory.Entry(6, first));
            await().atMost(KAFKA).until(() -> one.recall("msg_moved").map(RetryMemory.Entry::attempts).orElse(0) == 6);
            other.forget("msg_moved");
            await().atMost(KAFKA).until(() -> one.recall("msg_moved").isEmpty());
        } finally {
            one.stop();
            other.stop();
        }
    }

    @Test
    void a_corrupt_record_is_skipped_with_a_log_line() {
        Topics.ensure(kafka, Set.of(topic), 1, (short) 1, Map.of("cleanup.policy", "compact"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producerConfig(Map.of()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "msg_corrupt", "{\"attempts\":\"many\"".getBytes(
                    StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topic, "msg_good", ("{\"attempts\":2,\"firstAttempt\":\"" + first
                    + "\"}").getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        try (LogCapture logs = new LogCapture()) {
            KafkaRetryMemory memory = started();
            try {
                assertThat(memory.recall("msg_corrupt")).isEmpty();
                assertThat(memory.recall("msg_good")).as("a record without nextAttempt: due at once")
                        .contains(new RetryMemory.Entry(2, first, null));
                assertThat(logs.text()).contains("Skipping an unreadable retry record at " + topic + "-0@0");
            } finally {
                memory.stop();
            }
        }
    }

    @Test
    void retries_older_than_the_longest_budget_are_not_held() {
        KafkaRetryMemory memory = started();
        try {
            memory.remember("msg_ancient", new RetryMemory.Entry(40, Instant.now().minus(Duration.ofHours(49))));
            assertThat(memory.recall("msg_ancient")).isEmpty();
        } finally {
            memory.stop();
        }
    }
}
