package io.hooklane.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The load generator's time series: every {@code --sample-every} seconds (from the start of the load, warm-up
 * included, until the drain is over) one CSV row with
 * <ul>
 * <li>{@code t_s, phase} (warmup, measure, drain; "+outage" while the receiver refuses --fail-path),</li>
 * <li>the generator's side: cumulative requests sent and 202s, 202s per second, ack latency p50/p99 of the interval,</li>
 * <li>the receiver's side: deliveries per second (all, and per --destinations path), refusals per second of the
 * failing path, end-to-end p50/p99 of the deliveries of the interval (any request, warm-up included),</li>
 * <li>the gateway (--server-pid, --metrics-url): heap used and committed (sum of {@code jvm_memory_used_bytes} /
 * {@code jvm_memory_committed_bytes} with area="heap"), the old generation's size after the last major/mixed GC
 * ({@code jvm_gc_live_data_size_bytes}), RSS (VmRSS), CPU in % of one core over the interval, and per
 * --destinations path its {@code hooklane_destination_waiting_events} gauge and circuit-breaker state (0 closed,
 * 1 open, 2 half-open, empty when not exported),</li>
 * <li>per --lag name:group:topic the consumer group's lag from the broker (sum over partitions of end offset -
 * committed offset; a partition without a commit counts from its start), empty when it cannot be read.</li>
 * </ul>
 * Every call it makes is bounded (2 s HTTP, 5 s Admin); a failed read leaves the cell empty.
 */
final class Sampler {

    private static final Pattern METRIC = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private final LoadGen g;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sampler");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String[]> lags = new ArrayList<>();
    private final Map<String, List<TopicPartition>> partitions = new HashMap<>();
    private Admin admin;
    private PrintWriter out;
    private volatile long lastLagTotal = -1;

    // previous sample
    private long lastNanos;
    private long lastAcked;
    private long lastCpuTicks = -1;
    private Map<String, Long> lastCounts = Map.of();

    Sampler(LoadGen g) {
        this.g = g;
        for (String spec : g.lags) {
            String[] f = spec.split(":");
            if (f.length != 3) {
                throw new IllegalArgumentException("--lag name:group:topic, not " + spec);
            }
            lags.add(f);
        }
    }

    void start() throws IOException {
        Files.createDirectories(g.sampleCsv.toAbsolutePath().getParent());
        out = new PrintWriter(Files.newBufferedWriter(g.sampleCsv, StandardCharsets.UTF_8));
        List<String> header = new ArrayList<>(List.of("t_s", "phase", "sent", "acked", "ack_per_s", "ack_p50_ms",
                "ack_p99_ms", "deliveries_per_s", "e2e_p50_ms", "e2e_p99_ms"));
        for (String d : g.destinations) {
            header.add("deliveries_per_s." + d);
        }
        if (g.failPath != null) {
            header.add("refused_per_s." + g.failPath);
        }
        header.addAll(List.of("heap_used_mb", "heap_committed_mb", "heap_live_mb", "rss_mb", "cpu_pct"));
        for (String d : g.destinations) {
            header.add("waiting_gauge." + d);
            header.add("breaker." + d);
        }
        for (String[] l : lags) {
            header.add("lag." + l[0]);
        }
        out.println(String.join(",", header));
        out.flush();
        if (!lags.isEmpty() && g.bootstrap != null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, g.bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        }
        lastNanos = g.startNanos;
        lastCpuTicks = LoadGen.cpuTicks(g.serverPid);
        long period = (long) (g.sampleEverySeconds * 1e9);
        long first = g.startNanos + period - System.nanoTime();
        timer.scheduleAtFixedRate(this::sampleSafely, Math.max(0, first), period, TimeUnit.NANOSECONDS);
    }

    /** The sum of the sampled lags at the last sample, or -1 when not known. */
    long lastLagTotal() {
        return lastLagTotal;
    }

    void stop() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(15, TimeUnit.SECONDS)) {
            timer.shutdownNow();
        }
        sampleSafely(); // the last, partial interval
        out.close();
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
    }

    private synchronized void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            System.err.println("sampler: " + e);
        }
    }

    private void sample() {
        long now = System.nanoTime();
        double dt = (now - lastNanos) / 1e9;
        if (dt < 0.5) {
            return;
        }
        List<String> row = new ArrayList<>();
        row.add(f1((now - g.startNanos) / 1e9));
        String phase = now < g.measureStartNanos ? "warmup" : now < g.endNanos ? "measure" : "drain";
        double sinceStart = (now - g.startNanos) / 1e9;
        if (g.failPath != null && sinceStart - dt < g.failFromSeconds + g.failForSeconds && sinceStart > g.failFromSeconds) {
            phase += "+outage";
        }
        row.add(phase);
        long acked = g.ackedAll.get();
        row.add(Long.toString(g.sentAll.get()));
        row.add(Long.toString(acked));
        row.add(f1((acked - lastAcked) / dt));
        Histogram ack = g.ackInterval.getIntervalHistogram();
        row.add(ack.getTotalCount() == 0 ? "" : LoadGen.ms(ack.getValueAtPercentile(50)));
        row.add(ack.getTotalCount() == 0 ? "" : LoadGen.ms(ack.getValueAtPercentile(99)));
        Map<String, Long> counts = g.receiver == null ? Map.of() : g.receiver.snapshot();
        row.add(g.receiver == null ? "" : f1(delta(counts, "") / dt));
        Histogram e2e = g.receiver == null ? null : g.receiver.e2eInterval.getIntervalHistogram();
        row.add(e2e == null || e2e.getTotalCount() == 0 ? "" : LoadGen.ms(e2e.getValueAtPercentile(50)));
        row.add(e2e == null || e2e.getTotalCount() == 0 ? "" : LoadGen.ms(e2e.getValueAtPercentile(99)));
        for (String d : g.destinations) {
            row.add(g.receiver == null ? "" : f1(delta(counts, d) / dt));
        }
        if (g.failPath != null) {
            row.add(g.receiver == null ? "" : f1(delta(counts, "refused:" + g.failPath) / dt));
        }
        Map<String, Double> metrics = scrape();
        row.add(mb(metrics, "jvm_memory_used_bytes"));
        row.add(mb(metrics, "jvm_memory_committed_bytes"));
        double live = metrics == null ? Double.NaN : metrics.entrySet().stream()
                .filter(e -> e.getKey().equals("jvm_gc_live_data_size_bytes")
                        || e.getKey().startsWith("jvm_gc_live_data_size_bytes{"))
                .mapToDouble(Map.Entry::getValue).sum();
        row.add(Double.isNaN(live) ? "" : f1(live / 1048576));
        long rss = LoadGen.rssKb(g.serverPid);
        row.add(rss < 0 ? "" : f1(rss / 1024.0));
        long cpu = LoadGen.cpuTicks(g.serverPid);
        row.add(cpu < 0 || lastCpuTicks < 0 ? "" : f1((cpu - lastCpuTicks) / dt)); // 100 ticks/s = 100 % of a core
        for (String d : g.destinations) {
            String tag = "destination=\"" + d + "\"";
            double waiting = metrics == null ? Double.NaN : sum(metrics, "hooklane_destination_waiting_events", tag);
            row.add(Double.isNaN(waiting) ? "" : Long.toString((long) waiting));
            row.add(metrics == null ? "" : breaker(metrics, tag));
        }
        long total = 0;
        boolean known = true;
        for (String[] l : lags) {
            long lag = lag(l[1], l[2]);
            row.add(lag < 0 ? "" : Long.toString(lag));
            known &= lag >= 0;
            total += Math.max(0, lag);
        }
        lastLagTotal = known ? total : -1;
        out.println(String.join(",", row));
        out.flush();
        lastNanos = now;
        lastAcked = acked;
        lastCpuTicks = cpu;
        lastCounts = counts;
    }

    private long delta(Map<String, Long> counts, String key) {
        return counts.getOrDefault(key, 0L) - lastCounts.getOrDefault(key, 0L);
    }

    /** The gateway's Prometheus text, as "name{labels}" -> value; null when it cannot be read. */
    private Map<String, Double> scrape() {
        if (g.metricsUrl == null) {
            return null;
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(g.metricsUrl))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            Map<String, Double> m = new HashMap<>();
            for (String line : r.body().split("\n")) {
                if (line.startsWith("#")) {
                    continue;
                }
                Matcher x = METRIC.matcher(line);
                if (x.find()) {
                    try {
                        m.put(x.group(1) + (x.group(2) == null ? "" : x.group(2)), Double.parseDouble(x.group(3)));
                    } catch (NumberFormatException e) {
                        // not a number (NaN is parsed): skip
                    }
                }
            }
            return m;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Sum of the series of a metric whose labels contain {@code label}; NaN when there is none. */
    private static double sum(Map<String, Double> metrics, String name, String label) {
        double s = 0;
        boolean any = false;
        for (Map.Entry<String, Double> e : metrics.entrySet()) {
            String k = e.getKey();
            if (k.startsWith(name + "{") && k.contains(label)) {
                s += e.getValue();
                any = true;
            }
        }
        return any ? s : Double.NaN;
    }

    private static String breaker(Map<String, Double> metrics, String tag) {
        String[] states = {"closed", "open", "half_open"};
        for (int i = 0; i < states.length; i++) {
            double v = sum(metrics, "hooklane_circuit_breaker_state", tag + ",state=\"" + states[i] + "\"");
            if (Double.isNaN(v)) {
                v = sum(metrics, "hooklane_circuit_breaker_state", "state=\"" + states[i] + "\"," + tag);
            }
            if (v >= 1) {
                return Integer.toString(i);
            }
        }
        return "";
    }

    /** End offsets - committed offsets of the group on the topic, summed over partitions; -1 when unknown. */
    private long lag(String group, String topic) {
        if (admin == null) {
            return -1;
        }
        try {
            List<TopicPartition> parts = partitions.get(topic);
            if (parts == null) {
                var d = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic);
                parts = d.partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                partitions.put(topic, parts);
            }
            var end = admin.listOffsets(parts.stream().collect(Collectors.toMap(Function.identity(),
                    p -> OffsetSpec.latest()))).all().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, Long> start = null;
            long lag = 0;
            for (TopicPartition p : parts) {
                OffsetAndMetadata c = committed.get(p);
                long from;
                if (c != null) {
                    from = c.offset();
                } else {
                    if (start == null) {
                        start = admin.listOffsets(parts.stream().collect(Collectors.toMap(Function.identity(),
                                x -> OffsetSpec.earliest()))).all().get(5, TimeUnit.SECONDS).entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
                    }
                    from = start.get(p);
                }
                lag += Math.max(0, end.get(p).offset() - from);
            }
            return lag;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }
    }

    /** The heap series of a JVM memory metric, summed over its pools, in MB; "" when not exported. */
    private static String mb(Map<String, Double> metrics, String name) {
        double v = metrics == null ? Double.NaN : sum(metrics, name, "area=\"heap\"");
        return Double.isNaN(v) ? "" : f1(v / 1048576);
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
