package io.hooklane.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker running in this JVM: the gateway's default when no Kafka cluster is
 * configured, and the broker the tests run against. Its log lives under a data directory, so events survive a restart.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final Listener extra;
    private final int extraPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, int port, int controllerPort, Listener extra, int extraPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.extra = extra;
        this.extraPort = extraPort;
    }

    /**
     * A listener beside the broker's PLAINTEXT one, such as a SASL_SSL listener for clients.
     *
     * @param name            its listener name (upper case)
     * @param protocol        its security protocol
     * @param settings        broker settings it needs (key stores, SASL mechanisms, login modules)
     * @param formatArguments arguments for formatting a new storage, such as {@code --add-scram} users
     */
    public record Listener(String name, String protocol, Map<String, String> settings, List<String> formatArguments) {
    }

    /** Starts a broker with its log under {@code dataDir}; port 0 picks a free port. */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /** As {@link #start(Path, int)}, with an extra listener on a free port (none when null). */
    public static EmbeddedKafka start(Path dataDir, int port, Listener extra) {
        int brokerPort = port > 0 ? port : freePort();
        EmbeddedKafka kafka = new EmbeddedKafka(dataDir.toAbsolutePath(), brokerPort, freePort(), extra,
                extra == null ? 0 : freePort());
        kafka.startServer();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The extra listener's address. */
    public String extraBootstrapServers() {
        if (extra == null) {
            throw new IllegalStateException("this broker has no extra listener");
        }
        return "127.0.0.1:" + extraPort;
    }

    private void startServer() {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka data directory " + logDir, e);
        }
        Properties props = brokerProperties();
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        formatStorageIfNew(props);
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LOG.info("Embedded Kafka broker ready on {} with data in {} ({} ms)", bootstrapServers(), logDir,
                (System.nanoTime() - started) / 1_000_000);
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listeners = "PLAINTEXT://127.0.0.1:" + port;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (extra != null) {
            listeners += "," + extra.name() + "://127.0.0.1:" + extraPort;
            protocols += "," + extra.name() + ":" + extra.protocol();
            p.putAll(extra.settings());
        }
        p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listeners);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", protocols);
        p.put("log.dirs", logDir.toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "3");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    private void formatStorageIfNew(Properties props) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        Path config = logDir.resolve("format.properties");
        try (var out = Files.newBufferedWriter(config)) {
            props.store(out, "used once to format this directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of(
                "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--ignore-formatted"));
        if (extra != null) {
            arguments.addAll(extra.formatArguments());
        }
        int rc = StorageTool.execute(arguments.toArray(String[]::new), new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting Kafka storage in " + logDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Embedded Kafka broker stopped");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
