package io.hooklane.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.hooklane.kafka.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Reads dead-letter topics and replays their events, with plain kafka-clients and bounded timeouts. Counting is
 * end offset minus beginning offset per partition: exact for the topics Hooklane writes (delete retention, no
 * transactions), an approximation in general. The admin client and the producer are shared and made on first use;
 * each read uses a consumer of its own (assigned partitions, no group, nothing committed).
 */
public final class DeadLetterTopics implements AutoCloseable {

    /** The newest entries of a dead-letter topic and how many it holds. */
    public record Listing(long total, List<DeadLetterEntry> entries) {
    }

    /** The newest records of a dead-letter topic, as they are, and how many it holds. */
    public record Records(long total, List<ConsumerRecord<byte[], byte[]>> records) {
    }

    /** What one replay call did; {@code next} continues a bulk replay, null when it is complete. */
    public record ReplayPage(int replayed, int skipped, long remaining, String next) {
    }

    private final KafkaConnection kafka;
    private final Duration timeout;
    private final int maxPerCall;
    private final int maxRecordBytes;
    private Admin admin;
    private Producer<byte[], byte[]> producer;
    private boolean closed;

    /** @param maxRecordBytes the replay producer's max.request.size: the largest event a dead letter holds */
    public DeadLetterTopics(KafkaConnection kafka, Duration timeout, int maxPerCall, int maxRecordBytes) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.maxPerCall = maxPerCall;
        this.maxRecordBytes = maxRecordBytes;
    }

    public int maxPerCall() {
        return maxPerCall;
    }

    /** Records per topic (end minus beginning offsets); a topic that does not exist counts 0. */
    public Map<String, Long> counts(Collection<String> topics) throws Exception {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Admin client = admin();
        Map<String, TopicDescription> described = new HashMap<>();
        for (var entry : client.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                described.put(entry.getKey(), entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.values().forEach(d -> d.partitions().forEach(p -> {
            TopicPartition tp = new TopicPartition(d.name(), p.partition());
            earliest.put(tp, OffsetSpec.earliest());
            latest.put(tp, OffsetSpec.latest());
        }));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> begin = earliest.isEmpty() ? Map.of()
                : client.listOffsets(earliest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end = latest.isEmpty() ? Map.of()
                : client.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Long> counts = new TreeMap<>();
        topics.forEach(t -> counts.put(t, 0L));
        end.forEach((tp, info) -> counts.merge(tp.topic(), info.offset() - begin.get(tp).offset(), Long::sum));
        return counts;
    }

    /** The newest {@code limit} entries, newest first. */
    public Listing list(String topic, int limit) {
        Records newest = listRecords(topic, limit);
        return new Listing(newest.total(), newest.records().stream().map(DeadLetterTopics::entry).toList());
    }

    /** The newest {@code limit} records of a dead-letter topic as they are, newest first, and how many it holds. */
    public Records listRecords(String topic, int limit) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long total = 0;
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + readBudget().toNanos();
            for (TopicPartition tp : partitions) {
                long first = begin.get(tp);
                long last = end.get(tp);
                total += last - first;
                long from = Math.max(first, last - limit);
                read(consumer, tp, from, last, deadline, true, records::add);
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingLong(ConsumerRecord::offset).reversed());
            return new Records(total, records.size() > limit ? List.copyOf(records.subList(0, limit)) : records);
        }
    }

    /**
     * Re-publishes the selected entries' events to {@code queueTopic}, keyed like the dead-letter record (which is
     * keyed like the original), acks=all. Bulk selections stop after {@code limit} (at most {@code maxPerCall})
     * events and answer a cursor.
     */
    public ReplayPage replay(String deadLetterTopic, String queueTopic, ReplaySelection selection) throws Exception {
        return replay(deadLetterTopic, selection, r -> {
            DeadLetterEntry entry = entry(r);
            return entry.readable() ? new ProducerRecord<>(queueTopic, null, entry.key(), entry.event()) : null;
        });
    }

    /**
     * As above for any dead-letter format: {@code toReplay} makes the record to write back from a dead-letter record,
     * or answers null for one that cannot be replayed (skipped in bulk, 422 for a single entry).
     */
    public ReplayPage replay(String deadLetterTopic, ReplaySelection selection,
                             Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> toReplay)
            throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
            if (selection.kind() == ReplaySelection.Kind.ENTRY) {
                return replayOne(consumer, partitions, deadLetterTopic, toReplay, selection.entryId());
            }
            Map<Integer, long[]> windows = selection.cursor() != null
                    ? Cursor.decode(selection.cursor(), partitions)
                    : windows(consumer, partitions, selection);
            int page = Math.min(selection.limit() == null ? maxPerCall : selection.limit(), maxPerCall);
            List<Replay> chosen = new ArrayList<>();
            int[] skipped = {0};
            long deadline = System.nanoTime() + readBudget().toNanos();
            for (var window : windows.entrySet()) {
                long[] range = window.getValue();
                if (chosen.size() >= page || System.nanoTime() > deadline) {
                    break;
                }
                TopicPartition tp = new TopicPartition(deadLetterTopic, window.getKey());
                range[0] = read(consumer, tp, range[0], range[1], deadline, false, r -> {
                    if (chosen.size() >= page) {
                        return false;
                    }
                    if (selection.kind() == ReplaySelection.Kind.RANGE
                            && (r.timestamp() < selection.from().toEpochMilli()
                                || r.timestamp() >= selection.to().toEpochMilli())) {
                        return true;
                    }
                    ProducerRecord<byte[], byte[]> out = toReplay.apply(r);
                    if (out != null) {
                        chosen.add(new Replay(DeadLetterEntry.entryId(r.partition(), r.offset()), out));
                    } else {
                        skipped[0]++;
                    }
                    return true;
                });
            }
            int replayed = publish(deadLetterTopic, chosen);
            long remaining = windows.values().stream().mapToLong(r -> Math.max(0, r[1] - r[0])).sum();
            return new ReplayPage(replayed, skipped[0], remaining, remaining > 0 ? Cursor.encode(windows) : null);
        }
    }

    private ReplayPage replayOne(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                 String deadLetterTopic,
                                 Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> toReplay,
                                 String entryId) throws Exception {
        long[] at = DeadLetterEntry.parseEntryId(entryId);
        TopicPartition tp = new TopicPartition(deadLetterTopic, (int) at[0]);
        if (!partitions.contains(tp)) {
            throw AdminException.notFound("unknown_entry", "no dead-letter entry " + entryId);
        }
        long begin = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
        long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
        if (at[1] < begin || at[1] >= end) {
            throw AdminException.notFound("unknown_entry", "no dead-letter entry " + entryId);
        }
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        read(consumer, tp, at[1], at[1] + 1, System.nanoTime() + readBudget().toNanos(), true, r -> {
            if (r.offset() == at[1]) {
                found.add(r);
            }
            return true;
        });
        if (found.isEmpty()) {
            throw AdminException.notFound("unknown_entry", "no dead-letter entry " + entryId);
        }
        ProducerRecord<byte[], byte[]> out = toReplay.apply(found.get(0));
        if (out == null) {
            throw new AdminException(422, "unreadable_entry",
                    "dead-letter entry " + entryId + " holds no readable CloudEvent; it cannot be replayed");
        }
        return new ReplayPage(publish(deadLetterTopic, List.of(new Replay(entryId, out))), 0, 0, null);
    }

    private Map<Integer, long[]> windows(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                         ReplaySelection selection) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = new HashMap<>(begin);
        Map<TopicPartition, Long> stop = new HashMap<>(end);
        if (selection.kind() == ReplaySelection.Kind.RANGE) {
            // the first offset at or after each instant; records are written in time order per partition
            Map<TopicPartition, OffsetAndTimestamp> fromOffsets = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> selection.from().toEpochMilli())), timeout);
            Map<TopicPartition, OffsetAndTimestamp> toOffsets = consumer.offsetsForTimes(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> selection.to().toEpochMilli())), timeout);
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp from = fromOffsets.get(tp);
                OffsetAndTimestamp to = toOffsets.get(tp);
                start.put(tp, from == null ? end.get(tp) : Math.max(from.offset(), begin.get(tp)));
                stop.put(tp, to == null ? end.get(tp) : to.offset());
            }
        }
        Map<Integer, long[]> windows = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            windows.put(tp.partition(), new long[] {start.get(tp), Math.max(start.get(tp), stop.get(tp))});
        }
        return windows;
    }

    /** A record to write back, and the dead-letter entry it comes from. */
    private record Replay(String entryId, ProducerRecord<byte[], byte[]> record) {
    }

    private int publish(String deadLetterTopic, List<Replay> entries) throws Exception {
        if (entries.isEmpty()) {
            return 0;
        }
        Producer<byte[], byte[]> out = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Replay entry : entries) {
            ProducerRecord<byte[], byte[]> record = entry.record();
            record.headers().add("hooklane-replayed-from",
                    (deadLetterTopic + "/" + entry.entryId()).getBytes(StandardCharsets.UTF_8));
            sent.add(out.send(record));
        }
        int done = 0;
        long deadline = System.nanoTime() + timeout.multipliedBy(3).toNanos();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done++;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new AdminException(503, "replay_failed", "replayed " + done + " of " + entries.size()
                        + " before Kafka failed (" + cause.getClass().getSimpleName()
                        + "); the rest stays in the dead-letter topic, retry the replay");
            }
        }
        return done;
    }

    /**
     * Reads {@code [from, end)} of one partition in order, passing each record to {@code each} until it answers
     * false. @return the position after the last record handed over (where a next page starts)
     */
    private long read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp, long from, long end, long deadline,
                      boolean failOnTimeout, Predicate<ConsumerRecord<byte[], byte[]>> each) {
        if (from >= end) {
            return from;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long position = from;
        while (position < end) {
            if (System.nanoTime() > deadline) {
                if (failOnTimeout) {
                    throw new org.apache.kafka.common.errors.TimeoutException(
                            "could not read " + tp + " within " + readBudget().toSeconds() + " s");
                }
                return position;
            }
            var records = consumer.poll(Duration.ofMillis(200)).records(tp);
            if (records.isEmpty()) {
                // a gap at the end (aborted or compacted records): the consumer's position tells how far it got
                position = Math.max(position, Math.min(end, consumer.position(tp, timeout)));
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.offset() >= end) {
                    return end;
                }
                if (!each.test(record)) {
                    return position;
                }
                position = record.offset() + 1;
            }
        }
        return position;
    }

    private static DeadLetterEntry entry(ConsumerRecord<byte[], byte[]> r) {
        return DeadLetterEntry.parse(r.partition(), r.offset(), r.timestamp(), r.key(), r.value());
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private Duration readBudget() {
        return timeout.multipliedBy(6);
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "hooklane-admin-reader");
        return new KafkaConsumer<>(kafka.consumerConfig(config), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    private synchronized Admin admin() {
        checkOpen();
        if (admin == null) {
            admin = Admin.create(kafka.adminConfig(Map.of(
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                    AdminClientConfig.CLIENT_ID_CONFIG, "hooklane-admin")));
        }
        return admin;
    }

    private synchronized Producer<byte[], byte[]> producer() {
        checkOpen();
        if (producer == null) {
            int millis = (int) timeout.toMillis();
            producer = new KafkaProducer<>(kafka.producerConfig(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.LINGER_MS_CONFIG, 5,
                    ProducerConfig.MAX_BLOCK_MS_CONFIG, millis,
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis * 2 + 5,
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes,
                    ProducerConfig.CLIENT_ID_CONFIG, "hooklane-admin-replay")),
                    new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the dead-letter access is closed");
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }

    /** A bulk replay's position: per partition, the next offset and the end of the selection. */
    static final class Cursor {

        private Cursor() {
        }

        static String encode(Map<Integer, long[]> windows) {
            return windows.entrySet().stream().filter(e -> e.getValue()[0] < e.getValue()[1])
                    .map(e -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1])
                    .collect(Collectors.joining(","));
        }

        static Map<Integer, long[]> decode(String cursor, List<TopicPartition> partitions) {
            Map<Integer, long[]> windows = new TreeMap<>();
            if (cursor.isBlank()) {
                return windows;
            }
            for (String part : cursor.split(",")) {
                String[] fields = part.split(":");
                try {
                    if (fields.length != 3) {
                        throw new NumberFormatException();
                    }
                    int partition = Integer.parseInt(fields[0]);
                    long pos = Long.parseLong(fields[1]);
                    long end = Long.parseLong(fields[2]);
                    if (pos < 0 || end < pos || partitions.stream().noneMatch(p -> p.partition() == partition)) {
                        throw new NumberFormatException();
                    }
                    windows.put(partition, new long[] {pos, end});
                } catch (NumberFormatException e) {
                    throw AdminException.badRequest("cursor is not one this API gave out");
                }
            }
            return windows;
        }
    }
}
