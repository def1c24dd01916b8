package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.Outcome;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mcp} delivery step in a Camel route, over real HTTP to the official MCP Java SDK's servers
 * (session-based and stateless Streamable HTTP) in this JVM.
 */
class McpDeliveryTest {

    @RegisterExtension
    static final McpRoute route = new McpRoute(1024 * 1024);

    /** The tools of the test agent. */
    static Map<String, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult>> tools() {
        return Map.of(
                "handle_commerce_event", request -> McpSchema.CallToolResult.builder()
                        .structuredContent(Map.of("decision", "offer_alternative_payment",
                                "eventId", ((Map<?, ?>) request.arguments().get("event")).get("id"),
                                "webhookId", String.valueOf(request.meta().get("io.hooklane/webhook-id"))))
                        .addTextContent("offered an alternative payment method").build(),
                "refuse_event", request -> {
                    throw McpError.builder(-32602).message("order ORD-1 is unknown").build();
                },
                "flaky_provider", request -> SdkMcpServer.text("payment provider unreachable", true),
                "summarize", request -> SdkMcpServer.text("noted: payment.failed", false));
    }

    static Exchange attempt(String destination, String url, String tool, String webhookId) {
        return route.attempt(destination, url, tool, webhookId);
    }

    static AttemptResult result(Exchange exchange) {
        return McpRoute.result(exchange);
    }

    static String reply(Exchange exchange) {
        return McpRoute.reply(exchange);
    }

    @Test
    void delivers_to_a_session_based_sdk_server_reusing_one_session_with_the_webhook_id_as_request_id()
            throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(tools())) {
            double initial = route.sessions("support-agent", "initial");
            for (int i = 1; i <= 3; i++) {
                Exchange exchange = attempt("support-agent", server.url(), null, "msg_session_" + i);

                assertThat(result(exchange).outcome()).isEqualTo(Outcome.DELIVERED);
                assertThat(result(exchange).status()).isEqualTo(200);
                assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
                assertThat(McpJson.readOrNull(exchange.getProperty(AttemptExchange.AGENT_REPLY, byte[].class)))
                        .isEqualTo(McpJson.MAPPER.readTree("{\"decision\":\"offer_alternative_payment\","
                                + "\"eventId\":\"evt_1\",\"webhookId\":\"msg_session_" + i + "\"}"));
            }
            assertThat(server.seen("initialize")).hasSize(1);
            assertThat(server.seen("notifications/initialized")).hasSize(1);
            assertThat(route.sessions("support-agent", "initial") - initial).isEqualTo(1);
            var calls = server.seen("tools/call");
            assertThat(calls).extracting(SdkMcpServer.Seen::id)
                    .containsExactly("msg_session_1", "msg_session_2", "msg_session_3");
            assertThat(calls).extracting(SdkMcpServer.Seen::sessionId).doesNotContainNull().containsOnly(
                    calls.get(0).sessionId());
            assertThat(calls).extracting(SdkMcpServer.Seen::protocolVersion).containsOnly("2025-11-25");
        }
    }

    @Test
    void delivers_to_the_sdks_stateless_server_without_a_session() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.stateless(tools())) {
            Exchange exchange = attempt("support-agent", server.url(), null, "msg_stateless");

            assertThat(result(exchange).status()).isEqualTo(200);
            assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
            assertThat(reply(exchange)).contains("\"webhookId\":\"msg_stateless\"");
            assertThat(McpRoute.call(exchange)).isEqualTo("completed");
            assertThat(server.seen("tools/call")).extracting(SdkMcpServer.Seen::sessionId).containsOnlyNulls();
        }
    }

    @Test
    void initialises_a_new_session_once_when_the_server_has_forgotten_its_session() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(tools())) {
            assertThat(result(attempt("support-agent", server.url(), null, "msg_before")).status()).isEqualTo(200);
            double initial = route.sessions("support-agent", "initial");
            double expired = route.sessions("support-agent", "expired");
            String session = server.seen("tools/call").get(0).sessionId();
            HttpResponse<Void> deleted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    server.url())).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                    .DELETE().build(), HttpResponse.BodyHandlers.discarding());
            assertThat(deleted.statusCode()).isEqualTo(200);

            Exchange exchange = attempt("support-agent", server.url(), null, "msg_after");

            assertThat(result(exchange).status()).isEqualTo(200);
            assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
            var after = server.seen("tools/call").stream().filter(s -> s.id().equals("msg_after")).toList();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(after).extracting(SdkMcpServer.Seen::status).containsExactly(404, 200));
            assertThat(after.get(0).sessionId()).isEqualTo(session);
            assertThat(after.get(1).sessionId()).isNotNull().isNotEqualTo(session);
            assertThat(server.seen("initialize")).hasSize(2);
            assertThat(route.sessions("support-agent", "expired") - expired).isEqualTo(1);
            assertThat(route.sessions("support-agent", "initial") - initial).isZero();
        }
    }

    @Test
    void a_json_rpc_error_is_a_permanent_failure_with_its_code_and_message() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(tools())) {
            Exchange exchange = attempt("support-agent", server.url(), "refuse_event", "msg_refused");

            assertThat(result(exchange).outcome()).isEqualTo(Outcome.PERMANENT);
            assertThat(result(exchange).status()).isEqualTo(McpOutcome.JSON_RPC_ERROR_STATUS);
            assertThat(result(exchange).error()).isEqualTo("JSON-RPC error -32602: order ORD-1 is unknown");
            assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isNull();
            assertThat(McpRoute.call(exchange)).isEqualTo("rpc_error");
        }
    }

    @Test
    void a_tool_result_with_is_error_is_delivered_as_a_failed_agent_response() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(tools())) {
            Exchange exchange = attempt("support-agent", server.url(), "flaky_provider", "msg_is_error");

            assertThat(result(exchange).outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("failed");
            assertThat(reply(exchange)).isEqualTo("\"payment provider unreachable\"");
            assertThat(McpRoute.call(exchange)).isEqualTo("tool_error");
        }
    }

    @Test
    void a_text_only_result_is_the_reply_as_a_json_string() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.stateless(tools())) {
            Exchange exchange = attempt("support-agent", server.url(), "summarize", "msg_text");

            assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
            assertThat(reply(exchange)).isEqualTo("\"noted: payment.failed\"");
        }
    }

    @Test
    void reads_a_destinations_endpoint_tool_and_bearer_token_from_its_settings() throws Exception {
        try (SdkMcpServer server = SdkMcpServer.sessions(tools())) {
            route.config.put("PRICING_URL", server.url());
            route.config.put("PRICING_MCP_TOOL", "summarize");
            route.config.put("PRICING_AUTH_TOKEN", "pricing-token");

            Exchange exchange = attempt("pricing", null, null, "msg_settings");

            assertThat(reply(exchange)).isEqualTo("\"noted: payment.failed\"");
            assertThat(server.seen).extracting(SdkMcpServer.Seen::authorization)
                    .containsOnly("Bearer pricing-token");
        }
    }

    @Test
    void a_refused_setting_names_its_key_and_value() {
        route.config.put("CRM_URL", "ftp://crm.example/mcp");

        Exchange exchange = attempt("crm", null, null, "msg_bad_url");

        assertThat(exchange.getException()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CRM_URL").hasMessageContaining("ftp://crm.example/mcp");
        assertThat(McpRoute.call(exchange)).isEqualTo("error");
    }

    @Test
    void fifty_slow_calls_are_in_flight_at_once_without_a_thread_each() throws Exception {
        int calls = 50;
        CountDownLatch inTool = new CountDownLatch(calls);
        CountDownLatch release = new CountDownLatch(1);
        Map<String, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult>> tools = Map.of(
                "quick", request -> SdkMcpServer.text("ok", false),
                "slow_agent", request -> {
                    inTool.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return SdkMcpServer.text("decided", false);
                });
        try (SdkMcpServer server = SdkMcpServer.sessions(tools)) {
            // the client's threads and the session exist before the count
            assertThat(McpRoute.outcome(attempt("recommendations-agent", server.url(), "quick", "msg_warm")))
                    .isEqualTo("completed");
            Set<String> before = clientSideThreads();
            AsyncProcessor processor = AsyncProcessorConverterHelper.convert(
                    route.camel.getRoute("deliver-agent").getConsumer().getProcessor());
            List<Exchange> exchanges = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(calls);
            for (int i = 0; i < calls; i++) {
                Exchange exchange = new DefaultExchange(route.camel);
                McpRoute.prepare(exchange, "recommendations-agent", server.url(), "slow_agent", "msg_slow_" + i,
                        null);
                exchanges.add(exchange);
                processor.process(exchange, doneSync -> done.countDown());
            }

            assertThat(inTool.await(60, TimeUnit.SECONDS)).as("all calls in the tool at once").isTrue();
            Set<String> during = clientSideThreads();
            release.countDown();
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(exchanges).allSatisfy(e -> assertThat(McpRoute.outcome(e)).isEqualTo("completed"));
            assertThat(server.seen("initialize")).hasSize(1);
            assertThat(during.size() - before.size()).as("threads on the calling side, before %s, during %s", before,
                    during).isLessThan(10);
        }
    }

    /** The live threads that are not the test servers' (Tomcat's request threads, the SDK's Reactor schedulers). */
    static Set<String> clientSideThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.contains("http-nio") && !name.startsWith("boundedElastic")
                        && !name.startsWith("parallel") && !name.startsWith("single") && !name.startsWith("reactor")
                        && !name.startsWith("Catalina"))
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
