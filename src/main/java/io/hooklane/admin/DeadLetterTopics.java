package io.hooklane.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.hooklane.deliver.DeadLetterState;
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
 * Reads dead-letter topics, replays and discards their entries, with plain kafka-clients and bounded timeouts. An
 * entry is open until it is replayed or discarded ({@link DeadLetterStates}). Counting open entries is end offset
 * minus beginning offset per partition, less the closed entries in between: exact for the topics Hooklane writes
 * (delete retention, no transactions), an approximation in general. The admin client, the producer and the state
 * reader are shared and made on first use; each other read uses a consumer of its own (assigned partitions, no group,
 * nothing committed).
 */
public final class DeadLetterTopics implements AutoCloseable {

    /** The newest entries of a dead-letter topic, how many it holds, how many are open, and the closed ones' states. */
    public record Listing(long total, long open, List<DeadLetterEntry> entries,
                          Map<String, DeadLetterState> states) {

        /** The entry's state; null while it is open. */
        public DeadLetterState state(String entryId) {
            return states.get(entryId);
        }
    }

    /** The newest records of a dead-letter topic as they are, and as {@link Listing} says. */
    public record Records(long total, long open, List<ConsumerRecord<byte[], byte[]>> records,
                          Map<String, DeadLetterState> states) {

        public DeadLetterState state(String entryId) {
            return states.get(entryId);
        }
    }

    /** What one replay or discard call did; {@code next} continues a bulk selection, null when it is complete. */
    public record ReplayPage(int replayed, int skipped, long remaining, String next) {
    }

    private final KafkaConnection kafka;
    private final Duration timeout;
    private final int maxPerCall;
    private final int maxRecordBytes;
    private final DeadLetterStates states;
    private Admin admin;
    private Producer<byte[], byte[]> producer;
    private boolean closed;

    /**
     * @param maxRecordBytes the replay producer's max.request.size: the largest event a dead letter holds
     * @param stateTopic     the compacted topic of the entries' states ({@link DeadLetterState})
     */
    public DeadLetterTopics(KafkaConnection kafka, Duration timeout, int maxPerCall, int maxRecordBytes,
                            String stateTopic) {
        this.kafka = kafka;
        this.timeout = timeout;
        this.maxPerCall = maxPerCall;
        this.maxRecordBytes = maxRecordBytes;
        this.states = new DeadLetterStates(stateTopic, timeout, this::consumer, this::producer);
    }

    public int maxPerCall() {
        return maxPerCall;
    }

    /**
     * Open entries per topic: records (end minus beginning offsets) less those with a state (replayed, delivered,
     * discarded); a topic that does not exist counts 0.
     */
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
        states.catchUp();
        end.forEach((tp, info) -> {
            long first = begin.get(tp).offset();
            long open = info.offset() - first - states.closedBetween(tp.topic(), tp.partition(), first, info.offset());
            counts.merge(tp.topic(), open, Long::sum);
        });
        return counts;
    }

    /** The newest {@code limit} entries (only the open ones when {@code openOnly}), newest first. */
    public Listing list(String topic, int limit, boolean openOnly) {
        Records newest = listRecords(topic, limit, openOnly);
        return new Listing(newest.total(), newest.open(),
                newest.records().stream().map(DeadLetterTopics::entry).toList(), newest.states());
    }

    /**
     * The newest {@code limit} records of a dead-letter topic as they are (only the open ones when {@code openOnly}),
     * newest first, with how many it holds and how many are open.
     */
    public Records listRecords(String topic, int limit, boolean openOnly) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            states.catchUp();
            long total = 0;
            long open = 0;
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            Map<String, DeadLetterState> found = new HashMap<>();
            long deadline = System.nanoTime() + readBudget().toNanos();
            for (TopicPartition tp : partitions) {
                long first = begin.get(tp);
                long last = end.get(tp);
                NavigableMap<Long, DeadLetterState> closed = states.closedSeen(topic, tp.partition());
                total += last - first;
                open += last - first - closed.subMap(first, true, last, false).size();
                long from = Math.max(first, last - limit);
                if (openOnly) {
                    // back from the end until `limit` open entries are in [from, last)
                    from = last;
                    for (int wanted = 0; from > first && wanted < limit; ) {
                        from--;
                        if (!closed.containsKey(from)) {
                            wanted++;
                        }
                    }
                }
                read(consumer, tp, from, last, deadline, true, r -> {
                    DeadLetterState state = closed.get(r.offset());
                    if (state != null) {
                        found.put(DeadLetterEntry.entryId(r.partition(), r.offset()), state);
                    }
                    if (state == null || !openOnly) {
                        records.add(r);
                    }
                    return true;
                });
            }
            records.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp)
                    .thenComparingLong(ConsumerRecord::offset).reversed());
            List<ConsumerRecord<byte[], byte[]>> newest = records.size() > limit
                    ? List.copyOf(records.subList(0, limit)) : records;
            return new Records(total, open, newest, found);
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
     * or answers null for one that cannot be replayed (skipped in bulk, 422 for a single entry). Bulk selections take
     * open entries only (unless the selection includes closed ones); each entry replayed is recorded
     * {@code replayed} before its record is written back, and open again should that write fail.
     */
    public ReplayPage replay(String deadLetterTopic, ReplaySelection selection,
                             Function<ConsumerRecord<byte[], byte[]>, ProducerRecord<byte[], byte[]>> toReplay)
            throws Exception {
        Chosen<ProducerRecord<byte[], byte[]>> chosen = choose(deadLetterTopic, selection, toReplay,
                selection.includeClosed());
        if (selection.kind() == ReplaySelection.Kind.ENTRY && chosen.entries().isEmpty()) {
            throw new AdminException(422, "unreadable_entry", "dead-letter entry " + selection.entryId()
                    + " holds no readable CloudEvent; it cannot be replayed");
        }
        List<String> keys = chosen.entries().stream().map(e -> DeadLetterState.key(deadLetterTopic, e.entryId()))
                .toList();
        states.write(keys, new DeadLetterState(DeadLetterState.State.REPLAYED, Instant.now(), "admin-api"));
        int replayed = publish(deadLetterTopic, chosen.entries());
        return new ReplayPage(replayed, chosen.skipped(), chosen.remaining(), chosen.next());
    }

    /**
     * Records the selected entries as {@code discarded}: they are no longer open (not counted, not replayed by a
     * bulk replay) and stay listed with {@code state=all}. Bulk selections take open entries only.
     */
    public ReplayPage discard(String deadLetterTopic, ReplaySelection selection) throws Exception {
        Chosen<String> chosen = choose(deadLetterTopic, selection,
                r -> DeadLetterEntry.entryId(r.partition(), r.offset()), false);
        List<String> keys = chosen.entries().stream().map(e -> DeadLetterState.key(deadLetterTopic, e.entryId()))
                .toList();
        states.write(keys, new DeadLetterState(DeadLetterState.State.DISCARDED, Instant.now(), "admin-api"));
        return new ReplayPage(keys.size(), chosen.skipped(), chosen.remaining(), chosen.next());
    }

    /** Selected entries (each with what {@code pick} made of it), and how the selection goes on. */
    private record Chosen<T>(List<Picked<T>> entries, int skipped, long remaining, String next) {
    }

    private record Picked<T>(String entryId, T value) {
    }

    /**
     * Reads the selected entries: one by its id (whatever its state), or a page of a bulk selection (open entries
     * only, unless {@code includeClosed}). {@code pick} answers null for an entry to skip.
     */
    private <T> Chosen<T> choose(String deadLetterTopic, ReplaySelection selection,
                                 Function<ConsumerRecord<byte[], byte[]>, T> pick, boolean includeClosed) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitions(consumer, deadLetterTopic);
            if (selection.kind() == ReplaySelection.Kind.ENTRY) {
                ConsumerRecord<byte[], byte[]> record = readOne(consumer, partitions, deadLetterTopic,
                        selection.entryId());
                T value = pick.apply(record);
                return new Chosen<>(value == null ? List.of() : List.of(new Picked<>(selection.entryId(), value)),
                        value == null ? 1 : 0, 0, null);
            }
            Map<Integer, long[]> windows = selection.cursor() != null
                    ? Cursor.decode(selection.cursor(), partitions)
                    : windows(consumer, partitions, selection);
            states.catchUp();
            int page = Math.min(selection.limit() == null ? maxPerCall : selection.limit(), maxPerCall);
            List<Picked<T>> chosen = new ArrayList<>();
            int[] skipped = {0};
            long deadline = System.nanoTime() + readBudget().toNanos();
            for (var window : windows.entrySet()) {
                long[] range = window.getValue();
                if (chosen.size() >= page || System.nanoTime() > deadline) {
                    break;
                }
                TopicPartition tp = new TopicPartition(deadLetterTopic, window.getKey());
                NavigableMap<Long, DeadLetterState> closed = includeClosed ? new TreeMap<>()
                        : states.closedSeen(deadLetterTopic, tp.partition());
                range[0] = read(consumer, tp, range[0], range[1], deadline, false, r -> {
                    if (chosen.size() >= page) {
                        return false;
                    }
                    if (closed.containsKey(r.offset())) {
                        return true;
                    }
                    if (selection.kind() == ReplaySelection.Kind.RANGE
                            && (r.timestamp() < selection.from().toEpochMilli()
                                || r.timestamp() >= selection.to().toEpochMilli())) {
                        return true;
                    }
                    T value = pick.apply(r);
                    if (value != null) {
                        chosen.add(new Picked<>(DeadLetterEntry.entryId(r.partition(), r.offset()), value));
                    } else {
                        skipped[0]++;
                    }
                    return true;
                });
            }
            long remaining = 0;
            for (var window : windows.entrySet()) {
                long[] range = window.getValue();
                remaining += Math.max(0, range[1] - range[0]) - (includeClosed ? 0
                        : states.closedBetween(deadLetterTopic, window.getKey(), range[0], range[1]));
            }
            boolean more = windows.values().stream().anyMatch(r -> r[0] < r[1]);
            return new Chosen<>(chosen, skipped[0], Math.max(0, remaining), more ? Cursor.encode(windows) : null);
        }
    }

    private ConsumerRecord<byte[], byte[]> readOne(KafkaConsumer<byte[], byte[]> consumer,
                                                   List<TopicPartition> partitions, String deadLetterTopic,
                                                   String entryId) {
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
        return found.get(0);
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

    /**
     * Writes the chosen records back, each with the state key of its entry in {@link DeadLetterState#REPLAYED_FROM}.
     * Should Kafka fail, the entries not written are made open again (best effort) and the call answers 503.
     */
    private int publish(String deadLetterTopic, List<Picked<ProducerRecord<byte[], byte[]>>> entries)
            throws Exception {
        if (entries.isEmpty()) {
            return 0;
        }
        Producer<byte[], byte[]> out = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (Picked<ProducerRecord<byte[], byte[]>> entry : entries) {
            ProducerRecord<byte[], byte[]> record = entry.value();
            record.headers().add(DeadLetterState.REPLAYED_FROM,
                    DeadLetterState.key(deadLetterTopic, entry.entryId()).getBytes(StandardCharsets.UTF_8));
            sent.add(out.send(record));
        }
        int done = 0;
        List<String> failed = new ArrayList<>();
        Throwable cause = null;
        long deadline = System.nanoTime() + timeout.multipliedBy(3).toNanos();
        for (int i = 0; i < sent.size(); i++) {
            try {
                sent.get(i).get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                done++;
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                cause = cause != null ? cause : e instanceof ExecutionException ? e.getCause() : e;
                failed.add(DeadLetterState.key(deadLetterTopic, entries.get(i).entryId()));
            }
        }
        if (cause == null) {
            return done;
        }
        try {
            states.write(failed, null);
        } catch (Exception e) {
            // Kafka is failing: those entries stay "replayed" until replayed again by id
        }
        throw new AdminException(503, "replay_failed", "replayed " + done + " of " + entries.size()
                + " before Kafka failed (" + cause.getClass().getSimpleName()
                + "); the rest stays in the dead-letter topic, retry the replay");
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
        states.close();
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
