package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.hooklane.sender.UcpSigner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UCP order webhooks over real HTTP, a real broker and a real profile server on 127.0.0.1 (a JDK HTTP server
 * publishing the signer's keys): every refusal asserts its error code, and no untrusted URL is ever fetched.
 */
class UcpEndToEndTest {

    private static final String KID = "merchant-2026";

    private static HttpServer profiles;
    private static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private static TestGateway gateway;
    private static String topic;
    private static KeyPair signer;
    private static String profileBase;
    private static String deadProfile;

    @BeforeAll
    static void start() throws Exception {
        signer = p256();
        String profile = profileJson((ECPublicKey) signer.getPublic());
        profiles = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        profiles.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = path.equals("/big")
                    ? ("{\"keys\":[],\"pad\":\"" + "x".repeat(300 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8)
                    : profile.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        profiles.start();
        profileBase = "http://127.0.0.1:" + profiles.getAddress().getPort();
        try (ServerSocket closed = new ServerSocket(0)) {
            deadProfile = "http://127.0.0.1:" + closed.getLocalPort() + "/.well-known/ucp";
        }
        String trusted = String.join(",", profile("/.well-known/ucp"), profile("/kid-refetch"), profile("/big"),
                deadProfile);
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of("UCP_TRUSTED_PROFILES", trusted,
                "hooklane.ucp.fetch-timeout-millis", "2000"));
        topic = gateway.property("hooklane.topic.events");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (profiles != null) {
            profiles.stop(0);
        }
    }

    @Test
    void accepts_a_signed_order_created_normalizes_it_and_routes_it_to_crm_and_recommendations() {
        String eventId = "evt_" + System.nanoTime();
        byte[] body = order(eventId, "order_abc123");

        HttpResponse<String> response = post(body, sign(body, signer, KID, profile("/.well-known/ucp"),
                Clock.systemUTC(), webhookUrl()));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<ConsumerRecord<String, byte[]>> records = EventTopic.awaitEvent(TestKafka.bootstrapServers(), topic,
                eventId);
        JsonNode event = EventTopic.json(records.get(0).value());
        assertThat(event.path("type").asText()).isEqualTo("order.created");
        assertThat(event.path("subject").asText()).isEqualTo("order_abc123");
        assertThat(event.path("source").asText()).isEqualTo("ucp");
        assertThat(event.path("data").toString()).isEqualTo(EventTopic.json(body).toString());
        assertThat(records.get(0).key()).isEqualTo("order_abc123");
        // the shipped routing gives order.created, from any source, to the CRM and the recommendations agent
        String queues = gateway.property("hooklane.topic.deliveries-prefix");
        assertThat(EventTopic.awaitEvent(TestKafka.bootstrapServers(), queues + "crm", eventId)).hasSize(1);
        assertThat(EventTopic.awaitEvent(TestKafka.bootstrapServers(), queues + "recommendations-agent", eventId))
                .hasSize(1);
    }

    @Test
    void refuses_a_body_changed_after_signing_with_digest_mismatch() {
        byte[] body = order("evt_t_" + System.nanoTime(), "order_1");
        Map<String, String> headers = sign(body, signer, KID, profile("/.well-known/ucp"), Clock.systemUTC(),
                webhookUrl());
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("order_1", "order_2")
                .getBytes(StandardCharsets.UTF_8);

        assertRefused(post(tampered, headers), "digest_mismatch");
    }

    @Test
    void refuses_a_digest_replaced_after_signing_with_invalid_signature() {
        byte[] body = order("evt_d_" + System.nanoTime(), "order_1");
        Map<String, String> headers = new LinkedHashMap<>(sign(body, signer, KID, profile("/.well-known/ucp"),
                Clock.systemUTC(), webhookUrl()));
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("order_1", "order_2")
                .getBytes(StandardCharsets.UTF_8);
        headers.put("Content-Digest", sign(tampered, signer, KID, profile("/.well-known/ucp"), Clock.systemUTC(),
                webhookUrl()).get("Content-Digest"));

        assertRefused(post(tampered, headers), "invalid_signature");
    }

    @Test
    void refuses_a_signature_made_with_another_key_under_the_trusted_kid() throws Exception {
        byte[] body = order("evt_w_" + System.nanoTime(), "order_1");

        assertRefused(post(body, sign(body, p256(), KID, profile("/.well-known/ucp"), Clock.systemUTC(),
                webhookUrl())), "invalid_signature");
    }

    @Test
    void refetches_the_profile_once_for_an_unknown_kid_and_not_again_within_a_minute() {
        String url = profile("/kid-refetch");
        byte[] body = order("evt_k_" + System.nanoTime(), "order_1");
        assertThat(post(body, sign(body, signer, KID, url, Clock.systemUTC(), webhookUrl())).statusCode())
                .isEqualTo(202);
        assertThat(hits("/kid-refetch")).isEqualTo(1);

        assertRefused(post(body, sign(body, signer, "rotated-key", url, Clock.systemUTC(), webhookUrl())),
                "unknown_key");
        assertThat(hits("/kid-refetch")).isEqualTo(2);
        assertRefused(post(body, sign(body, signer, "another-key", url, Clock.systemUTC(), webhookUrl())),
                "unknown_key");
        assertThat(hits("/kid-refetch")).isEqualTo(2);
    }

    @Test
    void refuses_a_signature_for_another_path_with_invalid_signature() {
        byte[] body = order("evt_p_" + System.nanoTime(), "order_1");

        assertRefused(post(body, sign(body, signer, KID, profile("/.well-known/ucp"), Clock.systemUTC(),
                gateway.baseUrl() + "/webhooks/other")), "invalid_signature");
    }

    @Test
    void refuses_a_stale_created_with_timestamp_out_of_tolerance() {
        byte[] body = order("evt_s_" + System.nanoTime(), "order_1");
        Clock tenMinutesAgo = Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC);

        assertRefused(post(body, sign(body, signer, KID, profile("/.well-known/ucp"), tenMinutesAgo, webhookUrl())),
                "timestamp_out_of_tolerance");
    }

    @Test
    void refuses_an_untrusted_profile_without_fetching_it() {
        byte[] body = order("evt_u_" + System.nanoTime(), "order_1");

        assertRefused(post(body, sign(body, signer, KID, profile("/untrusted"), Clock.systemUTC(), webhookUrl())),
                "untrusted_key_source");
        assertThat(hits("/untrusted")).isZero();
    }

    @Test
    void refuses_with_unknown_key_when_the_trusted_profile_is_unreachable() {
        byte[] body = order("evt_x_" + System.nanoTime(), "order_1");

        assertRefused(post(body, sign(body, signer, KID, deadProfile, Clock.systemUTC(), webhookUrl())),
                "unknown_key");
    }

    @Test
    void refuses_with_unknown_key_when_the_trusted_profile_is_oversized() {
        byte[] body = order("evt_b_" + System.nanoTime(), "order_1");

        assertRefused(post(body, sign(body, signer, KID, profile("/big"), Clock.systemUTC(), webhookUrl())),
                "unknown_key");
        assertThat(hits("/big")).isEqualTo(1);
    }

    @Test
    void refuses_an_unsigned_order_with_missing_signature() {
        byte[] body = order("evt_n_" + System.nanoTime(), "order_1");

        assertRefused(post(body, Map.of()), "missing_signature");
    }

    @Test
    void bin_send_ucp_order_created_is_accepted_by_a_dev_gateway_trusting_the_demo_key_it_publishes() {
        Map<String, String> config = new java.util.HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.remove("UCP_TRUSTED_PROFILES");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (TestGateway dev = TestGateway.startWith(config)) {
            int exit = new io.hooklane.sender.SampleSender(java.net.http.HttpClient.newHttpClient(),
                    new java.io.PrintStream(out, true, StandardCharsets.UTF_8), System.err, name -> null,
                    Clock.systemUTC(), io.hooklane.sender.SampleRequests.randomIds())
                    .run("ucp", "order.created", "--url", dev.baseUrl());

            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("202 ").contains("\"accepted\"");
            HttpResponse<String> profile = dev.send(dev.request("/demo/ucp/profile").GET().build());
            assertThat(profile.statusCode()).isEqualTo(200);
            assertThat(EventTopic.json(profile.body().getBytes(StandardCharsets.UTF_8))
                    .path("signing_keys").path(0).path("kid").asText()).isEqualTo("hooklane-demo-ucp");
        }
    }

    @Test
    void prod_profile_refuses_to_start_with_the_demo_key_in_the_jwks_file(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws IOException {
        java.nio.file.Path jwks = dir.resolve("jwks.json");
        java.nio.file.Files.writeString(jwks, io.hooklane.config.DemoUcpKey.profileJson());
        Map<String, String> config = new java.util.HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("camel.main.profile", "prod");
        config.remove("UCP_TRUSTED_PROFILES");
        config.put("UCP_JWKS_FILE", jwks.toString());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.hooklane.Gateway.create(config).start().close())
                .satisfies(e -> assertThat(StartupTest.rootMessage(e)).contains("ucp").contains("demo key"));
    }

    private static void assertRefused(HttpResponse<String> response, String error) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("error").asText())
                .isEqualTo(error);
    }

    private static HttpResponse<String> post(byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl()))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return gateway.send(request.build());
    }

    private static Map<String, String> sign(byte[] body, KeyPair key, String kid, String profile, Clock clock,
                                            String url) {
        return new UcpSigner(key.getPrivate(), kid, profile, clock).sign(body, null, url);
    }

    private static String webhookUrl() {
        return gateway.baseUrl() + "/webhooks/ucp";
    }

    private static String profile(String path) {
        return profileBase + path;
    }

    private static int hits(String path) {
        AtomicInteger count = hits.get(path);
        return count == null ? 0 : count.get();
    }

    private static byte[] order(String eventId, String orderId) {
        return ("{\"ucp\":{\"version\":\"2026-04-08\"},\"id\":\"" + orderId + "\",\"checkout_id\":\"checkout_1\","
                + "\"currency\":\"USD\",\"line_items\":[{\"id\":\"li_1\",\"item\":{\"id\":\"prod_1\",\"title\":"
                + "\"Running Shoes\",\"price\":3000},\"quantity\":{\"original\":1,\"total\":1,\"fulfilled\":0},"
                + "\"status\":\"processing\"}],\"fulfillment\":{\"expectations\":[],\"events\":[]},"
                + "\"adjustments\":[],\"totals\":[{\"type\":\"total\",\"amount\":3000}],"
                + "\"event_id\":\"" + eventId + "\",\"created_time\":\"2026-12-02T07:00:00Z\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static String profileJson(ECPublicKey key) {
        return "{\"ucp\":{\"version\":\"2026-04-08\"},\"signing_keys\":[{\"kid\":\"" + KID + "\",\"kty\":\"EC\","
                + "\"crv\":\"P-256\",\"x\":\"" + b64(key.getW().getAffineX()) + "\",\"y\":\""
                + b64(key.getW().getAffineY()) + "\",\"use\":\"sig\",\"alg\":\"ES256\"},"
                + "{\"kid\":\"rsa-1\",\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}]}";
    }

    private static String b64(BigInteger coordinate) {
        byte[] raw = coordinate.toByteArray();
        byte[] fixed = new byte[32];
        int from = Math.max(0, raw.length - 32);
        System.arraycopy(raw, from, fixed, 32 - (raw.length - from), raw.length - from);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }
}
