package io.hooklane.kafka;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the gateway's topics when they are missing; existing topics are left as they are. */
public final class Topics {

    private static final Logger LOG = LoggerFactory.getLogger(Topics.class);

    private Topics() {
    }

    /**
     * @param replicationFactor -1 for the broker's default
     */
    public static void ensure(KafkaConnection kafka, Collection<String> names, int partitions, short replicationFactor) {
        ensure(kafka, names, partitions, replicationFactor, Map.of());
    }

    /** As above, with topic-level configs (such as retention.ms) for topics it creates. */
    public static void ensure(KafkaConnection kafka, Collection<String> names, int partitions, short replicationFactor,
                              Map<String, String> topicConfigs) {
        withAdmin(kafka, names, admin -> {
            create(admin, names, partitions, replicationFactor, topicConfigs);
        });
    }

    /**
     * For topics that carry events: creates the missing ones with {@code max.message.bytes} set to
     * {@code maxRecordBytes}, and refuses (IllegalStateException naming the topic and the settings) when an existing
     * one takes smaller records, whether its own setting or the broker's {@code message.max.bytes} default says so.
     */
    public static void ensureForRecords(KafkaConnection kafka, Collection<String> names, int partitions,
                                        short replicationFactor, int maxRecordBytes) {
        Map<String, String> configs = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(maxRecordBytes));
        withAdmin(kafka, names, admin -> {
            // a topic created here has the setting (and is not yet known to every broker a describe may ask)
            Set<String> existing = new HashSet<>(names);
            existing.removeAll(create(admin, names, partitions, replicationFactor, configs));
            if (!existing.isEmpty()) {
                checkRecordSize(admin, existing, maxRecordBytes);
            }
        });
    }

    /** Creates the missing topics; answers those it created. */
    private static Set<String> create(Admin admin, Collection<String> names, int partitions, short replicationFactor,
                                      Map<String, String> topicConfigs) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                .map(n -> new NewTopic(n, Optional.of(partitions), Optional.of(replicationFactor)).configs(topicConfigs))
                .toList();
        if (missing.isEmpty()) {
            return Set.of();
        }
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // another instance created one of them at the same moment: check them all
            return Set.of();
        }
        LOG.info("Created Kafka topics {} ({} partitions)", missing.stream().map(NewTopic::name).toList(), partitions);
        return missing.stream().map(NewTopic::name).collect(java.util.stream.Collectors.toSet());
    }

    private static void checkRecordSize(Admin admin, Collection<String> names, int maxRecordBytes) throws Exception {
        Map<ConfigResource, Config> configs = describe(admin, names);
        for (Map.Entry<ConfigResource, Config> topic : configs.entrySet()) {
            ConfigEntry entry = topic.getValue().get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            if (entry == null || entry.value() == null || Long.parseLong(entry.value()) >= maxRecordBytes) {
                continue;
            }
            String from = entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                    ? "its max.message.bytes" : "its max.message.bytes, from the broker's message.max.bytes";
            throw new RecordSizeException("Kafka topic '" + topic.getKey().name() + "' takes records of at most "
                    + entry.value() + " bytes (" + from + "), but " + RecordLimits.MAX_BODY_SIZE + " needs "
                    + maxRecordBytes + " (the largest body base64-encoded in its CloudEvent, with its headers): set "
                    + "max.message.bytes=" + maxRecordBytes + " on the topic (kafka-configs.sh --alter --entity-type "
                    + "topics --entity-name " + topic.getKey().name() + " --add-config max.message.bytes="
                    + maxRecordBytes + ") or lower " + RecordLimits.MAX_BODY_SIZE);
        }
    }

    /** The topics' configs; a topic another instance has just created may take a moment to be described. */
    private static Map<ConfigResource, Config> describe(Admin admin, Collection<String> names) throws Exception {
        List<ConfigResource> topics = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        for (int attempt = 1; ; attempt++) {
            try {
                return admin.describeConfigs(topics).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 20) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
    }

    private interface AdminWork {
        void run(Admin admin) throws Exception;
    }

    private static void withAdmin(KafkaConnection kafka, Collection<String> names, AdminWork work) {
        Map<String, Object> config = kafka.adminConfig(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
        try (Admin admin = Admin.create(config)) {
            work.run(admin);
        } catch (RecordSizeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create Kafka topics " + names + " on " + kafka
                    + ": " + e.getMessage(), e);
        }
    }

    /** A topic that cannot take the records the gateway is configured to write. */
    static final class RecordSizeException extends IllegalStateException {
        RecordSizeException(String message) {
            super(message);
        }
    }
}
