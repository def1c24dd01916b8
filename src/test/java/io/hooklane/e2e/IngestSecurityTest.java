package io.hooklane.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedWebhook;
import io.hooklane.ingest.KafkaIngestIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Replay protection, IP allowlists behind trusted proxies and rate limits, over real HTTP and a real broker. */
class IngestSecurityTest {

    private static Map<String, String> config;
    private static TestGateway gateway;
    private static String brokers;

    @BeforeAll
    static void start() {
        brokers = TestKafka.bootstrapServers();
        config = new HashMap<>(TestGateway.defaults(brokers, TestGateway.freePort()));
        config.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:src/test/routes/*.camel.yaml");
        config.put("ALLOWLISTED_SECRET", "allowlisted-secret");
        config.put("LIMITED_SECRET", "limited-secret");
        config.put("hooklane.ingest.trusted-proxies", "127.0.0.1/32");
        gateway = TestGateway.startWith(config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void a_replayed_webhook_is_answered_duplicate_and_enqueued_once() {
        SignedWebhook.Request request = gateway.signed("standard").event("payment.failed").build();

        HttpResponse<String> first = gateway.post(request);
        HttpResponse<String> replay = gateway.post(request);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        JsonNode body = EventTopic.json(replay.body().getBytes(StandardCharsets.UTF_8));
        assertThat(body.path("status").asText()).isEqualTo("duplicate");
        String id = body.path("id").asText();
        assertThat(id).isEqualTo(request.header("webhook-id"));
        assertThat(EventTopic.count(brokers, gateway.property("hooklane.topic.events"), id)).isEqualTo(1);
    }

    @Test
    void a_webhook_seen_before_a_restart_is_still_a_duplicate_and_another_instance_agrees() {
        SignedWebhook.Request request = gateway.signed("shopify").event("order.created").build();
        assertThat(gateway.post(request).statusCode()).isEqualTo(202);

        Map<String, String> second = new HashMap<>(config);
        second.put("camel.server.port", String.valueOf(TestGateway.freePort()));
        TestGateway other = TestGateway.startWith(second);
        try {
            // a new instance rebuilds the ids from the topic at start-up, as a restarted one does
            KafkaIngestIds ids = other.gateway().context().getRegistry()
                    .lookupByNameAndType("ingestIds", KafkaIngestIds.class);
            assertThat(ids.contains("shopify/" + request.header("X-Shopify-Webhook-Id"))).isTrue();

            HttpResponse<String> replay = other.post(request);
            assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
            assertThat(replay.body()).contains("\"duplicate\"");

            // and an id first seen by the new instance reaches the first one
            SignedWebhook.Request fresh = gateway.signed("shopify").event("order.created").build();
            assertThat(other.post(fresh).statusCode()).isEqualTo(202);
            KafkaIngestIds firstIds = gateway.gateway().context().getRegistry()
                    .lookupByNameAndType("ingestIds", KafkaIngestIds.class);
            await().until(() -> firstIds.contains("shopify/" + fresh.header("X-Shopify-Webhook-Id")));
            assertThat(gateway.post(fresh).body()).contains("\"duplicate\"");
        } finally {
            other.close();
        }
    }

    @Test
    void refuses_an_address_outside_the_allowlist_with_403() {
        HttpResponse<String> response = gateway.post(gateway.signed("github").source("allowlisted")
                .signedWith("allowlisted-secret").build());

        IngestEndToEndTest.assertError(response, 403, "ip_not_allowed");
    }

    @Test
    void accepts_an_allowed_address_forwarded_by_a_trusted_proxy() {
        HttpResponse<String> response = gateway.post(gateway.signed("github").source("allowlisted")
                .signedWith("allowlisted-secret").withHeader("X-Forwarded-For", "10.20.30.40").build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void ignores_a_forged_forwarded_for_from_an_untrusted_peer() throws IOException {
        SignedWebhook.Request request = gateway.signed("github").source("allowlisted")
                .signedWith("allowlisted-secret").withHeader("X-Forwarded-For", "10.20.30.40").build();

        String response = postFrom("127.0.0.2", request);

        assertThat(response).startsWith("HTTP/1.1 403").contains("ip_not_allowed");
    }

    @Test
    void a_forged_forwarded_header_behind_a_trusted_proxy_that_sets_x_forwarded_for_is_refused_403() {
        // the trusted proxy (the test client's 127.0.0.1) appended the real client, 203.0.113.9, to X-Forwarded-For
        // and passed the client's own Forwarded header through untouched, as ALB and nginx do
        HttpResponse<String> response = gateway.post(gateway.signed("github").source("allowlisted")
                .signedWith("allowlisted-secret").withHeader("X-Forwarded-For", "203.0.113.9")
                .withHeader("Forwarded", "for=10.9.9.9").build());

        IngestEndToEndTest.assertError(response, 403, "ip_not_allowed");
    }

    @Test
    void a_forged_forwarded_header_cannot_drain_another_clients_rate_limit_bucket() {
        List<Integer> attacker = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            attacker.add(gateway.post(gateway.signed("github").source("limited").signedWith("limited-secret")
                    .withHeader("X-Forwarded-For", "203.0.113.66").withHeader("Forwarded", "for=198.51.100.20")
                    .build()).statusCode());
        }
        List<Integer> victim = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            victim.add(gateway.post(gateway.signed("github").source("limited").signedWith("limited-secret")
                    .withHeader("X-Forwarded-For", "198.51.100.20").build()).statusCode());
        }

        // the attacker spent its own burst of 3; the sender it claimed to be still has all of its own
        assertThat(attacker).containsExactly(202, 202, 202, 429);
        assertThat(victim).containsExactly(202, 202, 202);
    }

    @Test
    void a_burst_beyond_the_limit_gets_429_with_retry_after_while_another_source_is_unaffected() {
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(gateway.post(gateway.signed("github").source("limited").signedWith("limited-secret").build()));
        }

        assertThat(responses.subList(0, 3)).allMatch(r -> r.statusCode() == 202);
        HttpResponse<String> limited = responses.get(5);
        IngestEndToEndTest.assertError(limited, 429, "rate_limited");
        assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode()).isEqualTo(202);
    }

    @Test
    void refuses_oversized_headers_with_431_and_a_reason_and_the_client_can_go_on() {
        HttpResponse<String> response = gateway.post(gateway.signed("stripe").event("payment.failed")
                .withHeader("X-Padding", "a".repeat(20_000)).build());

        IngestEndToEndTest.assertError(response, 431, "headers_too_large");
        // the same client's next request must not land on the connection the gateway closed
        assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode()).isEqualTo(202);
    }

    @Test
    void an_unparseable_request_is_answered_with_a_reason_and_connection_close_before_the_connection_closes()
            throws IOException {
        String headers = rawKeepAlive("POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "
                + "a".repeat(20_000) + "\r\nContent-Length: 0\r\n\r\n");
        String line = rawKeepAlive("GET /webhooks/" + "s".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        // rawKeepAlive reads to the end of the stream: it returns only because the gateway closed the connection
        assertThat(headers).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close")
                .contains("\"error\":\"headers_too_large\"");
        // the request line was never parsed, so Netty cannot know the version and answers as HTTP/1.0
        assertThat(line).startsWith("HTTP/1.0 414").containsIgnoringCase("connection: close")
                .contains("\"error\":\"uri_too_long\"");
    }

    /** Sends a raw keep-alive request and reads until the gateway closes the connection (10 s at most). */
    private static String rawKeepAlive(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(config.get("camel.server.port")))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }

    /** A raw HTTP/1.1 request from a chosen loopback address (127.0.0.0/8 all reach this machine). */
    private static String postFrom(String localAddress, SignedWebhook.Request request) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(localAddress, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(config.get("camel.server.port"))), 5000);
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST " + request.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(request.body().length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(request.body());
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        }
    }
}
