package io.hooklane.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;

/** Settings every Kafka producer and consumer of the gateway shares. */
public final class KafkaClients {

    /**
     * Client telemetry (KIP-714) off: the gateway's meters are served at /observe/metrics, and the telemetry sender
     * costs every network poll of every client a check (about 1.5 % of the gateway's CPU at 1,000 events/s).
     */
    public static final String METRICS_PUSH = CommonClientConfigs.ENABLE_METRICS_PUSH_CONFIG;

    private KafkaClients() {
    }

    /**
     * The given settings (a map or {@code Properties}) plus the shared ones (a given setting wins). Clients take
     * their configuration from {@link KafkaConnection}, which adds the cluster's address and security.
     */
    static Map<String, Object> config(Map<?, ?> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(METRICS_PUSH, false);
        settings.forEach((key, value) -> config.put(String.valueOf(key), value));
        return config;
    }
}
