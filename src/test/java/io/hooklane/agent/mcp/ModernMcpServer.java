package io.hooklane.agent.mcp;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An MCP server of the stateless revision 2026-07-28, written from its specification (no SDK speaks it here):
 * <ul>
 *   <li>Streamable HTTP, "Sending Messages": POST only (GET and DELETE: 405, per "Earlier Streamable HTTP
 *       Revisions"); a request is answered with {@code application/json} or an SSE stream scoped to it;</li>
 *   <li>"Request Metadata": {@code MCP-Protocol-Version} must equal {@code _meta["io.modelcontextprotocol/
 *       protocolVersion"]}, {@code Mcp-Method} the method and, for {@code tools/call}, {@code Mcp-Name} the tool, else
 *       400 with {@code HeaderMismatch} (-32020, "Server Validation"); a version the server does not implement: 400
 *       with {@code UnsupportedProtocolVersionError} (-32022) listing {@code supported} (Versioning, "Protocol Version
 *       Negotiation");</li>
 *   <li>Overview, "_meta": a request without {@code protocolVersion} or {@code clientCapabilities} is malformed: 400
 *       with -32602; an unknown method: 404 with -32601;</li>
 *   <li>{@code server/discover} (which servers MUST implement): {@code supportedVersions}, {@code capabilities},
 *       {@code serverInfo}; results carry {@code resultType: "complete"} (Overview, "ResultType");</li>
 *   <li>no session: an {@code Mcp-Session-Id} header is ignored and none is minted.</li>
 * </ul>
 * What {@code tools/call} answers is the test's {@link Tool}. Every request is recorded with its headers and body.
 */
final class ModernMcpServer implements AutoCloseable {

    static final String VERSION = "2026-07-28";

    /** Answers a valid {@code tools/call}; may write anything, for as long as it likes. */
    interface Tool {
        void answer(JsonNode request, HttpExchange exchange) throws Exception;
    }

    record Seen(String method, Headers headers, JsonNode body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "modern-mcp-double");
        thread.setDaemon(true);
        return thread;
    });

    ModernMcpServer(Tool tool) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/mcp", exchange -> {
            try (exchange) {
                handle(exchange, tool);
            } catch (Exception e) {
                // the client went away (a hostile answer cut off): nothing to answer
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mcp";
    }

    List<Seen> seen(String method) {
        return seen.stream().filter(s -> method.equals(s.method())).toList();
    }

    private void handle(HttpExchange exchange, Tool tool) throws Exception {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        JsonNode request = McpJson.readOrNull(exchange.getRequestBody().readAllBytes());
        String method = request == null ? null : request.path("method").asText(null);
        seen.add(new Seen(method, exchange.getRequestHeaders(), request));
        if (request == null || method == null) {
            error(exchange, 400, null, -32600, "Invalid Request", null);
            return;
        }
        JsonNode id = request.get("id");
        JsonNode meta = request.path("params").path("_meta");
        String version = exchange.getRequestHeaders().getFirst("MCP-Protocol-Version");
        if (!meta.has("io.modelcontextprotocol/protocolVersion") || !meta.has("io.modelcontextprotocol/clientCapabilities")) {
            error(exchange, 400, id, -32602, "Invalid params: missing per-request _meta fields", null);
        } else if (version == null || !version.equals(meta.path("io.modelcontextprotocol/protocolVersion").asText())) {
            error(exchange, 400, id, -32020, "Header mismatch: MCP-Protocol-Version", null);
        } else if (!VERSION.equals(version)) {
            error(exchange, 400, id, -32022, "Unsupported protocol version", McpJson.object()
                    .put("requested", version).set("supported", McpJson.MAPPER.valueToTree(List.of(VERSION))));
        } else if (!method.equals(exchange.getRequestHeaders().getFirst("Mcp-Method"))) {
            error(exchange, 400, id, -32020, "Header mismatch: Mcp-Method", null);
        } else if (method.equals("server/discover")) {
            ObjectNode result = McpJson.object().put("resultType", "complete");
            result.set("supportedVersions", McpJson.MAPPER.valueToTree(List.of(VERSION)));
            result.putObject("capabilities").putObject("tools");
            result.putObject("serverInfo").put("name", "modern-test-agent").put("version", "1.0");
            json(exchange, 200, McpJson.object().put("jsonrpc", "2.0").<ObjectNode>set("id", id).set("result", result));
        } else if (method.equals("tools/call")) {
            if (!request.path("params").path("name").asText().equals(exchange.getRequestHeaders().getFirst("Mcp-Name"))) {
                error(exchange, 400, id, -32020, "Header mismatch: Mcp-Name", null);
            } else {
                tool.answer(request, exchange);
            }
        } else {
            error(exchange, 404, id, -32601, "Method not found", null);
        }
    }

    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = McpJson.bytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static void error(HttpExchange exchange, int status, JsonNode id, int code, String message, JsonNode data)
            throws IOException {
        ObjectNode error = McpJson.object().put("code", code).put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        json(exchange, status, McpJson.object().put("jsonrpc", "2.0").<ObjectNode>set("id", id).set("error", error));
    }

    /** A complete tool result with the given structured content, as JSON. */
    static Tool answering(Map<String, Object> structured) {
        return (request, exchange) -> {
            ObjectNode result = McpJson.object().put("resultType", "complete");
            result.set("structuredContent", McpJson.MAPPER.valueToTree(structured));
            result.putArray("content").addObject().put("type", "text").put("text", structured.toString());
            json(exchange, 200, McpJson.object().put("jsonrpc", "2.0").<ObjectNode>set("id", request.get("id"))
                    .set("result", result));
        };
    }

    /** Starts an SSE answer and hands its stream to the caller. */
    static OutputStream sse(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    static byte[] event(JsonNode message) {
        return ("event: message\ndata: " + McpJson.MAPPER.valueToTree(message).toString() + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
