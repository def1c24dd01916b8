package io.hooklane.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.vertx.core.buffer.Buffer;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where the end-to-end time of the measurement window went, hop by hop (--hops). After the load, the gateway's event
 * topic and every destination's delivery topic are read back; each record's CreateTime is when the gateway's producer
 * took it. For every (request, destination) of the window that was delivered:
 * <ul>
 *   <li><b>ingest</b> = the event record's CreateTime - the request's intended send time: the HTTP request, signature,
 *       normalizer and dedup, up to the send to Kafka (the 202 waits a further batch and acknowledgement);</li>
 *   <li><b>routing</b> = the delivery record's CreateTime - the event record's: the event's batch and the broker, the
 *       dispatch consumer's fetch, and the routing rules;</li>
 *   <li><b>delivery</b> = the first receipt at the destination - the delivery record's CreateTime: that record's batch
 *       and the broker, the delivery consumer's fetch and poll loop, and the HTTP call.</li>
 * </ul>
 * The three add up to the end-to-end latency. CreateTime has millisecond resolution and the wall clock is mapped onto
 * System.nanoTime once (one machine), so each hop is known to about 1 ms. The first record of a request on a topic
 * counts (a re-dispatched duplicate comes later). Bounded in time: topics not read to their end within
 * {@link #READ_LIMIT} leave the rest of their records out, and the report says so.
 */
final class HopBreakdown {

    static final String EVENTS_TOPIC = "hooklane.events";
    static final String DELIVERY_TOPIC_PREFIX = "hooklane.deliver.";
    private static final Duration READ_LIMIT = Duration.ofSeconds(90);
    private static final long HIGHEST = LoadGen.HIGHEST_NANOS;
    private static final String[] HOPS = {"ingest", "routing", "delivery"};

    private HopBreakdown() {
    }

    static void report(LoadGen g, Properties p) {
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        int size = (int) Math.min(Integer.MAX_VALUE - 8, g.ledger.maxSeq() + 1);
        // wall-clock milliseconds -> this process's System.nanoTime
        long offset = System.nanoTime() - System.currentTimeMillis() * 1_000_000L;
        StringBuilder incomplete = new StringBuilder();
        long[] ingested = createTimes(g, EVENTS_TOPIC, size, offset, deadline, incomplete);

        Histogram[] all = histograms();
        int pairs = 0;
        // per pair: end to end, the three hops, and the intended send time
        long[][] rows = new long[HOPS.length + 2][1024];
        int sentRow = HOPS.length + 1;
        for (String destination : g.destinations) {
            long[] queued = createTimes(g, DELIVERY_TOPIC_PREFIX + destination, size, offset, deadline, incomplete);
            for (int seq = 0; seq < size; seq++) {
                long sent = g.ledger.intended(seq);
                long received = g.ledger.firstDeliveredAt(destination, seq);
                if (sent < g.measureStartNanos || sent >= g.endNanos || received == Long.MIN_VALUE
                        || ingested[seq] == 0 || queued[seq] == 0) {
                    continue;
                }
                long[] hop = {ingested[seq] - sent, queued[seq] - ingested[seq], received - queued[seq]};
                if (pairs == rows[0].length) {
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = Arrays.copyOf(rows[i], pairs * 2);
                    }
                }
                rows[0][pairs] = received - sent;
                for (int h = 0; h < HOPS.length; h++) {
                    rows[h + 1][pairs] = hop[h];
                    all[h].recordValue(clamp(hop[h]));
                }
                rows[sentRow][pairs] = sent;
                pairs++;
            }
        }
        if (pairs == 0) {
            System.out.printf("loadgen [%s] hops: no delivered request of the window found on the topics%s%n", g.label,
                    incomplete);
            p.setProperty("hops_pairs", "0");
            return;
        }

        // the slowest 1 % of the pairs by end to end: which hop made them slow, and when they were sent
        long[] sorted = Arrays.copyOf(rows[0], pairs);
        Arrays.sort(sorted);
        long threshold = sorted[Math.min(pairs - 1, (int) (pairs * 0.99))];
        Histogram[] tail = histograms();
        int[] largest = new int[HOPS.length];
        int tailPairs = 0;
        Map<Long, Integer> tailBySecond = new HashMap<>();
        for (int i = 0; i < pairs; i++) {
            if (rows[0][i] < threshold) {
                continue;
            }
            tailPairs++;
            int worst = 0;
            for (int h = 0; h < HOPS.length; h++) {
                tail[h].recordValue(clamp(rows[h + 1][i]));
                if (rows[h + 1][i] > rows[worst + 1][i]) {
                    worst = h;
                }
            }
            largest[worst]++;
            tailBySecond.merge((rows[sentRow][i] - g.startNanos) / 1_000_000_000L, 1, Integer::sum);
        }

        System.out.printf("loadgen [%s] hops of the window's deliveries (%d request-destination pairs; Kafka CreateTime,"
                + " about 1 ms)%s:%n", g.label, pairs, incomplete);
        String[] what = {"POST -> event record", "event record -> delivery record", "delivery record -> destination"};
        for (int h = 0; h < HOPS.length; h++) {
            System.out.printf("loadgen [%s]   %-8s (%s): ms p50 %s p99 %s p99.9 %s max %s%n", g.label, HOPS[h], what[h],
                    LoadGen.ms(all[h].getValueAtPercentile(50)), LoadGen.ms(all[h].getValueAtPercentile(99)),
                    LoadGen.ms(all[h].getValueAtPercentile(99.9)), LoadGen.ms(all[h].getMaxValue()));
            p.setProperty("hops." + HOPS[h] + ".p50_ms", LoadGen.ms(all[h].getValueAtPercentile(50)));
            p.setProperty("hops." + HOPS[h] + ".p99_ms", LoadGen.ms(all[h].getValueAtPercentile(99)));
            p.setProperty("hops.tail." + HOPS[h] + ".p50_ms", LoadGen.ms(tail[h].getValueAtPercentile(50)));
            p.setProperty("hops.tail." + HOPS[h] + ".largest_pct", pct(largest[h], tailPairs));
        }
        System.out.printf("loadgen [%s]   slowest 1 %% (end to end >= %s ms, %d pairs): median ingest %s, routing %s,"
                        + " delivery %s ms; the largest hop was ingest in %s %%, routing in %s %%, delivery in %s %%%n",
                g.label, LoadGen.ms(threshold), tailPairs, LoadGen.ms(tail[0].getValueAtPercentile(50)),
                LoadGen.ms(tail[1].getValueAtPercentile(50)), LoadGen.ms(tail[2].getValueAtPercentile(50)),
                pct(largest[0], tailPairs), pct(largest[1], tailPairs), pct(largest[2], tailPairs));
        List<Map.Entry<Long, Integer>> seconds = tailBySecond.entrySet().stream()
                .sorted(Map.Entry.<Long, Integer>comparingByValue().reversed()).limit(5).collect(Collectors.toList());
        System.out.printf("loadgen [%s]   seconds of the run (since the start) sending most of them: %s of %d seconds with"
                + " any%n", g.label, seconds.stream().map(e -> e.getKey() + " s: " + e.getValue())
                .collect(Collectors.joining(", ")), tailBySecond.size());
        p.setProperty("hops_pairs", Integer.toString(pairs));
        p.setProperty("hops.tail_threshold_ms", LoadGen.ms(threshold));
        p.setProperty("hops.tail_seconds", Integer.toString(tailBySecond.size()));
    }

    /** The CreateTime (as System.nanoTime) of each request's first record on the topic, by sequence number; 0 = none. */
    private static long[] createTimes(LoadGen g, String topic, int size, long offset, long deadline,
                                      StringBuilder incomplete) {
        long[] times = new long[size];
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, g.bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000,
                ConsumerConfig.CHECK_CRCS_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(10)));
            while (!ends.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    long seq = record.value() == null ? -1 : Payloads.seq(Buffer.buffer(record.value()), g.runNonce);
                    if (seq >= 0 && seq < size && times[(int) seq] == 0) {
                        times[(int) seq] = record.timestamp() * 1_000_000L + offset;
                    }
                }
                ends.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
            }
            if (!ends.isEmpty()) {
                incomplete.append(" (").append(topic).append(" not read to its end in ").append(READ_LIMIT.toSeconds())
                        .append(" s)");
            }
        } catch (RuntimeException e) {
            incomplete.append(" (").append(topic).append(" not read: ").append(e).append(')');
        }
        return times;
    }

    private static Histogram[] histograms() {
        Histogram[] h = new Histogram[HOPS.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = new Histogram(HIGHEST, 3);
        }
        return h;
    }

    /** A hop can come out slightly negative (millisecond CreateTime): counted as 0. */
    private static long clamp(long nanos) {
        return Math.min(HIGHEST, Math.max(0, nanos));
    }

    private static String pct(int part, int whole) {
        return String.format("%.0f", whole == 0 ? 0.0 : 100.0 * part / whole);
    }
}
