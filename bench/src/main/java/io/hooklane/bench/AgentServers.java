package io.hooklane.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * The agents of the protocols scenario, each answering at once (no think time), so that what the load generator
 * measures is the protocol's own cost. Each tells the load generator when a call arrived (its {@link Sink}), on the
 * generator's clock, and answers the same small decision, {@code {"decision":"noted","event":"<the event's token>"}}.
 * <ul>
 * <li>{@link Mcp}: an MCP server made with the official MCP Java SDK (Streamable HTTP, session-based or stateless) in
 * an embedded Tomcat on 127.0.0.1, with one tool; the call counts when the tool's handler runs.</li>
 * <li>{@link A2a}: an A2A 1.0 agent (JSON-RPC binding), written from the specification as the gateway's tests do:
 * agent card at {@code /.well-known/agent-card.json} advertising push notifications, {@code SendMessage} answered
 * with a completed task at once, or (push mode) with a working task followed by a push of its completion to the
 * gateway, which then fetches it with {@code GetTask}; the call counts when the SendMessage has been read.</li>
 * </ul>
 */
final class AgentServers {

    /** Where an agent reports a call: the request body as received and when it arrived (System.nanoTime). */
    interface Sink {
        void called(Buffer body, long atNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentServers() {
    }

    /** The agent's decision, the same for every protocol. */
    static String decision(Buffer body, long runNonce) {
        String token = Payloads.token(body, runNonce);
        return "{\"decision\":\"noted\",\"event\":\"" + (token == null ? "" : token) + "\"}";
    }

    /** An MCP server with one tool (the official SDK), session-based or stateless, in an embedded Tomcat. */
    static final class Mcp implements AutoCloseable {
        static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"event\":{\"type\":\"object\"}},"
                + "\"required\":[\"event\"]}";

        private final Tomcat tomcat;

        Mcp(int port, boolean stateless, String tool, long runNonce, Sink sink) throws Exception {
            McpJsonMapper json = McpJsonDefaults.getMapper();
            McpSchema.Tool spec = McpSchema.Tool.builder().name(tool).description("notes a commerce event")
                    .inputSchema(json, SCHEMA).build();
            java.util.function.Function<McpSchema.CallToolRequest, McpSchema.CallToolResult> handler = request -> {
                long now = System.nanoTime();
                Buffer event;
                try {
                    event = Buffer.buffer(JSON.writeValueAsBytes(request.arguments().get("event")));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    event = Buffer.buffer();
                }
                sink.called(event, now);
                return McpSchema.CallToolResult.builder().addTextContent(decision(event, runNonce)).isError(false)
                        .build();
            };
            HttpServlet servlet;
            if (stateless) {
                HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                        .jsonMapper(json).messageEndpoint("/mcp").build();
                McpServer.sync(transport).serverInfo("bench-agent", "1.0")
                        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                        .immediateExecution(true)
                        .tools(List.of(McpStatelessServerFeatures.SyncToolSpecification.builder().tool(spec)
                                .callHandler((context, request) -> handler.apply(request)).build()))
                        .build();
                servlet = transport;
            } else {
                HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                        .builder().jsonMapper(json).mcpEndpoint("/mcp").build();
                McpServer.sync(transport).serverInfo("bench-agent", "1.0")
                        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                        .immediateExecution(true)
                        .tools(List.of(McpServerFeatures.SyncToolSpecification.builder().tool(spec)
                                .callHandler((exchange, request) -> handler.apply(request)).build()))
                        .build();
                servlet = transport;
            }
            tomcat = new Tomcat();
            tomcat.setBaseDir(Files.createTempDirectory("bench-mcp-tomcat").toString());
            Connector connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", null);
            Wrapper wrapper = Tomcat.addServlet(context, "mcp", servlet);
            wrapper.setAsyncSupported(true);
            context.addServletMappingDecoded("/mcp", "mcp");
            tomcat.start();
            if (connector.getLocalPort() != port) {
                throw new IllegalStateException("the MCP agent could not listen on 127.0.0.1:" + port);
            }
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /**
     * An A2A 1.0 agent on one Vert.x event loop: agent card, {@code SendMessage} and {@code GetTask} over JSON-RPC
     * (§9), results wrapped as {@code {"task": ...}} (§3.2.3), states {@code TASK_STATE_*} (§4.1.3); a push is a POST
     * of {@code {"statusUpdate": ...}} to the config's URL with its token in {@code X-A2A-Notification-Token}
     * (§4.3.3).
     */
    static final class A2a extends AbstractVerticle {
        private final int port;
        private final boolean push;
        private final long runNonce;
        private final Sink sink;
        private final AtomicLong ids = new AtomicLong();
        /** Push mode: tasks completed and pushed, until the gateway has fetched them. */
        private final Map<String, JsonObject> completed = new ConcurrentHashMap<>();
        private final AtomicLong pushFailures = new AtomicLong();
        private HttpClient http;

        A2a(int port, boolean push, long runNonce, Sink sink) {
            this.port = port;
            this.push = push;
            this.runNonce = runNonce;
            this.sink = sink;
        }

        long pushFailures() {
            return pushFailures.get();
        }

        @Override
        public void start(Promise<Void> started) {
            http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true));
            vertx.createHttpServer().requestHandler(req -> req.body().onComplete(ar -> {
                long now = System.nanoTime();
                if (ar.failed()) {
                    req.response().setStatusCode(400).end();
                    return;
                }
                if (req.method() == HttpMethod.GET && req.path().equals("/.well-known/agent-card.json")) {
                    json(req, 200, card());
                } else if (req.method() == HttpMethod.POST && req.path().equals("/rpc")) {
                    rpc(req, ar.result(), now);
                } else {
                    req.response().setStatusCode(404).end();
                }
            })).listen(port, "127.0.0.1").onComplete(ar -> {
                if (ar.succeeded()) {
                    started.complete();
                } else {
                    started.fail(ar.cause());
                }
            });
        }

        private JsonObject card() {
            return new JsonObject().put("name", "bench agent").put("description", "notes commerce events")
                    .put("version", "1.0")
                    .put("capabilities", new JsonObject().put("pushNotifications", true).put("streaming", false))
                    .put("defaultInputModes", new JsonArray().add("application/json"))
                    .put("defaultOutputModes", new JsonArray().add("application/json"))
                    .put("supportedInterfaces", new JsonArray().add(new JsonObject()
                            .put("url", "http://127.0.0.1:" + port + "/rpc").put("protocolBinding", "JSONRPC")
                            .put("protocolVersion", "1.0")));
        }

        private void rpc(HttpServerRequest req, Buffer body, long now) {
            JsonObject request;
            try {
                request = body.toJsonObject();
            } catch (RuntimeException e) {
                json(req, 200, new JsonObject().put("jsonrpc", "2.0").putNull("id").put("error",
                        new JsonObject().put("code", -32700).put("message", "parse error")));
                return;
            }
            JsonObject response = new JsonObject().put("jsonrpc", "2.0").put("id", request.getValue("id"));
            JsonObject params = request.getJsonObject("params", new JsonObject());
            switch (request.getString("method", "")) {
                case "SendMessage" -> {
                    sink.called(body, now);
                    String id = "task-" + ids.incrementAndGet();
                    JsonObject done = task(id, "TASK_STATE_COMPLETED", decision(body, runNonce));
                    JsonObject config = params.getJsonObject("configuration", new JsonObject())
                            .getJsonObject("taskPushNotificationConfig");
                    if (!push || config == null) {
                        json(req, 200, response.put("result", new JsonObject().put("task", done)));
                        return;
                    }
                    completed.put(id, done);
                    json(req, 200, response.put("result", new JsonObject()
                            .put("task", new JsonObject().put("id", id).put("contextId", "ctx-" + id)
                                    .put("status", new JsonObject().put("state", "TASK_STATE_WORKING")))));
                    push(config.getString("url"), config.getString("token"), id);
                }
                case "GetTask" -> {
                    JsonObject task = completed.remove(params.getString("id", ""));
                    json(req, 200, task == null
                            ? response.put("error", new JsonObject().put("code", -32001).put("message", "task not found"))
                            : response.put("result", task));
                }
                default -> json(req, 200, response.put("error", new JsonObject().put("code", -32601)
                        .put("message", "method not found")));
            }
        }

        private static JsonObject task(String id, String state, String decision) {
            JsonObject data = new JsonObject(decision);
            return new JsonObject().put("id", id).put("contextId", "ctx-" + id)
                    .put("status", new JsonObject().put("state", state).put("message", new JsonObject()
                            .put("messageId", "status-" + id).put("role", "ROLE_AGENT")
                            .put("parts", new JsonArray().add(new JsonObject().put("text", "noted")))))
                    .put("artifacts", new JsonArray().add(new JsonObject().put("artifactId", "a-" + id)
                            .put("name", "decision")
                            .put("parts", new JsonArray().add(new JsonObject().put("data", data)))));
        }

        /** Tells the gateway the task is completed (it then fetches it with GetTask). */
        private void push(String url, String token, String id) {
            java.net.URI uri = java.net.URI.create(url);
            JsonObject update = new JsonObject().put("statusUpdate", new JsonObject().put("taskId", id)
                    .put("contextId", "ctx-" + id).put("status", new JsonObject().put("state", "TASK_STATE_COMPLETED")));
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                    .setPort(uri.getPort()).setURI(uri.getRawPath()).addHeader("Content-Type", "application/json")
                    .addHeader("X-A2A-Notification-Token", token == null ? "" : token);
            http.request(options).compose(r -> r.send(update.toBuffer())).compose(r -> r.body().map(b -> r.statusCode()))
                    .onComplete(ar -> {
                        if (ar.failed() || ar.result() / 100 != 2) {
                            pushFailures.incrementAndGet();
                        }
                    });
        }

        private static void json(HttpServerRequest req, int status, JsonObject body) {
            byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Buffer.buffer(bytes));
        }
    }
}
