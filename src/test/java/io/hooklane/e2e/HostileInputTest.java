package io.hooklane.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded, repeatable storm of malformed requests at the ingest endpoint: random and broken headers, truncated,
 * oversized and mis-encoded bodies, broken signatures. None may get a 5xx or a 202, the gateway must stay healthy,
 * and no configured secret may appear anywhere in the log.
 */
class HostileInputTest {

    private static final long SEED = 20261128L;
    private static final int REQUESTS = 10_000;
    private static final List<String> SOURCES =
            List.of("standard", "stripe", "shopify", "woocommerce", "github", "square", "paddle", "generic", "acp",
                    "ucp");

    @Test
    void ten_thousand_malformed_requests_get_no_5xx_and_no_202_and_leak_no_secret() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), TestGateway.freePort()));
        config.put("hooklane.ingest.rate-limit", "0");
        Map<String, Integer> statuses = new LinkedHashMap<>();
        String logs;
        try (LogCapture capture = new LogCapture()) {
            TestGateway gateway = TestGateway.startWith(config);
            try {
                Random random = new Random(SEED);
                List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
                java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(8);
                List<java.util.concurrent.CompletableFuture<?>> sent = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String source = SOURCES.get(random.nextInt(SOURCES.size()));
                    HttpRequest request = malformed(gateway, source, random);
                    int number = i;
                    inFlight.acquireUninterruptibly();
                    sent.add(gateway.sendAsync(request).whenComplete((response, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failures.add("request " + number + " (" + source + "): " + error);
                            return;
                        }
                        synchronized (statuses) {
                            statuses.merge(String.valueOf(response.statusCode()), 1, Integer::sum);
                        }
                        if (response.statusCode() >= 500 || response.statusCode() == 202) {
                            failures.add("request " + number + " (" + source + "): " + response.statusCode() + " "
                                    + response.body());
                        }
                        if (response.body().contains("Exception") || response.body().contains("\tat ")) {
                            failures.add("request " + number + ": stack trace in response");
                        }
                    }));
                }
                java.util.concurrent.CompletableFuture.allOf(sent.toArray(new java.util.concurrent.CompletableFuture[0])).join();
                assertThat(failures).as("statuses " + statuses).isEmpty();
                assertThat(gateway.send(gateway.request("/observe/health/ready").GET().build()).statusCode())
                        .isEqualTo(200);
                SignedWebhook.Request valid = gateway.signed("stripe").event("payment.failed").build();
                assertThat(gateway.post(valid).statusCode()).isEqualTo(202);
            } finally {
                gateway.close();
            }
            logs = capture.text();
        }
        assertThat(statuses.keySet()).contains("401");
        assertThat(logs).isNotEmpty();
        for (String secret : TestGateway.SECRETS.values()) {
            assertThat(logs).as("a configured secret in the log").doesNotContain(secret);
        }
        assertThat(logs).doesNotContain(TestGateway.SIGNING_SECRET);
    }

    private static HttpRequest malformed(TestGateway gateway, String source, Random random) {
        SignedWebhook base = gateway.signed(source);
        SignedWebhook.Request valid = base.build();
        Map<String, String> headers = new LinkedHashMap<>(valid.headers());
        byte[] body = valid.body();
        switch (random.nextInt(9)) {
            case 0 -> body = truncate(body, random);
            case 1 -> body = flipByte(body, random);
            case 2 -> {
                headers.replaceAll((k, v) -> k.equalsIgnoreCase("content-type") ? v : garble(v, random));
                body = flipByte(body, random);
            }
            case 3 -> headers.entrySet().removeIf(e -> !e.getKey().equalsIgnoreCase("content-type"));
            case 4 -> body = randomBytes(random, random.nextInt(4096));
            case 5 -> {
                headers.put("Content-Type", List.of("text/plain", "application/xml", "multipart/form-data; boundary=x",
                        "application/json; charset=utf-16", "", "*/*").get(random.nextInt(6)));
                body = flipByte(body, random);
            }
            case 6 -> body = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16);
            case 7 -> {
                headers.put(randomToken(random), garble(randomToken(random), random));
                body = flipByte(body, random);
            }
            default -> {
                headers.replaceAll((k, v) -> k.equalsIgnoreCase("content-type") ? v : "");
                body = ("{\"type\":" + "[".repeat(random.nextInt(2000)) + "}").getBytes(StandardCharsets.UTF_8);
            }
        }
        HttpRequest.Builder builder = gateway.request("/webhooks/" + source)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach((name, value) -> {
            try {
                builder.header(name, value);
            } catch (IllegalArgumentException restrictedOrInvalid) {
                // the JDK client refuses some names and values outright; the request goes without that header
            }
        });
        return builder.build();
    }

    private static byte[] truncate(byte[] body, Random random) {
        return java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
    }

    private static byte[] flipByte(byte[] body, Random random) {
        byte[] copy = body.clone();
        if (copy.length > 0) {
            copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
        }
        return copy;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String garble(String value, Random random) {
        StringBuilder out = new StringBuilder(value);
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && out.length() > 0; i++) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.deleteCharAt(at);
                case 1 -> out.insert(at, (char) (0x21 + random.nextInt(0x5e)));
                default -> out.setCharAt(at, (char) (0x21 + random.nextInt(0x5e)));
            }
        }
        return out.toString();
    }

    private static String randomToken(Random random) {
        return "X-" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }

}
