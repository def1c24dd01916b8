package io.hooklane.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hooklane.e2e.TestGateway;
import io.hooklane.ingest.KafkaIngestIds;
import io.hooklane.kafka.EmbeddedKafka;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The duplicate window at volume: writes N distinct ids straight to the ids topic (spread over the last 71 hours, as
 * 72 hours of traffic would leave them), starts a gateway on an empty index (a rebuild), replays the first, a middle
 * and the last id over HTTP, restarts it (a catch-up from the index's offsets), and prints heap, RSS, disk and
 * times. The broker runs in a child JVM so that the figures are the gateway's. Run: {@code bench/dedup-window.sh}.
 */
public final class DedupWindowBench {

    private static final String SECRET = TestGateway.SECRETS.get("standard");

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("broker")) {
            runBroker(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        long ids = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 20_000_000L;
        Path work = Files.createTempDirectory(Path.of("target"), "dedup-bench-");
        Path bootstrap = work.resolve("bootstrap");
        Process broker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-cp", System.getProperty("java.class.path"), DedupWindowBench.class.getName(), "broker",
                work.resolve("kafka").toString(), bootstrap.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(bootstrap) && System.nanoTime() < deadline && broker.isAlive()) {
                Thread.sleep(100); // a benchmark's polling for its broker, not a test's synchronisation
            }
            String brokers = Files.readString(bootstrap).trim();
            run(ids, brokers, work);
        } finally {
            broker.getOutputStream().close();
            broker.waitFor(30, TimeUnit.SECONDS);
            broker.destroy();
        }
    }

    private static void run(long ids, String brokers, Path work) throws Exception {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.put("hooklane.data-dir", work.resolve("data").toString());
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        config.put("hooklane.ingest.dedup-startup-wait-seconds", "0");
        String topic = config.get("hooklane.topic.ingest-ids");
        System.out.printf("ids: %,d; heap max %d MB; %s%n", ids, Runtime.getRuntime().maxMemory() >> 20,
                java.time.Instant.now());
        long heapBefore = heapAfterGc();

        long started = System.nanoTime();
        writeIds(brokers, topic, ids);
        System.out.printf("wrote %,d ids to %s in %.1f s%n", ids, topic, seconds(started));

        started = System.nanoTime();
        TestGateway gateway = TestGateway.startWith(config);
        KafkaIngestIds index = ids(gateway);
        awaitReady(index);
        System.out.printf("rebuild (empty index): ready %.1f s after start; %s%n", seconds(started), index.catchUp());
        report("after the rebuild", heapBefore, index);
        replays(gateway, ids);
        lookups(index);
        gateway.close();

        started = System.nanoTime();
        gateway = TestGateway.startWith(config);
        index = ids(gateway);
        awaitReady(index);
        System.out.printf("restart (index kept): ready %.1f s after start; %s%n", seconds(started), index.catchUp());
        report("after the restart", heapBefore, index);
        replays(gateway, ids);
        gateway.close();
    }

    private static void writeIds(String brokers, String topic, long ids) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of(
                    "retention.ms", String.valueOf(Duration.ofHours(72).toMillis()), "segment.ms", "3600000"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Map<String, Object> producer = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "1");
        long span = Duration.ofHours(71).toMillis();
        long first = System.currentTimeMillis() - span;
        try (KafkaProducer<String, String> out = new KafkaProducer<>(producer, new StringSerializer(),
                new StringSerializer())) {
            for (long i = 0; i < ids; i++) {
                out.send(new ProducerRecord<>(topic, 0, first + span * i / ids, key(i), "add"));
            }
            out.flush();
        }
    }

    private static String key(long i) {
        return "standard/" + id(i);
    }

    private static String id(long i) {
        return "msg_bench_" + i;
    }

    private static void replays(TestGateway gateway, long ids) {
        for (long i : new long[] {0, ids / 2, ids - 1}) {
            HttpResponse<String> response = gateway.post(SignedWebhook.of("standard", SECRET).baseUrl(gateway.baseUrl())
                    .id(id(i)).event("payment.failed").build());
            System.out.printf("  replay of id #%,d: %d %s%n", i, response.statusCode(), response.body());
        }
        HttpResponse<String> fresh = gateway.post(SignedWebhook.of("standard", SECRET).baseUrl(gateway.baseUrl())
                .event("payment.failed").build());
        System.out.printf("  a new id: %d%n", fresh.statusCode());
    }

    /** The cost of the check: for new ids (the common case) bloom filters only, for stored ids a data block too. */
    private static void lookups(KafkaIngestIds index) {
        int n = 100_000;
        for (int round = 0; round < 2; round++) {
            long started = System.nanoTime();
            int found = 0;
            for (int i = 0; i < n; i++) {
                if (index.contains("standard/new_" + round + "_" + i)) {
                    found++;
                }
            }
            System.out.printf("  %,d lookups of new ids: %.2f µs each (%d found)%n", n,
                    (System.nanoTime() - started) / 1e3 / n, found);
        }
        long started = System.nanoTime();
        int seen = 0;
        for (int i = 0; i < n; i++) {
            if (index.contains(key((long) i * 97))) {
                seen++;
            }
        }
        System.out.printf("  %,d lookups of stored ids: %.2f µs each (%,d found)%n", n,
                (System.nanoTime() - started) / 1e3 / n, seen);
    }

    private static void report(String when, long heapBefore, KafkaIngestIds index) throws Exception {
        long heap = heapAfterGc();
        System.out.printf("%s: heap after GC %d MB (%+d MB over the bench JVM before any gateway), RSS %d MB, "
                + "index on disk %d MB%n", when, heap >> 20, (heap - heapBefore) >> 20, rssKb() >> 10,
                index.diskBytes() >> 20);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static void awaitReady(KafkaIngestIds index) throws InterruptedException {
        while (!index.ready()) {
            Thread.sleep(50); // a benchmark's polling, not a test's synchronisation
        }
    }

    private static KafkaIngestIds ids(TestGateway gateway) {
        return gateway.gateway().context().getRegistry().lookupByNameAndType("ingestIds", KafkaIngestIds.class);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void runBroker(Path dir, Path bootstrap) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
            Files.writeString(bootstrap.resolveSibling("bootstrap.tmp"), kafka.bootstrapServers());
            Files.move(bootstrap.resolveSibling("bootstrap.tmp"), bootstrap);
            // until the parent closes our stdin
            while (System.in.read() >= 0) {
                // nothing to read
            }
        }
    }
}
