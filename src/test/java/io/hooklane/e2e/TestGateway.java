package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import io.hooklane.Gateway;
import io.hooklane.testing.SignedWebhook;

/** A real gateway on 127.0.0.1 with known test secrets, against a real broker; plus a plain HTTP client. */
public final class TestGateway implements AutoCloseable {

    public static final Map<String, String> SECRETS = Map.of(
            "standard", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "stripe", "whsec_test_stripe_0123456789",
            "shopify", "shpss_test_shopify_secret",
            "woocommerce", "wc-test-secret",
            "github", "It's a Secret to Everybody",
            "square", "sq-test-signature-key",
            "paddle", "pdl_ntfset_test_secret",
            "generic", "generic-test-secret",
            "acp", "acp-test-secret");

    private static final Map<String, String> SECRET_KEYS = Map.of(
            "standard", "STANDARD_WEBHOOKS_SECRET",
            "stripe", "STRIPE_WEBHOOK_SECRET",
            "shopify", "SHOPIFY_WEBHOOK_SECRET",
            "woocommerce", "WOOCOMMERCE_WEBHOOK_SECRET",
            "github", "GITHUB_WEBHOOK_SECRET",
            "square", "SQUARE_WEBHOOK_SIGNATURE_KEY",
            "paddle", "PADDLE_WEBHOOK_SECRET",
            "generic", "GENERIC_WEBHOOK_SECRET",
            "acp", "ACP_WEBHOOK_SECRET");

    /** What every test destination signs with (Standard Webhooks form). */
    public static final String SIGNING_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("test-signing-secret-for-destinations".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static TestGateway shared;

    private final Gateway gateway;
    private final String host;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Gateway gateway, int port) {
        this.gateway = gateway;
        this.port = port;
        // the address the server is bound to (127.0.0.1 unless a test binds it to another IPv4 address)
        String bind = gateway == null ? "" : property("camel.server.host");
        this.host = bind.isBlank() || "0.0.0.0".equals(bind) || bind.contains(":") ? "127.0.0.1" : bind;
    }

    /** The gateway most end-to-end tests share: all sample sources, test secrets, the shared broker. */
    public static synchronized TestGateway shared() {
        if (shared == null) {
            shared = start(TestKafka.bootstrapServers(), Map.of());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A gateway of its own, with the test secrets and {@code extra} configuration. */
    public static TestGateway start(String brokers, Map<String, String> extra) {
        int port = freePort();
        Map<String, String> config = new HashMap<>(defaults(brokers, port));
        config.putAll(extra);
        try {
            return new TestGateway(Gateway.create(config).start(), port);
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    /** Only the HTTP client side, for a gateway running elsewhere (a child JVM) on this port. */
    public static TestGateway client(int port) {
        return new TestGateway(null, port);
    }

    /** A gateway with exactly this configuration (from {@link #defaults}), e.g. to restart one. */
    public static TestGateway startWith(Map<String, String> config) {
        try {
            return new TestGateway(Gateway.create(config).start(), Integer.parseInt(config.get("camel.server.port")));
        } catch (Exception e) {
            throw new IllegalStateException("gateway did not start: " + e.getMessage(), e);
        }
    }

    public static Map<String, String> defaults(String brokers, int port) {
        Map<String, String> config = new HashMap<>();
        if (brokers != null) {
            config.put(Gateway.BROKERS, brokers);
        }
        config.put("camel.server.port", String.valueOf(port));
        config.put("camel.server.host", "127.0.0.1");
        config.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml");
        try {
            config.put("hooklane.data-dir", Files.createTempDirectory(Path.of("target"), "gateway-").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SECRET_KEYS.forEach((source, key) -> config.put(key, SECRETS.get(source)));
        // the ucp source trusts a profile no test fetches (UcpEndToEndTest configures its own)
        config.put("UCP_TRUSTED_PROFILES", "https://merchant.example/.well-known/ucp");
        // gateways sharing the test broker must not share topics or consumer groups
        String unique = Long.toString(System.nanoTime(), 36);
        config.put("hooklane.topic.events", "events-" + unique);
        config.put("hooklane.topic.deliveries-prefix", "deliver-" + unique + ".");
        config.put("hooklane.topic.dead-letter-prefix", "deadletter-" + unique + ".");
        config.put("hooklane.group-prefix", "g-" + unique + "-");
        config.put("hooklane.topic.ingest-ids", "ingest-ids-" + unique);
        config.put("hooklane.topic.control", "control-" + unique);
        config.put("hooklane.topic.warmup", "warmup-" + unique);
        config.put("hooklane.topic.delivery-retries", "retries-" + unique);
        config.put("hooklane.topic.delivery-callbacks", "callbacks-" + unique);
        config.put("HOOKLANE_SIGNING_SECRET", SIGNING_SECRET);
        // a short ingest warm-up: tests wait for readiness, not for speed
        config.put("hooklane.warmup.webhooks", "300");
        config.put("hooklane.warmup.http-webhooks", "0");
        return config;
    }

    /** The four sample destinations pointed at {@code receiver}, with retries quick enough for tests. */
    public static Map<String, String> fastDelivery(TestReceiver receiver) {
        Map<String, String> config = new HashMap<>();
        config.put("RECOMMENDATIONS_AGENT_URL", receiver.url("recommendations-agent"));
        config.put("SUPPORT_AGENT_URL", receiver.url("support-agent"));
        config.put("CRM_URL", receiver.url("crm"));
        config.put("PRICING_URL", receiver.url("pricing"));
        config.put("hooklane.delivery.initial-backoff-millis", "200");
        config.put("hooklane.delivery.max-backoff-millis", "1000");
        config.put("hooklane.delivery.timeout-millis", "5000");
        return config;
    }

    public SignedWebhook signed(String source) {
        return SignedWebhook.of(source, SECRETS.get(source)).baseUrl(baseUrl());
    }

    public String baseUrl() {
        return "http://" + host + ":" + port;
    }

    public String property(String key) {
        return gateway.context().resolvePropertyPlaceholders("{{" + key + "}}");
    }

    public Gateway gateway() {
        return gateway;
    }

    public HttpResponse<String> post(SignedWebhook.Request request) {
        return send(httpRequest(request));
    }

    /** Sends the webhook without waiting for the answer (to have two copies in flight at once). */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> postAsync(SignedWebhook.Request request) {
        return sendAsync(httpRequest(request));
    }

    private HttpRequest httpRequest(SignedWebhook.Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl() + request.path()))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public java.util.concurrent.CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30));
    }

    @Override
    public void close() {
        if (gateway == null) {
            return;
        }
        try {
            gateway.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A port no one listens on, taken below the kernel's ephemeral range. A port from {@code new ServerSocket(0)}
     * comes from that range, so between choosing it and the gateway binding it, any outgoing connection (a Kafka
     * client's, an HTTP client's) may be given it as its local port, and the gateway then fails to start with
     * "Address already in use". Ports are handed out in turn, so one test JVM never gets the same one twice.
     */
    public static int freePort() {
        for (int i = 0; i < PORT_SPAN; i++) {
            int port = PORT_FLOOR + Math.floorMod(NEXT_PORT.getAndIncrement(), PORT_SPAN);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // someone listens there (another test JVM, a service on this machine): the next one
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + PORT_FLOOR + ".." + (PORT_FLOOR + PORT_SPAN - 1)));
    }

    private static final int PORT_SPAN = 10_000;
    private static final int PORT_FLOOR = ephemeralLow() - PORT_SPAN - 1;
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORT_SPAN));

    /** The low end of Linux's ephemeral range, 32768 by default and where it cannot be read. */
    private static int ephemeralLow() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > PORT_SPAN + 1024 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }
}
