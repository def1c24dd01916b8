package io.hooklane.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

import io.hooklane.testing.SignedWebhook;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS with a certificate generated at test time, and plain HTTP refused on the TLS port. */
class TlsTest {

    private static final String PASSWORD = "changeit-test";
    private static Path keystore;
    private static TestGateway gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        keystore = Files.createTempDirectory(Path.of("target"), "tls-").resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hooklane", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        port = TestGateway.freePort();
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), port));
        config.put("camel.ssl.enabled", "true");
        config.put("camel.ssl.keyStore", "file:" + keystore.toAbsolutePath());
        config.put("camel.ssl.keystorePassword", PASSWORD);
        config.put("camel.server.useGlobalSslContextParameters", "true");
        config.put("hooklane.warmup.http-webhooks", "60");
        gateway = TestGateway.startWith(config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void accepts_a_signed_webhook_over_https() throws Exception {
        SignedWebhook.Request request = gateway.signed("stripe").event("payment.failed").build();

        HttpResponse<String> response = client(trustingGateway(), "TLSv1.3").send(post("https", request),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void the_startup_warmup_reaches_the_tls_port_over_https() {
        // its synthetic webhooks were accepted over TLS before readiness: all on the warm-up topic, none elsewhere
        List<ConsumerRecord<String, byte[]>> warmup = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions().until(() -> EventTopic.readAll(TestKafka.bootstrapServers(),
                        gateway.property("hooklane.topic.warmup")), records -> records.size() == 60);
        assertThat(warmup).hasSize(60);
    }

    @Test
    void refuses_plain_http_on_the_tls_port() {
        SignedWebhook.Request request = gateway.signed("stripe").event("payment.failed").build();

        assertThatThrownBy(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(post("http", request), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static HttpRequest post(String scheme, SignedWebhook.Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + request.path()))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        return builder.build();
    }

    private static HttpClient client(SSLContext ssl, String protocol) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                .sslParameters(parameters).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static SSLContext trustingGateway() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
