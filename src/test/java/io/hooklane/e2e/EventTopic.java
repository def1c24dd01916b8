package io.hooklane.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import static org.awaitility.Awaitility.await;

/** Reads a topic from the beginning with a plain Kafka consumer, to check what the gateway really wrote. */
public final class EventTopic {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventTopic() {
    }

    /** Every record of the topic, read from the start until the end offsets seen now. */
    public static List<ConsumerRecord<String, byte[]>> readAll(String brokers, String topic) {
        return readAll(brokers, Map.of(), topic);
    }

    /** As above, with more client settings (a secured cluster's). */
    public static List<ConsumerRecord<String, byte[]>> readAll(String brokers, Map<String, Object> settings,
                                                               String topic) {
        Map<String, Object> config = new java.util.HashMap<>(settings);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The records whose CloudEvent id is {@code id}, waiting up to 10 s for at least one. */
    public static List<ConsumerRecord<String, byte[]>> awaitEvent(String brokers, String topic, String id) {
        List<List<ConsumerRecord<String, byte[]>>> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<ConsumerRecord<String, byte[]>> matching = readAll(brokers, topic).stream()
                    .filter(r -> id.equals(json(r.value()).path("id").asText())).toList();
            found.add(matching);
            return !matching.isEmpty();
        });
        return found.get(found.size() - 1);
    }

    public static long count(String brokers, String topic, String id) {
        return readAll(brokers, topic).stream().filter(r -> id.equals(json(r.value()).path("id").asText())).count();
    }

    public static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("record is not JSON", e);
        }
    }
}
