package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.hooklane.testing.Keytool;
import io.hooklane.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real in-process broker whose client listener is SASL_SSL, as a managed cluster's is: SCRAM-SHA-256/512 users
 * (created and changed through the Admin API) and PLAIN users, a certificate for 127.0.0.1 made with keytool at test
 * time and a trust store holding it. The controller and the broker's own traffic stay on PLAINTEXT listeners, which
 * only the test uses to manage users. Authenticated sessions last {@value #SESSION_MILLIS} ms, so a changed password
 * reaches connections already open.
 */
final class SecuredKafka implements AutoCloseable {

    static final String STORE_PASSWORD = "store-secret-for-tests";
    static final int SESSION_MILLIS = 2_000;
    private static final String LISTENER = "SECURED";

    private final EmbeddedKafka broker;
    private final Path truststore;
    private final Admin admin;

    private SecuredKafka(EmbeddedKafka broker, Path truststore) {
        this.broker = broker;
        this.truststore = truststore;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    /** @param plainUsers PLAIN user names and passwords (fixed for the broker's life) */
    static SecuredKafka start(Map<String, String> plainUsers) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "secured-kafka-").toAbsolutePath();
            Path keystore = dir.resolve("broker.p12");
            Path certificate = dir.resolve("broker.pem");
            Path truststore = dir.resolve("truststore.p12");
            Keytool.run("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD);
            Keytool.run("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass",
                    STORE_PASSWORD, "-file", certificate.toString());
            Keytool.run("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype",
                    "PKCS12", "-keystore", truststore.toString(), "-storepass", STORE_PASSWORD);

            String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
            StringBuilder plain = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            plainUsers.forEach((user, password) -> plain.append(" user_").append(user).append("=\"").append(password)
                    .append('"'));
            Map<String, String> settings = new HashMap<>();
            settings.put(prefix + "ssl.keystore.location", keystore.toString());
            settings.put(prefix + "ssl.keystore.password", STORE_PASSWORD);
            settings.put(prefix + "ssl.keystore.type", "PKCS12");
            settings.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-256,SCRAM-SHA-512,PLAIN");
            settings.put(prefix + "scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            settings.put(prefix + "scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            settings.put(prefix + "plain.sasl.jaas.config", plain + ";");
            settings.put("connections.max.reauth.ms", String.valueOf(SESSION_MILLIS));
            EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("data"), 0,
                    new EmbeddedKafka.Listener(LISTENER, "SASL_SSL", settings, List.of()));
            return new SecuredKafka(broker, truststore);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SASL_SSL listener's address: what the gateway is given. */
    String bootstrapServers() {
        return broker.extraBootstrapServers();
    }

    Path truststore() {
        return truststore;
    }

    /** Creates the SCRAM user (both mechanisms) or sets its new password, as a cluster operator would. */
    void scramUser(String user, String password) {
        try {
            // one alteration of a user per request
            for (ScramMechanism mechanism : List.of(ScramMechanism.SCRAM_SHA_256, ScramMechanism.SCRAM_SHA_512)) {
                List<UserScramCredentialAlteration> alteration = List.of(
                        new UserScramCredentialUpsertion(user, new ScramCredentialInfo(mechanism, 4096), password));
                admin.alterUserScramCredentials(alteration).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set SCRAM credentials of " + user, e);
        }
    }

    @Override
    public void close() {
        admin.close();
        broker.close();
    }

}
