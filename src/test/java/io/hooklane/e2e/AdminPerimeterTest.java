package io.hooklane.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.hooklane.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admin and metrics perimeter over real HTTP: the admin API and the metrics on a port of their own, failed
 * authentications limited per client address, short admin tokens refused at start-up.
 */
class AdminPerimeterTest {

    private static final String TOKEN = AdminApiTest.TOKEN;
    private static TestGateway gateway;
    private static int adminPort;

    @BeforeAll
    static void start() {
        adminPort = TestGateway.freePort();
        Map<String, String> config = new HashMap<>();
        config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
        config.put("hooklane.admin.port", String.valueOf(adminPort));
        config.put("hooklane.admin.host", "127.0.0.1");
        config.put("hooklane.metrics.on-admin-port", "true");
        // the test client is the trusted proxy: X-Forwarded-For gives each request the client address it names
        config.put("hooklane.ingest.trusted-proxies", "127.0.0.1/32");
        config.put("hooklane.admin.failed-auth-limit", "3");
        config.put("hooklane.admin.failed-auth-refill-seconds", "3600");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void serves_the_admin_api_on_its_own_port_and_answers_404_for_it_on_the_public_port() {
        HttpResponse<String> onAdminPort = get(adminPort, "/admin/destinations", TOKEN, "198.51.100.1");
        assertThat(onAdminPort.statusCode()).as(onAdminPort.body()).isEqualTo(200);
        assertThat(onAdminPort.body()).contains("\"destinations\"", "crm");

        int publicPort = publicPort();
        for (String path : new String[] {"/admin/destinations", "/admin/destinations/crm/dead-letters",
                "/admin/x/../destinations", "/ADMIN/destinations"}) {
            IngestEndToEndTest.assertError(get(publicPort, path, TOKEN, "198.51.100.1"), 404, "not_found");
        }
        IngestEndToEndTest.assertError(gateway.send(request(publicPort, "/admin/destinations/crm/pause", TOKEN, null)
                .POST(HttpRequest.BodyPublishers.noBody()).build()), 404, "not_found");
        assertThat(get(adminPort, "/admin/destinations", TOKEN, "198.51.100.1").body())
                .doesNotContain("\"paused\":true");

        // webhooks stay on the public port only
        assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode()).isEqualTo(202);
        IngestEndToEndTest.assertError(get(adminPort, "/webhooks/stripe", null, null), 404, "not_found");
    }

    @Test
    void moves_the_metrics_to_the_admin_port_and_keeps_health_public() {
        HttpResponse<String> metrics = get(adminPort, "/observe/metrics", null, null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        IngestEndToEndTest.assertError(get(publicPort(), "/observe/metrics", null, null), 404, "not_found");
        assertThat(get(publicPort(), "/observe/health/ready", null, null).statusCode()).isEqualTo(200);
        assertThat(get(publicPort(), "/observe/health/live", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void locks_out_an_address_after_repeated_failed_authentications_even_with_the_right_token() {
        String attacker = "203.0.113.50";
        for (int i = 0; i < 3; i++) {
            IngestEndToEndTest.assertError(get(adminPort, "/admin/destinations", "wrong-token-" + i, attacker),
                    401, "unauthorized");
        }

        HttpResponse<String> locked = get(adminPort, "/admin/destinations", "wrong-token-3", attacker);
        HttpResponse<String> lockedRight = get(adminPort, "/admin/destinations", TOKEN, attacker);

        IngestEndToEndTest.assertError(locked, 429, "too_many_attempts");
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        IngestEndToEndTest.assertError(lockedRight, 429, "too_many_attempts");
        // another address is not affected
        assertThat(get(adminPort, "/admin/destinations", TOKEN, "203.0.113.51").statusCode()).isEqualTo(200);
    }

    @Test
    void serves_the_admin_port_over_tls_when_the_public_server_uses_tls() throws Exception {
        String password = "changeit-test";
        Path keystore = Files.createTempDirectory(Path.of("target"), "tls-").resolve("gateway.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hooklane", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password).redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        int tlsAdminPort = TestGateway.freePort();
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("camel.ssl.enabled", "true");
        config.put("camel.ssl.keyStore", "file:" + keystore.toAbsolutePath());
        config.put("camel.ssl.keystorePassword", password);
        config.put("camel.server.useGlobalSslContextParameters", "true");
        config.put("HOOKLANE_ADMIN_TOKEN", TOKEN);
        config.put("hooklane.admin.port", String.valueOf(tlsAdminPort));
        try (TestGateway tls = TestGateway.startWith(config)) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                trust.load(in, password.toCharArray());
            }
            TrustManagerFactory trusting = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trusting.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trusting.getTrustManagers(), null);
            HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ssl)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI destinations = URI.create("https://127.0.0.1:" + tlsAdminPort + "/admin/destinations");

            HttpResponse<String> overTls = https.send(HttpRequest.newBuilder(destinations)
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(overTls.statusCode()).as(overTls.body()).isEqualTo(200);
            assertThatThrownBy(() -> HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tlsAdminPort + "/admin/destinations"))
                            .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        }
    }

    @Test
    void refuses_to_start_with_an_admin_token_shorter_than_32_bytes_naming_the_variable_not_the_token()
            throws Exception {
        String shortToken = "only-31-bytes-long-admin-token!";
        assertThat(shortToken).hasSize(31);
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("HOOKLANE_ADMIN_TOKEN", shortToken);
        assertRefusedToStart(config, shortToken, "HOOKLANE_ADMIN_TOKEN");

        Path file = Files.createTempFile(Path.of("target"), "admin-token", ".txt");
        Files.writeString(file, shortToken + "\n");
        config.remove("HOOKLANE_ADMIN_TOKEN");
        config.put("HOOKLANE_ADMIN_TOKEN_FILE", file.toString());
        assertRefusedToStart(config, shortToken, "HOOKLANE_ADMIN_TOKEN_FILE");
    }

    @Test
    void refuses_to_start_when_the_admin_port_is_taken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.put("hooklane.admin.port", String.valueOf(taken.getLocalPort()));
            assertRefusedToStart(config, null, "127.0.0.1:" + taken.getLocalPort(), "hooklane.admin.port");
        }
    }

    @Test
    void refuses_to_start_with_metrics_on_an_admin_port_that_is_not_set() throws Exception {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("hooklane.metrics.on-admin-port", "true");
        assertRefusedToStart(config, null, "hooklane.metrics.on-admin-port");
    }

    /** Start-up fails with a message naming each of {@code named} and never containing {@code never}. */
    private static void assertRefusedToStart(Map<String, String> config, String never, String... named)
            throws Exception {
        Gateway refused = Gateway.create(config);
        try {
            assertThatThrownBy(refused::start).satisfies(e -> {
                String message = StartupTest.rootMessage(e);
                assertThat(message).contains(named);
                if (never != null) {
                    assertThat(message).doesNotContain(never);
                }
            });
        } finally {
            refused.close();
        }
    }

    private static int publicPort() {
        return URI.create(gateway.baseUrl()).getPort();
    }

    private static HttpResponse<String> get(int port, String path, String token, String forwardedFor) {
        return gateway.send(request(port, path, token, forwardedFor).GET().build());
    }

    private static HttpRequest.Builder request(int port, String path, String token, String forwardedFor) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (forwardedFor != null) {
            builder.header("X-Forwarded-For", forwardedFor);
        }
        return builder;
    }
}
