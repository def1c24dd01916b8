package io.hooklane.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
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
    public static void ensure(String bootstrapServers, Collection<String> names, int partitions, short replicationFactor) {
        ensure(bootstrapServers, names, partitions, replicationFactor, Map.of());
    }

    /** As above, with topic-level configs (such as retention.ms) for topics it creates. */
    public static void ensure(String bootstrapServers, Collection<String> names, int partitions, short replicationFactor,
                              Map<String, String> topicConfigs) {
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, Optional.of(partitions), Optional.of(replicationFactor)).configs(topicConfigs))
                    .toList();
            if (missing.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            LOG.info("Created Kafka topics {} ({} partitions)", missing.stream().map(NewTopic::name).toList(), partitions);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating Kafka topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create Kafka topics " + names + " on " + bootstrapServers
                    + ": " + e.getMessage(), e);
        }
    }
}
