package io.hooklane.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.hooklane.deliver.DeadLetterState;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The dead-letter entries that are no longer open, read from the compacted state topic that every instance writes
 * (admin replays and discards, deliveries of replayed events): {@link DeadLetterState}. Each call first reads what
 * was added to the topic since the last one (the first call reads it all), so every instance answers from the same
 * states, and a restart loses none. Holds one small entry per closed dead letter in memory.
 */
final class DeadLetterStates implements AutoCloseable {

    private final String stateTopic;
    private final Duration timeout;
    private final Supplier<KafkaConsumer<byte[], byte[]>> newConsumer;
    private final Supplier<Producer<byte[], byte[]>> producer;
    /** dead-letter topic → partition → offset → state */
    private final Map<String, Map<Integer, NavigableMap<Long, DeadLetterState>>> states = new HashMap<>();
    private KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param newConsumer makes a consumer (no group, nothing committed) to read the state topic with
     * @param producer    the shared producer (acks=all) states are written with
     */
    DeadLetterStates(String stateTopic, Duration timeout, Supplier<KafkaConsumer<byte[], byte[]>> newConsumer,
                     Supplier<Producer<byte[], byte[]>> producer) {
        this.stateTopic = stateTopic;
        this.timeout = timeout;
        this.newConsumer = newConsumer;
        this.producer = producer;
    }

    /** The closed entries of one partition of a dead-letter topic, by offset, as of now. */
    synchronized NavigableMap<Long, DeadLetterState> closed(String deadLetterTopic, int partition) {
        catchUp();
        return closedSeen(deadLetterTopic, partition);
    }

    /** As {@link #closed} without reading the topic again: for the rest of one admin call. */
    synchronized NavigableMap<Long, DeadLetterState> closedSeen(String deadLetterTopic, int partition) {
        NavigableMap<Long, DeadLetterState> found = states.getOrDefault(deadLetterTopic, Map.of()).get(partition);
        return found == null ? new TreeMap<>() : new TreeMap<>(found);
    }

    /** Closed entries of a partition within {@code [from, to)}, without reading the topic again. */
    synchronized long closedBetween(String deadLetterTopic, int partition, long from, long to) {
        NavigableMap<Long, DeadLetterState> found = states.getOrDefault(deadLetterTopic, Map.of()).get(partition);
        return found == null || from >= to ? 0 : found.subMap(from, true, to, false).size();
    }

    /** Reads what the state topic got since the last call, up to its current end. */
    synchronized void catchUp() {
        KafkaConsumer<byte[], byte[]> reader = consumer();
        Map<TopicPartition, Long> ends = reader.endOffsets(reader.assignment(), timeout);
        long deadline = System.nanoTime() + timeout.multipliedBy(6).toNanos();
        while (ends.entrySet().stream().anyMatch(e -> reader.position(e.getKey(), timeout) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("could not read " + stateTopic + " within "
                        + timeout.multipliedBy(6).toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
                apply(record.key(), DeadLetterState.parse(record.value()));
            }
        }
    }

    /** Writes {@code state} for each key ({@code null}: the entry is open again), acks=all, and waits for all. */
    void write(List<String> keys, DeadLetterState state) throws Exception {
        if (keys.isEmpty()) {
            return;
        }
        byte[] value = state == null ? null : state.toJson();
        Producer<byte[], byte[]> out = producer.get();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (String key : keys) {
            sent.add(out.send(new ProducerRecord<>(stateTopic, key.getBytes(StandardCharsets.UTF_8), value)));
        }
        long deadline = System.nanoTime() + timeout.multipliedBy(3).toNanos();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new AdminException(503, "kafka_unavailable", "could not record the dead-letter entries' state ("
                        + cause.getClass().getSimpleName() + "); no event was replayed, try again");
            }
        }
        synchronized (this) {
            keys.forEach(k -> apply(k.getBytes(StandardCharsets.UTF_8), state));
        }
    }

    private void apply(byte[] keyBytes, DeadLetterState state) {
        if (keyBytes == null) {
            return;
        }
        String key = new String(keyBytes, StandardCharsets.UTF_8);
        int slash = key.lastIndexOf('/');
        int dash = key.lastIndexOf('-');
        if (slash < 1 || dash < slash) {
            return;
        }
        int partition;
        long offset;
        try {
            partition = Integer.parseInt(key.substring(slash + 1, dash));
            offset = Long.parseLong(key.substring(dash + 1));
        } catch (NumberFormatException e) {
            return;
        }
        Map<Integer, NavigableMap<Long, DeadLetterState>> topic = states.computeIfAbsent(key.substring(0, slash),
                t -> new HashMap<>());
        if (state == null) {
            NavigableMap<Long, DeadLetterState> partitionStates = topic.get(partition);
            if (partitionStates != null) {
                partitionStates.remove(offset);
            }
        } else {
            topic.computeIfAbsent(partition, p -> new TreeMap<>()).put(offset, state);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        if (consumer != null && consumer.assignment().isEmpty()) {
            // the topic was not known yet when the consumer was made: look again
            consumer.close(Duration.ZERO);
            consumer = null;
        }
        if (consumer == null) {
            KafkaConsumer<byte[], byte[]> created = newConsumer.get();
            try {
                List<PartitionInfo> infos = created.partitionsFor(stateTopic, timeout);
                List<TopicPartition> partitions = infos == null ? List.of()
                        : infos.stream().map(p -> new TopicPartition(stateTopic, p.partition())).toList();
                created.assign(partitions);
                created.seekToBeginning(partitions);
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            consumer = created;
        }
        return consumer;
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.close(Duration.ofSeconds(5));
            consumer = null;
        }
    }
}
