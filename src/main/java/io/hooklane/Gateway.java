package io.hooklane;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

import io.hooklane.config.DeliveryStateConfiguration;
import io.hooklane.config.HooklaneConfiguration;
import io.hooklane.kafka.EmbeddedKafka;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots Hooklane: the embedded Kafka broker when no cluster is configured (refused in the prod profile), then
 * Camel Main with the routes under {@code routes/}. The same class starts the runnable jar and the end-to-end tests.
 */
public final class Gateway implements AutoCloseable {

    public static final String BROKERS = "camel.component.kafka.brokers";
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final Main main;
    private final EmbeddedKafka embeddedKafka;
    private final String brokers;

    private Gateway(Main main, EmbeddedKafka embeddedKafka, String brokers) {
        this.main = main;
        this.embeddedKafka = embeddedKafka;
        this.brokers = brokers;
    }

    /**
     * Prepares a gateway. {@code overrides} are configuration keys that win over application.properties and the
     * environment (tests use them; the jar passes none).
     */
    public static Gateway create(Map<String, String> overrides) {
        String port = setting(overrides, "camel.server.port", "CAMEL_SERVER_PORT", "8080");
        String host = setting(overrides, "camel.server.host", "CAMEL_SERVER_HOST", "0.0.0.0");
        checkPortFree(host, port);

        String brokers = setting(overrides, BROKERS, "CAMEL_COMPONENT_KAFKA_BROKERS", "");
        EmbeddedKafka embedded = null;
        if (brokers.isBlank()) {
            String profile = setting(overrides, "camel.main.profile", "CAMEL_MAIN_PROFILE", "");
            if ("prod".equals(profile)) {
                // before anything starts: the other missing settings are read from the route files, so that this one
                // refusal names everything to set (whether a set secret is the demo one is checked once it can start)
                java.util.List<String> others = io.hooklane.config.ProdSettingsScan.missing(
                        setting(overrides, "camel.main.routes-include-pattern", "CAMEL_MAIN_ROUTES_INCLUDE_PATTERN",
                                "file:routes/*.camel.yaml"),
                        name -> lookup(overrides, name));
                throw new IllegalStateException("prod profile: set CAMEL_COMPONENT_KAFKA_BROKERS"
                        + (others.isEmpty() ? "" : ", " + String.join(", ", others))
                        + "\n  - no Kafka cluster: set CAMEL_COMPONENT_KAFKA_BROKERS (" + BROKERS
                        + ") to your cluster's bootstrap servers; the embedded single-node broker is for development"
                        + " only" + others.stream().map(o -> "\n  - set " + o).collect(
                                java.util.stream.Collectors.joining()));
            }
            Path dataDir = Path.of(setting(overrides, "hooklane.data-dir", "HOOKLANE_DATA_DIR", "data"));
            embedded = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
            brokers = embedded.bootstrapServers();
            LOG.info("No Kafka cluster configured ({} / CAMEL_COMPONENT_KAFKA_BROKERS): using the embedded broker at {}",
                    BROKERS, brokers);
        }
        Main main = new Main();
        main.configure().addConfiguration(HooklaneConfiguration.class);
        main.configure().addConfiguration(DeliveryStateConfiguration.class);
        if (overrides.containsKey("camel.main.profile")) {
            // Camel reads the profile (and so application-<profile>.properties) before any override applies
            main.configure().setProfile(overrides.get("camel.main.profile"));
        }
        overrides.forEach(main::addOverrideProperty);
        main.addOverrideProperty(BROKERS, brokers);
        main.addOverrideProperty("camel.server.port", port);
        main.addOverrideProperty("camel.management.port", port);
        return new Gateway(main, embedded, brokers);
    }

    /** Starts and returns at once (tests). */
    public Gateway start() throws Exception {
        main.start();
        return this;
    }

    /** Runs until the JVM is asked to stop (the jar). */
    public void run() throws Exception {
        try {
            main.run();
        } finally {
            closeBroker();
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String brokers() {
        return brokers;
    }

    @Override
    public void close() throws Exception {
        try {
            main.stop();
        } finally {
            closeBroker();
        }
    }

    private void closeBroker() {
        if (embeddedKafka != null) {
            embeddedKafka.close();
        }
    }

    /** A setting or environment variable by its own name: the overrides, then -D, then the environment. */
    private static String lookup(Map<String, String> overrides, String name) {
        String value = overrides.get(name);
        if (value == null) {
            value = System.getProperty(name);
        }
        return value != null ? value : System.getenv(name);
    }

    private static String setting(Map<String, String> overrides, String key, String env, String fallback) {
        String value = overrides.get(key);
        if (value == null) {
            value = System.getProperty(key);
        }
        if (value == null) {
            value = System.getenv(env);
        }
        return value == null ? fallback : value.trim();
    }

    private static void checkPortFree(String host, String port) {
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("camel.server.port (CAMEL_SERVER_PORT) must be a number but was '" + port + "'");
        }
        if (number == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), number));
        } catch (IOException e) {
            throw new IllegalStateException("Hooklane cannot listen on " + host + ":" + number
                    + " (camel.server.port / CAMEL_SERVER_PORT): " + e.getMessage());
        }
    }
}
