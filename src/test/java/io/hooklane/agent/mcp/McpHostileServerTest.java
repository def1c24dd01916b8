package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.Outcome;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a hostile or broken MCP server can make an {@code mcp} destination hold: an answer is read up to the
 * response cap (here 64 KiB) and the attempt's deadline, then the connection is closed and the attempt retried; a
 * 429 or 503 is retried after its {@code Retry-After}; a redirect is never followed.
 */
class McpHostileServerTest {

    static final int CAP = 64 * 1024;
    @RegisterExtension
    static final McpRoute route = new McpRoute(CAP);

    @Test
    void an_endless_event_stream_is_cut_at_the_response_cap_and_the_attempt_retried() throws Exception {
        AtomicBoolean writerStopped = new AtomicBoolean();
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            OutputStream out = ModernMcpServer.sse(exchange);
            byte[] progress = ModernMcpServer.event(McpJson.object().put("jsonrpc", "2.0")
                    .put("method", "notifications/progress"));
            try {
                while (true) {
                    out.write(progress);
                    out.flush();
                }
            } finally {
                writerStopped.set(true);
            }
        })) {
            Exchange exchange = route.attempt("support-agent", server.url(), null, "msg_endless");

            AttemptResult result = McpRoute.result(exchange);
            assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(result.status()).isNull();
            assertThat(result.error()).isEqualTo("ResponseTooLargeException: the answer went past " + CAP
                    + " bytes without the JSON-RPC response");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilTrue(writerStopped);
        }
    }

    @Test
    void a_trickling_event_stream_is_cut_at_the_deadline_and_the_attempt_retried() throws Exception {
        AtomicBoolean writerStopped = new AtomicBoolean();
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            OutputStream out = ModernMcpServer.sse(exchange);
            try {
                while (true) {
                    out.write(": still thinking\n\n".getBytes());
                    out.flush();
                    Thread.sleep(100);
                }
            } finally {
                writerStopped.set(true);
            }
        })) {
            Exchange exchange = route.attempt("support-agent", server.url(), null, "msg_trickle", 1500L);

            AttemptResult result = McpRoute.result(exchange);
            assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(result.error()).isEqualTo("timeout: no complete answer within 1500 ms");
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilTrue(writerStopped);
        }
    }

    @Test
    void a_huge_json_answer_is_cut_at_the_response_cap() throws Exception {
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            byte[] huge = ("{\"jsonrpc\":\"2.0\",\"id\":\"" + request.get("id").asText() + "\",\"result\":{\"content\":"
                    + "[{\"type\":\"text\",\"text\":\"" + "x".repeat(5 * 1024 * 1024) + "\"}]}}").getBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, huge.length);
            exchange.getResponseBody().write(huge);
        })) {
            Exchange exchange = route.attempt("support-agent", server.url(), null, "msg_huge");

            assertThat(McpRoute.result(exchange).outcome()).isEqualTo(Outcome.RETRY);
            assertThat(McpRoute.result(exchange).error()).startsWith("ResponseTooLargeException");
            assertThat(McpRoute.outcome(exchange)).isNull();
        }
    }

    @Test
    void a_429_is_retried_after_the_servers_retry_after() throws Exception {
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            exchange.getResponseHeaders().set("Retry-After", "7");
            exchange.sendResponseHeaders(429, -1);
        })) {
            AttemptResult result = McpRoute.result(route.attempt("support-agent", server.url(), null, "msg_429"));

            assertThat(result.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(result.status()).isEqualTo(429);
            assertThat(result.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        }
    }

    @Test
    void a_503_is_retried_and_the_servers_detected_era_kept_for_the_next_attempt() throws Exception {
        try (ModernMcpServer failing = new ModernMcpServer((request, exchange) -> exchange.sendResponseHeaders(503,
                -1))) {
            AttemptResult first = McpRoute.result(route.attempt("crm", failing.url(), null, "msg_503"));
            AttemptResult second = McpRoute.result(route.attempt("crm", failing.url(), null, "msg_503"));

            assertThat(first.outcome()).isEqualTo(Outcome.RETRY);
            assertThat(first.status()).isEqualTo(503);
            assertThat(second.status()).isEqualTo(503);
            assertThat(failing.seen("server/discover")).hasSize(1);
            assertThat(failing.seen("tools/call")).hasSize(2);
        }
    }

    @Test
    void a_redirect_is_not_followed_and_is_a_permanent_failure() throws Exception {
        try (ModernMcpServer elsewhere = new ModernMcpServer(ModernMcpServer.answering(java.util.Map.of()));
             ModernMcpServer redirecting = new ModernMcpServer((request, exchange) -> {
                 exchange.getResponseHeaders().set("Location", elsewhere.url());
                 exchange.sendResponseHeaders(307, -1);
             })) {
            AttemptResult result = McpRoute.result(route.attempt("support-agent", redirecting.url(), null,
                    "msg_redirect"));

            assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(result.status()).isEqualTo(307);
            assertThat(elsewhere.seen).isEmpty();
        }
    }

    @Test
    void a_400_without_a_2026_07_28_error_makes_the_client_detect_the_servers_era_again_once() throws Exception {
        try (ModernMcpServer changed = new ModernMcpServer((request, exchange) -> exchange.sendResponseHeaders(400,
                -1))) {
            AttemptResult result = McpRoute.result(route.attempt("pricing", changed.url(), null, "msg_changed"));

            assertThat(result.outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(result.status()).isEqualTo(400);
            assertThat(changed.seen("server/discover")).hasSize(2);
            assertThat(changed.seen("tools/call")).hasSize(2);
        }
    }
}
