package io.hooklane.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The training run's load, against a real HTTP server on 127.0.0.1 that answers from 16 threads. */
class TrainingLoadTest {

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile int status = 202;
    private volatile long answerMillis;
    private HttpServer server;
    private ExecutorService threads;
    private String baseUrl;

    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        threads = Executors.newFixedThreadPool(16);
        server.setExecutor(threads);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        boolean counted = true;
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    body));
            if (answerMillis > 0) {
                Thread.sleep(answerMillis); // a slow receiver, so that the client's requests overlap
            }
            // out of the count before the answer leaves: once the client has it, its next request may arrive before
            // this thread runs again, and counting both would see one more in flight than the client ever had
            inFlight.decrementAndGet();
            counted = false;
            exchange.sendResponseHeaders(status, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (counted) {
                inFlight.decrementAndGet();
            }
            exchange.close();
        }
    }

    @Test
    void posts_signed_samples_of_each_source_in_turn_with_new_ids_and_no_more_in_flight_than_asked() throws Exception {
        answerMillis = 20;

        int code = load().run("--url", baseUrl, "--seconds", "1", "--concurrency", "4",
                "stripe:payment.succeeded", "shopify:order.created");

        assertThat(code).isZero();
        assertThat(received).hasSizeGreaterThan(10);
        assertThat(received).extracting(Received::path).containsOnly("/webhooks/stripe", "/webhooks/shopify");
        long stripe = received.stream().filter(r -> r.path().equals("/webhooks/stripe")).count();
        assertThat(Math.abs(2 * stripe - received.size())).isLessThanOrEqualTo(4);
        assertThat(mostInFlight.get()).isBetween(2, 4);
        String stripeSecret = DemoSecrets.forSource("stripe", "stripe");
        String shopifySecret = DemoSecrets.forSource("shopify", "shopify");
        for (Received r : received) {
            if (r.path().equals("/webhooks/stripe")) {
                String signed = r.header("Stripe-signature");
                String timestamp = signed.substring(2, signed.indexOf(','));
                assertThat(signed).endsWith(",v1=" + Hmac.hex(Hmac.sha256(stripeSecret,
                        Hmac.utf8(timestamp + "."), r.body())));
            } else {
                assertThat(r.header("X-shopify-hmac-sha256"))
                        .isEqualTo(Hmac.base64(Hmac.sha256(shopifySecret, r.body())));
            }
        }
        assertThat(received).extracting(r -> new String(r.body(), StandardCharsets.UTF_8)).doesNotHaveDuplicates();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("training load: " + received.size() + " webhooks accepted; by status: {202="
                        + received.size() + "}\n");
    }

    @Test
    void exits_with_one_when_no_webhook_is_accepted() throws Exception {
        status = 401;

        int code = load().run("--url", baseUrl, "--seconds", "1", "--concurrency", "2", "github:order.created");

        assertThat(code).isEqualTo(1);
        assertThat(received).isNotEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("training load: 0 webhooks accepted; by status: {401=");
    }

    @Test
    void counts_requests_that_fail_and_ends_at_its_deadline() {
        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> load().run("--url",
                "http://127.0.0.1:99999", "--seconds", "1", "--concurrency", "3", "stripe:payment.succeeded"));

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("training load: 0 webhooks accepted; by status: {CompletionException=");
        assertThat(received).isEmpty();
    }

    @Test
    void ends_when_a_request_cannot_be_built_instead_of_waiting_for_it() {
        AtomicInteger idsLeft = new AtomicInteger(40);
        Supplier<String> ids = () -> {
            if (idsLeft.decrementAndGet() < 0) {
                throw new IllegalStateException("no more ids");
            }
            return SampleRequests.randomIds().get();
        };
        TrainingLoad load = new TrainingLoad(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                name -> null, Clock.systemUTC(), ids, new PrintStream(out, true, StandardCharsets.UTF_8));

        int code = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> load.run("--url", baseUrl, "--seconds",
                "20", "--concurrency", "3", "stripe:payment.succeeded"));

        assertThat(code).isZero();
        assertThat(received).isNotEmpty();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("training load: " + received.size()
                + " webhooks accepted; by status: {202=" + received.size() + ", IllegalStateException=3}\n");
    }

    @Test
    void refuses_arguments_that_make_no_valid_load() {
        assertThatThrownBy(() -> load().run("--url", baseUrl)).isInstanceOf(UsageException.class)
                .hasMessageContaining("at least one <source>:<event>");
        assertThatThrownBy(() -> load().run("stripe")).isInstanceOf(UsageException.class)
                .hasMessageContaining("expected <source>:<event>, got 'stripe'");
        assertThatThrownBy(() -> load().run("stripe:no.such.event")).isInstanceOf(UsageException.class)
                .hasMessageContaining("no stripe sample for event 'no.such.event'");
        assertThatThrownBy(() -> load().run("--concurrency", "0", "stripe:payment.succeeded"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--concurrency must be a whole number from 1 to 256, got '0'");
        assertThatThrownBy(() -> load().run("--concurrency", "257", "stripe:payment.succeeded"))
                .isInstanceOf(UsageException.class).hasMessageContaining("got '257'");
        assertThatThrownBy(() -> load().run("--seconds", "soon", "stripe:payment.succeeded"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--seconds must be a whole number");
        assertThatThrownBy(() -> load().run("--rate", "5", "stripe:payment.succeeded"))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown option --rate");
        assertThatThrownBy(() -> load().run("stripe:payment.succeeded", "--seconds"))
                .isInstanceOf(UsageException.class).hasMessageContaining("--seconds needs a value");
        assertThat(received).isEmpty();
    }

    private TrainingLoad load() {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return new TrainingLoad(http, name -> null, Clock.systemUTC(), SampleRequests.randomIds(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }
}
