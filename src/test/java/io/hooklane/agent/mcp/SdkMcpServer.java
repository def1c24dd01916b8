package io.hooklane.agent.mcp;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.servlet.Filter;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A real MCP server for the tests: the official MCP Java SDK's Streamable HTTP transport (session-based, or its
 * stateless one) in an embedded Tomcat on 127.0.0.1, with the tools the test gives. Every request that reaches it is
 * recorded (method, session id, protocol version header, JSON-RPC id, HTTP status).
 */
final class SdkMcpServer implements AutoCloseable {

    /**
     * One request as the server saw it, with its JSON-RPC params (a missing node when it had none); recorded when it
     * arrives, its status when the servlet has answered.
     */
    record Seen(String method, String sessionId, String protocolVersion, String id, String authorization,
                com.fasterxml.jackson.databind.JsonNode params, java.util.concurrent.atomic.AtomicInteger answered) {
        int status() {
            return answered.get();
        }
    }

    static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"event\":{\"type\":\"object\"}},"
            + "\"required\":[\"event\"]}";

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Tomcat tomcat;
    private final int port;

    private SdkMcpServer(HttpServlet servlet) throws Exception {
        tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("mcp-tomcat").toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Wrapper wrapper = Tomcat.addServlet(context, "mcp", servlet);
        wrapper.setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        FilterDef recording = new FilterDef();
        recording.setFilterName("recording");
        recording.setFilter(recordingFilter());
        recording.setAsyncSupported("true");
        context.addFilterDef(recording);
        FilterMap map = new FilterMap();
        map.setFilterName("recording");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        tomcat.start();
        port = connector.getLocalPort();
    }

    /** The session-based server (2025-03-26 to 2025-11-25): {@code Mcp-Session-Id}, SSE answers. */
    static SdkMcpServer sessions(Map<String, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult>> tools)
            throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
                .builder().jsonMapper(json).mcpEndpoint("/mcp").build();
        McpServer.sync(transport).serverInfo("test-agent", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .tools(tools.entrySet().stream().map(t -> McpServerFeatures.SyncToolSpecification.builder()
                        .tool(tool(json, t.getKey()))
                        .callHandler((exchange, request) -> t.getValue().apply(request)).build()).toList())
                .build();
        return new SdkMcpServer(transport);
    }

    /** The SDK's stateless server: no session, JSON answers. */
    static SdkMcpServer stateless(Map<String, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult>> tools)
            throws Exception {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        HttpServletStatelessServerTransport transport = HttpServletStatelessServerTransport.builder()
                .jsonMapper(json).messageEndpoint("/mcp").build();
        McpServer.sync(transport).serverInfo("test-agent", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true)
                .tools(tools.entrySet().stream().map(t -> McpStatelessServerFeatures.SyncToolSpecification.builder()
                        .tool(tool(json, t.getKey()))
                        .callHandler((context, request) -> t.getValue().apply(request)).build()).toList())
                .build();
        return new SdkMcpServer(transport);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    List<Seen> seen(String method) {
        return seen.stream().filter(s -> method.equals(s.method())).toList();
    }

    private static McpSchema.Tool tool(McpJsonMapper json, String name) {
        return McpSchema.Tool.builder().name(name).description("test tool " + name).inputSchema(json, SCHEMA).build();
    }

    /** Reads the body once, records what it says, and hands the servlet a request that reads the same bytes. */
    private Filter recordingFilter() {
        return (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            byte[] body = http.getInputStream().readAllBytes();
            var node = McpJson.readOrNull(body);
            Seen arrived = new Seen(node == null ? http.getMethod() : node.path("method").asText(null),
                    http.getHeader("Mcp-Session-Id"), http.getHeader("MCP-Protocol-Version"),
                    node == null || !node.has("id") ? null : node.get("id").asText(), http.getHeader("Authorization"),
                    node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node.path("params"),
                    new java.util.concurrent.atomic.AtomicInteger());
            seen.add(arrived);
            chain.doFilter(new HttpServletRequestWrapper(http) {
                @Override
                public ServletInputStream getInputStream() {
                    return new BodyStream(body);
                }

                @Override
                public java.io.BufferedReader getReader() {
                    return new java.io.BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(body),
                            StandardCharsets.UTF_8));
                }
            }, response);
            arrived.answered().set(((HttpServletResponse) response).getStatus());
        };
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    private static final class BodyStream extends ServletInputStream {
        private final ByteArrayInputStream in;

        BodyStream(byte[] body) {
            in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }

    static McpSchema.CallToolResult text(String text, boolean isError) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(isError).build();
    }

}
