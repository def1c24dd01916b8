package io.hooklane.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Readiness: DOWN while the Kafka cluster cannot be reached (the gateway could only answer 503), UP otherwise.
 * Liveness is not affected: restarting the gateway does not bring Kafka back.
 */
public final class KafkaReadinessCheck extends AbstractHealthCheck {

    private final String brokers;
    private final String topic;
    private Admin admin;

    public KafkaReadinessCheck(String brokers, String topic) {
        super("hooklane", "kafka");
        this.brokers = brokers;
        this.topic = topic;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("brokers", brokers);
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000));
            }
            int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS);
            builder.detail("nodes", nodes).up();
        } catch (Exception e) {
            builder.message("Kafka unreachable: " + e.getClass().getSimpleName()).down();
        }
    }
}
