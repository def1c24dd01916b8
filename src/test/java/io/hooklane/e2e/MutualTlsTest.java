package io.hooklane.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.hooklane.testing.Keytool;
import io.hooklane.Gateway;
import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code camel.ssl.clientAuthentication=REQUIRE} with a trust store holding one test CA: only clients with a
 * certificate from that CA complete the handshake. Certificates and stores are made with keytool at test time.
 */
class MutualTlsTest {

    private static final String PASSWORD = "changeit-test";
    private static Path dir;
    private static TestGateway gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory(Path.of("target"), "mtls-");
        // keytool runs in its own JVM: the three key stores are made side by side
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> Keytool.run("-genkeypair", "-alias", "hooklane",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-storetype", "PKCS12", "-keystore", store("gateway"),
                "-storepass", PASSWORD));
        CompletableFuture<Void> stranger = CompletableFuture.runAsync(() -> clientOf("other-ca", "stranger"));
        clientOf("trusted-ca", "client");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", load("trusted-ca").getCertificate("ca"));
        try (OutputStream out = Files.newOutputStream(Path.of(store("truststore")))) {
            trust.store(out, PASSWORD.toCharArray());
        }
        CompletableFuture.allOf(server, stranger).join();

        port = TestGateway.freePort();
        gateway = TestGateway.startWith(mutualTls(port));
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void accepts_a_signed_webhook_from_a_client_certificate_of_the_trusted_ca() throws Exception {
        HttpResponse<String> response = client("client", "TLSv1.3").send(post(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void the_startup_warmup_over_http_gives_up_without_a_client_certificate_and_the_gateway_is_ready() throws Exception {
        HttpClient client = client("client", "TLSv1.3");
        HttpRequest ready = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                + "/observe/health/ready?exposureLevel=full&data=true")).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> answer = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> client.send(ready, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
        assertThat(answer.body()).containsPattern("\"warmup.http-webhooks\" ?: ?0[,}\\s]");
        // the in-process warm-up ran instead
        assertThat(answer.body()).containsPattern("\"warmup.webhooks\" ?: ?[1-9]");
        assertThat(EventTopic.readAll(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.warmup")))
                .as("records on the warm-up topic").isEmpty();
    }

    @Test
    void refuses_the_handshake_of_a_client_without_a_certificate() {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            assertThatThrownBy(() -> client(null, protocol).send(post(), HttpResponse.BodyHandlers.ofString()))
                    .as(protocol).isInstanceOf(IOException.class).satisfies(MutualTlsTest::isTlsFailure);
        }
    }

    @Test
    void refuses_the_handshake_of_a_client_certificate_from_another_ca() {
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            assertThatThrownBy(() -> client("stranger", protocol).send(post(), HttpResponse.BodyHandlers.ofString()))
                    .as(protocol).isInstanceOf(IOException.class).satisfies(MutualTlsTest::isTlsFailure);
        }
    }

    @Test
    void refuses_to_start_when_client_certificates_are_required_but_no_trust_store_is_set() {
        Map<String, String> config = mutualTls(TestGateway.freePort());
        config.remove("camel.ssl.trustStore");
        config.remove("camel.ssl.trustStorePassword");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("camel.ssl.clientAuthentication")
                        .contains("camel.ssl.trustStore"));
    }

    private static Map<String, String> mutualTls(int port) {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), port));
        config.put("camel.ssl.enabled", "true");
        config.put("camel.ssl.keyStore", "file:" + store("gateway"));
        config.put("camel.ssl.keystorePassword", PASSWORD);
        config.put("camel.ssl.trustStore", "file:" + store("truststore"));
        config.put("camel.ssl.trustStorePassword", PASSWORD);
        config.put("camel.ssl.clientAuthentication", "REQUIRE");
        config.put("camel.server.useGlobalSslContextParameters", "true");
        // the warm-up over HTTP has no client certificate: it must give up, the in-process one run instead, and the
        // gateway be ready all the same
        config.put("hooklane.warmup.http-webhooks", "500");
        return config;
    }

    /** A CA {@code ca} and a key store {@code name} holding a client key with the certificate that CA signed. */
    private static void clientOf(String ca, String name) {
        Keytool.run("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + ca, "-ext", "bc:c", "-storetype", "PKCS12", "-keystore", store(ca),
                "-storepass", PASSWORD);
        Keytool.run("-genkeypair", "-alias", "client", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=" + name, "-storetype", "PKCS12", "-keystore", store(name), "-storepass", PASSWORD);
        Keytool.run("-certreq", "-alias", "client", "-keystore", store(name), "-storepass", PASSWORD,
                "-file", path(name + ".csr"));
        Keytool.run("-gencert", "-rfc", "-alias", "ca", "-keystore", store(ca), "-storepass", PASSWORD, "-validity", "2",
                "-ext", "eku=clientAuth", "-infile", path(name + ".csr"), "-outfile", path(name + ".pem"));
        try {
            KeyStore keys = load(name);
            Certificate signed;
            try (InputStream in = Files.newInputStream(Path.of(path(name + ".pem")))) {
                signed = CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            keys.setKeyEntry("client", keys.getKey("client", PASSWORD.toCharArray()), PASSWORD.toCharArray(),
                    new Certificate[] {signed, load(ca).getCertificate("ca")});
            try (OutputStream out = Files.newOutputStream(Path.of(store(name)))) {
                keys.store(out, PASSWORD.toCharArray());
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }


    private static String store(String name) {
        return path(name + ".p12");
    }

    private static String path(String file) {
        return dir.resolve(file).toAbsolutePath().toString();
    }

    private static HttpRequest post() {
        SignedWebhook.Request request = gateway.signed("stripe").event("payment.failed").build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        return builder.build();
    }

    /** A client trusting the gateway's certificate and presenting the certificate in {@code keyStore} (if any). */
    private static HttpClient client(String keyStore, String protocol) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("gateway"));
        KeyManagerFactory keys = null;
        if (keyStore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(keyStore), PASSWORD.toCharArray());
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .sslParameters(parameters).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(String name) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(store(name)))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** The failure came from TLS (an alert or a closed handshake), not from HTTP. */
    private static void isTlsFailure(Throwable e) {
        boolean tls = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            tls |= t instanceof SSLException || String.valueOf(t.getMessage()).toLowerCase().contains("certificate")
                    || String.valueOf(t.getMessage()).toLowerCase().contains("closed");
        }
        assertThat(tls).as("a TLS failure: " + e).isTrue();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
