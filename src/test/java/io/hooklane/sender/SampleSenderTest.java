package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hooklane.config.DemoSecrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the sender against a real HTTP server on 127.0.0.1. */
class SampleSenderTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T10:00:00Z"), ZoneOffset.UTC);

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private volatile int status = 202;
    private HttpServer server;
    private String baseUrl;

    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        byte[] reply = ("{\"id\":\"evt_" + received.size() + "\",\n \"status\":\"accepted\"}")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    @Test
    void postsASignedSampleToTheSourcesPathAndPrintsStatusAndBody() {
        int code = sender(Map.of("STRIPE_WEBHOOK_SECRET", "whsec_one,whsec_old"))
                .run("stripe", "payment.failed", "--url", baseUrl);

        assertThat(code).isZero();
        assertThat(output()).isEqualTo("202 {\"id\":\"evt_1\", \"status\":\"accepted\"}\n");
        assertThat(received).hasSize(1);
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/webhooks/stripe");
        assertThat(request.header("Content-type")).isEqualTo("application/json");
        String expected = Hmac.hex(Hmac.sha256("whsec_one", Hmac.utf8("1714557600."), request.body()));
        assertThat(request.header("Stripe-signature")).isEqualTo("t=1714557600,v1=" + expected);
        assertThat(new String(request.body(), StandardCharsets.UTF_8))
                .contains("\"type\": \"payment_intent.payment_failed\"");
    }

    @Test
    void sendsCountDistinctEventsSignedWithTheDemoSecretWhenNothingIsConfigured() {
        int code = sender(Map.of()).run("shop-eu", "order.created", "--scheme", "shopify", "--count", "3",
                "--url", baseUrl + "/");

        assertThat(code).isZero();
        assertThat(output().lines()).hasSize(3).allMatch(line -> line.startsWith("202 "));
        assertThat(received).extracting(Received::path).containsOnly("/webhooks/shop-eu");
        assertThat(received).extracting(r -> r.header("X-shopify-webhook-id")).doesNotHaveDuplicates();
        assertThat(received).extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).doesNotHaveDuplicates();
        String demo = DemoSecrets.forSource("shop-eu", "shopify");
        for (Received r : received) {
            assertThat(r.header("X-shopify-hmac-sha256")).isEqualTo(Hmac.base64(Hmac.sha256(demo, r.body())));
            assertThat(r.header("X-shopify-topic")).isEqualTo("orders/create");
        }
    }

    @Test
    void squareSignsSquareWebhookUrlWhenSet() {
        String publicUrl = "https://hooks.example.com/webhooks/square";
        int code = sender(Map.of("SQUARE_WEBHOOK_URL", publicUrl))
                .run("square", "payment.failed", "--url", baseUrl, "--secret", "sq-key");

        assertThat(code).isZero();
        Received r = received.get(0);
        assertThat(r.header("X-square-hmacsha256-signature"))
                .isEqualTo(Hmac.base64(Hmac.sha256("sq-key", Hmac.utf8(publicUrl), r.body())));
    }

    @Test
    void exitsWithOneWhenTheGatewayRefuses() {
        status = 401;

        int code = sender(Map.of()).run("github", "order.created", "--url", baseUrl);

        assertThat(code).isEqualTo(1);
        assertThat(output()).startsWith("401 ");
        assertThat(received.get(0).header("X-github-event")).isEqualTo("issues");
    }

    @Test
    void exitsWithOneWhenNothingListens() {
        server.stop(0);

        int code = sender(Map.of()).run("generic", "review.created", "--url", baseUrl);

        assertThat(code).isEqualTo(1);
        assertThat(output()).startsWith("ERR " + baseUrl + "/webhooks/generic");
    }

    @Test
    void helpPrintsTheUsageAndSucceeds() {
        assertThat(sender(Map.of()).run("--help")).isZero();
        assertThat(output()).startsWith(SampleSender.USAGE_LINE).contains("standard, stripe, shopify");
    }

    private SampleSender sender(Map<String, String> env) {
        AtomicInteger ids = new AtomicInteger();
        return new SampleSender(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env::get, CLOCK, () -> "id" + ids.incrementAndGet());
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
