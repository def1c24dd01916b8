package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.deliver.Outcome;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code mcp} delivery step against a server of the stateless revision 2026-07-28 ({@link ModernMcpServer},
 * written from the specification): detected by {@code server/discover}, then called without a session, with the
 * request metadata headers and per-request {@code _meta}.
 */
class McpModernServerTest {

    @RegisterExtension
    static final McpRoute route = new McpRoute(1024 * 1024);

    @Test
    void speaks_the_stateless_revision_to_a_2026_07_28_server_with_its_headers_and_meta() throws Exception {
        try (ModernMcpServer server = new ModernMcpServer(ModernMcpServer.answering(Map.of("decision",
                "recommend", "skus", java.util.List.of("SKU-1", "SKU-2"))))) {
            for (String id : new String[] {"msg_modern_1", "msg_modern_2"}) {
                Exchange exchange = route.attempt("recommendations-agent", server.url(), null, id);

                assertThat(McpRoute.result(exchange).outcome()).isEqualTo(Outcome.DELIVERED);
                assertThat(McpRoute.outcome(exchange)).isEqualTo("completed");
                assertThat(McpJson.MAPPER.readTree(McpRoute.reply(exchange))).isEqualTo(McpJson.MAPPER.readTree(
                        "{\"decision\":\"recommend\",\"skus\":[\"SKU-1\",\"SKU-2\"]}"));
            }

            assertThat(server.seen("server/discover")).hasSize(1);
            assertThat(server.seen("initialize")).isEmpty();
            var calls = server.seen("tools/call");
            assertThat(calls).hasSize(2);
            ModernMcpServer.Seen call = calls.get(0);
            assertThat(call.headers().getFirst("MCP-Protocol-Version")).isEqualTo("2026-07-28");
            assertThat(call.headers().getFirst("Mcp-Method")).isEqualTo("tools/call");
            assertThat(call.headers().getFirst("Mcp-Name")).isEqualTo("handle_commerce_event");
            assertThat(call.headers().containsKey("Mcp-Session-Id")).isFalse();
            assertThat(call.body().path("id").asText()).isEqualTo("msg_modern_1");
            JsonNode meta = call.body().path("params").path("_meta");
            assertThat(meta.path("io.hooklane/webhook-id").asText()).isEqualTo("msg_modern_1");
            assertThat(meta.path("io.modelcontextprotocol/protocolVersion").asText()).isEqualTo("2026-07-28");
            assertThat(meta.path("io.modelcontextprotocol/clientCapabilities").isObject()).isTrue();
            assertThat(call.body().path("params").path("arguments").path("event").path("id").asText())
                    .isEqualTo("evt_1");
            assertThat(route.camel.getRegistry().lookupByNameAndType("mcpDelivery", McpDelivery.class)
                    .era("recommendations-agent", server.url())).isEqualTo("MODERN");
        }
    }

    @Test
    void an_event_stream_is_read_up_to_the_response_with_the_calls_id_skipping_other_messages() throws Exception {
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            OutputStream out = ModernMcpServer.sse(exchange);
            out.write(": keep-alive\n\n".getBytes());
            out.write(ModernMcpServer.event(McpJson.object().put("jsonrpc", "2.0")
                    .put("method", "notifications/progress")));
            out.write(ModernMcpServer.event(McpJson.object().put("jsonrpc", "2.0").put("id", "someone-else")
                    .set("result", McpJson.object().put("resultType", "complete"))));
            ObjectNode result = McpJson.object().put("resultType", "complete");
            result.putArray("content").addObject().put("type", "text").put("text", "ticket opened");
            out.write(("data: " + McpJson.object().put("jsonrpc", "2.0").<ObjectNode>set("id", request.get("id"))
                    .set("result", result) + "\r\n\r\n").getBytes());
            out.flush();
            // the stream stays open: the client must stop at its response, not at the end of the stream
            new java.util.concurrent.CountDownLatch(1).await(30, java.util.concurrent.TimeUnit.SECONDS);
        })) {
            Exchange exchange = route.attempt("support-agent", server.url(), null, "msg_sse");

            assertThat(McpRoute.outcome(exchange)).isEqualTo("completed");
            assertThat(McpRoute.reply(exchange)).isEqualTo("\"ticket opened\"");
        }
    }

    @Test
    void an_input_required_result_is_delivered_as_input_required() throws Exception {
        try (ModernMcpServer server = new ModernMcpServer((request, exchange) -> {
            ObjectNode result = McpJson.object().put("resultType", "input_required");
            result.putObject("inputRequests").putObject("confirm").put("method", "elicitation/create");
            ModernMcpServer.json(exchange, 200, McpJson.object().put("jsonrpc", "2.0")
                    .<ObjectNode>set("id", request.get("id")).set("result", result));
        })) {
            Exchange exchange = route.attempt("support-agent", server.url(), null, "msg_input");

            assertThat(McpRoute.result(exchange).outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(McpRoute.outcome(exchange)).isEqualTo("input_required");
            assertThat(McpRoute.reply(exchange)).contains("elicitation/create");
        }
    }
}
