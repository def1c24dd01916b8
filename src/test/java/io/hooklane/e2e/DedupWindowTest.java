package io.hooklane.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The duplicate window is bounded by time, not by memory: a replay is caught after more ids than the in-memory
 * front holds, after a restart and on another instance, until the window ends; an index lost or damaged on disk is
 * rebuilt from the ids topic, and so is one that fails while serving; until it is, ingest answers 503
 * {@code not_ready} instead of taking a duplicate.
 */
class DedupWindowTest {

    private static Map<String, String> config() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        config.put("hooklane.ingest.rate-limit", "0");
        return config;
    }

    @Test
    void a_replay_after_more_ids_than_the_memory_front_holds_is_a_duplicate() {
        Map<String, String> config = config();
        config.put("hooklane.ingest.dedup-cache-size", "1000");
        try (TestGateway gateway = TestGateway.startWith(config)) {
            SignedWebhook.Request first = accepted(gateway, "stripe", "payment.failed");

            List<Integer> statuses = postNewEvents(gateway, 1_500);
            assertThat(statuses).containsOnly(202);

            HttpResponse<String> replay = gateway.post(first);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(replay.body()).contains("\"duplicate\"");
        }
    }

    @Test
    void a_replay_after_a_restart_and_on_a_second_instance_is_a_duplicate() {
        Map<String, String> config = config();
        SignedWebhook.Request request;
        try (TestGateway gateway = TestGateway.startWith(config)) {
            request = accepted(gateway, "shopify", "order.created");
        }
        try (TestGateway restarted = TestGateway.startWith(config)) {
            assertDuplicate(restarted.post(request));
        }
        Map<String, String> second = new HashMap<>(config);
        second.put("camel.server.port", String.valueOf(TestGateway.freePort()));
        second.put("hooklane.ingest.dedup-dir", tempDir("second-dedup-").resolve("index").toString());
        try (TestGateway other = TestGateway.startWith(second)) {
            assertDuplicate(other.post(request));
        }
    }

    @Test
    void the_ids_producer_takes_kafka_settings_given_under_the_dedup_producer_prefix() {
        Map<String, String> config = config();
        config.put("hooklane.ingest.dedup-producer.interceptor.classes", SentTopics.class.getName());
        try (TestGateway gateway = TestGateway.startWith(config)) {
            accepted(gateway, "stripe", "order.created");
            // the ids producer only: the events producer is camel-kafka's and takes camel.component.kafka.*
            await().atMost(Duration.ofSeconds(30)).until(() -> !SentTopics.topics().isEmpty());
            assertThat(SentTopics.topics()).containsExactly(config.get("hooklane.topic.ingest-ids"));
        }
    }

    @Test
    void an_id_older_than_the_window_is_accepted_again() {
        Map<String, String> config = config();
        // a window of 2 s: production windows are whole hours (hooklane.ingest.dedup-window-hours)
        config.put("hooklane.ingest.dedup-window-seconds", "2");
        try (TestGateway gateway = TestGateway.startWith(config)) {
            SignedWebhook.Request request = accepted(gateway, "standard", "payment.failed");
            assertDuplicate(gateway.post(request));

            List<Integer> statuses = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
                int status = gateway.post(request).statusCode();
                statuses.add(status);
                return status != 200;
            });
            assertThat(statuses.get(statuses.size() - 1)).as("statuses of the replays: " + statuses).isEqualTo(202);
            // accepted again: the window starts over for it
            assertDuplicate(gateway.post(request));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deleted", "corrupted"})
    void an_index_lost_on_disk_is_rebuilt_from_the_topic_and_ingest_answers_not_ready_until_then(String damage)
            throws Exception {
        Map<String, String> config = config();
        Path index = tempDir("dedup-index-").resolve("index");
        config.put("hooklane.ingest.dedup-dir", index.toString());
        SignedWebhook.Request request;
        try (TestGateway gateway = TestGateway.startWith(config)) {
            request = accepted(gateway, "github", "order.created");
        }
        if (damage.equals("deleted")) {
            deleteTree(index);
        } else {
            // RocksDB's pointer to its manifest, garbled as a failing disk would
            Files.writeString(index.resolve("CURRENT"), "\u0000\u0000garbage");
        }

        Map<String, String> held = new HashMap<>(config);
        held.put("hooklane.ingest.dedup-startup-wait-seconds", "0");
        held.put("hooklane.ingest.dedup-consumer.interceptor.classes", HeldDedupReader.class.getName());
        HeldDedupReader.hold();
        try (TestGateway restarted = TestGateway.startWith(held)) {
            try {
                assertThat(HeldDedupReader.awaitHolding()).isTrue();
                IngestEndToEndTest.assertError(restarted.post(request), 503, "not_ready");
                assertNotReady(restarted, "github");
            } finally {
                HeldDedupReader.release();
            }
            awaitReady(restarted);
            assertDuplicate(restarted.post(request));
        }
    }

    @Test
    void an_index_that_fails_while_serving_answers_not_ready_and_is_rebuilt_from_the_topic() throws Exception {
        Map<String, String> config = config();
        Path index = tempDir("dedup-failing-").resolve("index");
        config.put("hooklane.ingest.dedup-dir", index.toString());
        config.put("hooklane.ingest.dedup-consumer.interceptor.classes", HeldDedupReader.class.getName());
        SignedWebhook.Request request;
        HeldDedupReader.release();
        HeldDedupReader.resetSeen();
        try (TestGateway gateway = TestGateway.startWith(config)) {
            request = accepted(gateway, "stripe", "payment.failed");
            // the reader has been given the id's record: the stop lets it apply it with its offset, so the restarted
            // gateway does not read it again into memory, and its one copy is in the table files
            await().atMost(Duration.ofSeconds(30)).until(() -> HeldDedupReader.seen() >= 1);
        }
        // stopped, the index is in table files; restarted, the id is on disk only (the heap front starts empty)
        try (TestGateway restarted = TestGateway.startWith(config)) {
            HeldDedupReader.hold();
            try {
                // the table files go bad under the running index, as on a failing disk: the next read of the id's
                // block finds a checksum mismatch
                damageTablesOn(index);
                IngestEndToEndTest.assertError(restarted.post(request), 503, "not_ready");
                // the rebuild reads the topic from its start: held there, ingest and readiness stay down
                assertThat(HeldDedupReader.awaitHolding()).isTrue();
                assertNotReady(restarted, "stripe");
            } finally {
                HeldDedupReader.release();
            }
            awaitReady(restarted);
            assertDuplicate(restarted.post(request));
            accepted(restarted, "stripe", "order.created");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stopped", "removed"})
    void another_source_keeps_catching_replays_and_accepting_webhooks_when_one_ingest_route_is_stopped_or_removed(
            String how) throws Exception {
        Map<String, String> config = config();
        SignedWebhook.Request stripe;
        SignedWebhook.Request github;
        try (TestGateway gateway = TestGateway.startWith(config)) {
            stripe = accepted(gateway, "stripe", "payment.failed");
            github = accepted(gateway, "github", "order.created");
            org.apache.camel.CamelContext context = gateway.gateway().context();
            // every source's route shares one duplicate gate and one index
            context.getRouteController().stopRoute("ingest-github");
            if (how.equals("removed")) {
                assertThat(context.removeRoute("ingest-github")).isTrue();
            }

            assertDuplicate(gateway.post(stripe));
            accepted(gateway, "stripe", "order.created");
        }
        // the index was closed with the gateway, not left open: a restart on it opens it and still knows both ids
        try (TestGateway restarted = TestGateway.startWith(config)) {
            assertDuplicate(restarted.post(stripe));
            assertDuplicate(restarted.post(github));
        }
    }

    /** A new event of {@code source} is refused as not ready, and readiness is down because of the dedup index. */
    private static void assertNotReady(TestGateway gateway, String source) {
        IngestEndToEndTest.assertError(gateway.post(gateway.signed(source).event("order.created").build()),
                503, "not_ready");
        HttpResponse<String> readiness = gateway.send(gateway.request("/observe/health/ready").build());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(readiness.body()).contains("dedup");
    }

    private static void awaitReady(TestGateway gateway) {
        await().atMost(Duration.ofSeconds(60)).until(() ->
                gateway.send(gateway.request("/observe/health/ready").build()).statusCode() == 200);
    }

    /** Overwrites the first half of every table file of the index in place (the data blocks come first). */
    private static void damageTablesOn(Path dir) throws IOException {
        List<Path> tables;
        try (Stream<Path> files = Files.list(dir)) {
            tables = files.filter(file -> file.toString().endsWith(".sst")).toList();
        }
        assertThat(tables).as("table files in " + dir).isNotEmpty();
        for (Path table : tables) {
            try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(table.toFile(), "rw")) {
                byte[] garbage = new byte[(int) (file.length() / 2)];
                java.util.Arrays.fill(garbage, (byte) 0x5A);
                file.seek(0);
                file.write(garbage);
                file.getFD().sync();
            }
        }
    }

    /** Posts a new event of {@code source} and checks that it was accepted. */
    private static SignedWebhook.Request accepted(TestGateway gateway, String source, String event) {
        SignedWebhook.Request request = gateway.signed(source).event(event).build();
        assertThat(gateway.post(request).statusCode()).isEqualTo(202);
        return request;
    }

    private static void assertDuplicate(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"duplicate\"");
    }

    /** Posts {@code count} new events, a few dozen at a time; answers their statuses. */
    private static List<Integer> postNewEvents(TestGateway gateway, int count) {
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            inFlight.acquireUninterruptibly();
            answers.add(gateway.postAsync(gateway.signed("stripe").event("order.created").build())
                    .thenApply(HttpResponse::statusCode)
                    .whenComplete((status, error) -> inFlight.release()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(Path.of("target"), prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
