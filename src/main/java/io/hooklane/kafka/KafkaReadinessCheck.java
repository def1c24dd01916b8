package io.hooklane.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Readiness: DOWN while the Kafka cluster cannot be reached (the gateway could only answer 503), UP otherwise.
 * Liveness is not affected: restarting the gateway does not bring Kafka back.
 */
public final class KafkaReadinessCheck extends AbstractHealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReadinessCheck.class);

    private final KafkaConnection kafka;
    private final String topic;
    private Admin admin;
    private String reason;

    public KafkaReadinessCheck(KafkaConnection kafka, String topic) {
        super("hooklane", "kafka");
        this.kafka = kafka;
        this.topic = topic;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected synchronized void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("brokers", kafka.bootstrapServers());
        try {
            if (admin == null) {
                admin = Admin.create(kafka.adminConfig(Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000,
                        AdminClientConfig.CLIENT_ID_CONFIG, "hooklane-readiness")));
            }
            int nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).size();
            admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS);
            builder.detail("nodes", nodes).up();
            if (reason != null) {
                LOG.info("Kafka reachable again at {}", kafka.bootstrapServers());
                reason = null;
            }
        } catch (Exception e) {
            String why = reason(e);
            builder.message(why).down();
            if (!why.equals(reason)) {
                LOG.warn("Not ready: {} ({})", why, kafka);
                reason = why;
            }
        }
    }

    /** Why the cluster cannot be used, from Kafka's own words when it refused the gateway's credentials or rights. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException) {
                return "Kafka refused the gateway's credentials: " + t.getMessage();
            }
            if (t instanceof AuthorizationException) {
                return "Kafka refused the gateway access: " + t.getMessage();
            }
        }
        Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
        return "Kafka unreachable: " + cause.getClass().getSimpleName();
    }
}
