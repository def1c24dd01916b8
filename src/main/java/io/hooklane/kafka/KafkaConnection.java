package io.hooklane.kafka;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The gateway's Kafka cluster: where it is ({@code camel.component.kafka.brokers}) and how every client reaches it
 * ({@link KafkaSecurity}). One per gateway, in its registry; every producer, consumer and admin client takes its
 * configuration from here.
 */
public final class KafkaConnection {

    public static final String NAME = "hooklaneKafkaConnection";

    private final String bootstrapServers;
    private final KafkaSecurity security;

    public KafkaConnection(String bootstrapServers, KafkaSecurity security) {
        this.bootstrapServers = bootstrapServers;
        this.security = security;
    }

    /** A cluster reached without TLS or authentication (the embedded broker, tests). */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, KafkaSecurity.none());
    }

    /** This gateway's connection, read from its configuration (and checked) on first use. */
    public static KafkaConnection of(CamelContext context) {
        synchronized (KafkaConnection.class) {
            KafkaConnection connection = context.getRegistry().lookupByNameAndType(NAME, KafkaConnection.class);
            if (connection == null) {
                var properties = context.getPropertiesComponent();
                Set<String> propertyKeys = new HashSet<>(properties.loadProperties(
                        k -> k.startsWith(KafkaSecurity.CLIENT_PREFIX)).stringPropertyNames());
                propertyKeys.addAll(System.getProperties().stringPropertyNames());
                KafkaSecurity security = KafkaSecurity.resolve(key -> properties.resolveProperty(key)
                                .orElseGet(() -> System.getenv(KafkaSecurity.envName(key))),
                        KafkaSecurity.clientKeys(propertyKeys, System.getenv().keySet()));
                connection = new KafkaConnection(
                        context.resolvePropertyPlaceholders("{{camel.component.kafka.brokers}}"), security);
                context.getRegistry().bind(NAME, KafkaConnection.class, connection);
            }
            return connection;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public KafkaSecurity security() {
        return security;
    }

    /** A producer's configuration: the gateway's shared settings, {@code settings}, the cluster's address and security. */
    public Map<String, Object> producerConfig(Map<?, ?> settings) {
        return config(ProducerConfig.configNames(), settings);
    }

    public Map<String, Object> consumerConfig(Map<?, ?> settings) {
        return config(ConsumerConfig.configNames(), settings);
    }

    public Map<String, Object> adminConfig(Map<?, ?> settings) {
        return config(AdminClientConfig.configNames(), settings);
    }

    private Map<String, Object> config(Set<String> names, Map<?, ?> settings) {
        Map<String, Object> config = KafkaClients.config(settings);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(security.properties(names));
        return config;
    }

    /** The cluster and how it is reached, without a secret. */
    @Override
    public String toString() {
        return bootstrapServers + " (" + security + ")";
    }
}
