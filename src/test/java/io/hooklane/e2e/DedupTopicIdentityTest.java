package io.hooklane.e2e;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.hooklane.ingest.KafkaIngestIds;
import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The duplicate index records which ids topic it read (Kafka topic id and cluster id) with its offsets, and resumes
 * from them only on that very topic: an ids topic deleted and created again, an index that does not say which topic
 * it read (an older version's), and an offset beyond its partition's end make the index rebuilt from the topic's
 * beginning; a partition added to the topic is read from its beginning.
 */
class DedupTopicIdentityTest {

    @Test
    void rebuilds_the_index_when_the_ids_topic_was_created_again() throws Exception {
        Map<String, String> config = config();
        List<SignedWebhook.Request> old = acceptThenStop(config, 3);
        assertRebuiltFromTheNewTopic(config, old, createAgainWithMoreRecords(config));
    }

    @Test
    void rebuilds_an_index_that_does_not_record_which_topic_it_read() throws Exception {
        Map<String, String> config = config();
        List<SignedWebhook.Request> old = acceptThenStop(config, 3);
        // what an older version wrote: the topic's name and offsets, no topic id and no cluster id
        editIndex(config, (db, meta) -> {
            db.delete(meta, bytes("topic-id"));
            db.delete(meta, bytes("cluster-id"));
        });
        assertRebuiltFromTheNewTopic(config, old, createAgainWithMoreRecords(config));
    }

    @Test
    void rebuilds_the_index_when_an_offset_it_read_lies_beyond_the_end_of_its_partition() throws Exception {
        Map<String, String> config = config();
        List<SignedWebhook.Request> old = acceptThenStop(config, 2);
        // the same topic (same topic id and cluster) that lost records, as after an unclean leader election: the
        // index read further than the partition now reaches
        editIndex(config, (db, meta) -> db.put(meta, bytes("offset/0"),
                ByteBuffer.allocate(Long.BYTES).putLong(1_000).array()));
        // another instance's id, written after the stop where the index believes it has read already
        String other = "delivery-" + UUID.randomUUID();
        produce(config, 0, List.of("github/" + other));

        try (TestGateway restarted = TestGateway.startWith(config)) {
            awaitReady(restarted);
            KafkaIngestIds.CatchUp catchUp = ids(restarted).catchUp();
            assertThat(catchUp.index()).isEqualTo("replaced");
            assertThat(catchUp.recordsRead()).isGreaterThanOrEqualTo(3);
            assertDuplicate(restarted.post(github(restarted, other)));
            assertDuplicate(restarted.post(old.get(0)));
            assertDuplicate(restarted.post(old.get(1)));
        }
    }

    @Test
    void reads_a_partition_added_to_the_ids_topic_from_its_beginning_and_the_others_from_where_it_left_off()
            throws Exception {
        Map<String, String> config = config();
        List<SignedWebhook.Request> old = acceptThenStop(config, 2);
        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(config.get("hooklane.topic.ingest-ids"), NewPartitions.increaseTo(2)))
                    .all().get(30, TimeUnit.SECONDS);
        }
        String other = "delivery-" + UUID.randomUUID();
        produce(config, 1, List.of("github/" + other));

        try (TestGateway restarted = TestGateway.startWith(config)) {
            awaitReady(restarted);
            KafkaIngestIds.CatchUp catchUp = ids(restarted).catchUp();
            assertThat(catchUp.index()).isEqualTo("existing");
            // the new partition's one record; nothing of partition 0 again
            assertThat(catchUp.recordsRead()).isEqualTo(1);
            assertDuplicate(restarted.post(github(restarted, other)));
            assertDuplicate(restarted.post(old.get(0)));
            assertDuplicate(restarted.post(old.get(1)));
        }
    }

    /**
     * Restarts on {@code config}: the index is replaced and rebuilt from the new topic, so {@code replayed}, written to
     * it at offset 0 (below the offsets the index had read of the old one), is a duplicate, and the first of the
     * {@code old} webhooks, only in the old topic and so no longer in the shared log, is accepted again.
     */
    private static void assertRebuiltFromTheNewTopic(Map<String, String> config, List<SignedWebhook.Request> old,
                                                     String replayed) {
        try (TestGateway restarted = TestGateway.startWith(config)) {
            awaitReady(restarted);
            assertDuplicate(restarted.post(github(restarted, replayed)));
            assertThat(restarted.post(old.get(0)).statusCode()).isEqualTo(202);
            assertThat(ids(restarted).catchUp().index()).isEqualTo("replaced");
        }
    }

    private static Map<String, String> config() throws IOException {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("hooklane.dispatch.enabled", "false");
        config.put("hooklane.delivery.enabled", "false");
        config.put("hooklane.ingest.rate-limit", "0");
        config.put("hooklane.ingest.dedup-dir",
                Files.createTempDirectory(Path.of("target"), "dedup-identity-").resolve("index").toString());
        config.put("hooklane.ingest.dedup-consumer.interceptor.classes", HeldDedupReader.class.getName());
        return config;
    }

    /**
     * Accepts {@code count} new GitHub webhooks (GitHub signs no timestamp: any replay verifies), waits until the
     * index has been given their ids' records back from the topic, and stops: the index then holds them with the
     * offsets after them.
     */
    private static List<SignedWebhook.Request> acceptThenStop(Map<String, String> config, int count) {
        HeldDedupReader.release();
        HeldDedupReader.resetSeen();
        List<SignedWebhook.Request> accepted = new ArrayList<>();
        try (TestGateway gateway = TestGateway.startWith(config)) {
            for (int i = 0; i < count; i++) {
                SignedWebhook.Request request = github(gateway, "delivery-" + UUID.randomUUID());
                assertThat(gateway.post(request).statusCode()).isEqualTo(202);
                accepted.add(request);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> HeldDedupReader.seen() >= count);
            for (SignedWebhook.Request request : accepted) {
                assertDuplicate(gateway.post(request));
            }
        }
        return accepted;
    }

    /**
     * Deletes the ids topic and creates it again, then writes 10 ids to it (more than the index read of the old
     * one), the first of which is answered: a provider id accepted by another instance since.
     */
    private static String createAgainWithMoreRecords(Map<String, String> config) throws Exception {
        String topic = config.get("hooklane.topic.ingest-ids");
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            // deletion completes in the background: the name is free once the creation is not refused
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                    return true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof TopicExistsException) {
                        return false;
                    }
                    throw e;
                }
            });
        }
        String replayed = "delivery-" + UUID.randomUUID();
        List<String> keys = new ArrayList<>(List.of("github/" + replayed));
        for (int i = 0; i < 9; i++) {
            keys.add("github/delivery-" + UUID.randomUUID());
        }
        produce(config, 0, keys);
        return replayed;
    }

    /** Writes ids to a partition of the ids topic as the gateway does (key = the id, value {@code add}). */
    private static void produce(Map<String, String> config, int partition, List<String> keys) throws Exception {
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings, new StringSerializer(),
                new StringSerializer())) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(config.get("hooklane.topic.ingest-ids"), partition,
                        System.currentTimeMillis(), key, "add")).get(30, TimeUnit.SECONDS);
            }
        }
    }

    private interface IndexEdit {
        void apply(RocksDB db, ColumnFamilyHandle meta) throws Exception;
    }

    /** Changes the stopped gateway's index directly (its topic records live in the default column family). */
    private static void editIndex(Map<String, String> config, IndexEdit edit) throws Exception {
        String dir = config.get("hooklane.ingest.dedup-dir");
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        try (Options options = new Options()) {
            for (byte[] name : RocksDB.listColumnFamilies(options, dir)) {
                families.add(new ColumnFamilyDescriptor(name));
            }
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir, families, handles)) {
            for (int i = 0; i < families.size(); i++) {
                if (Arrays.equals(families.get(i).getName(), RocksDB.DEFAULT_COLUMN_FAMILY)) {
                    assertThat(db.get(handles.get(i), bytes("offset/0"))).as("offsets in the index").isNotNull();
                    edit.apply(db, handles.get(i));
                }
            }
        } finally {
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    private static SignedWebhook.Request github(TestGateway gateway, String deliveryId) {
        return gateway.signed("github").id(deliveryId).event("order.created").build();
    }

    private static KafkaIngestIds ids(TestGateway gateway) {
        return gateway.gateway().context().getRegistry().lookupByNameAndType("ingestIds", KafkaIngestIds.class);
    }

    private static void awaitReady(TestGateway gateway) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(gateway).ready());
    }

    private static void assertDuplicate(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"duplicate\"");
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
