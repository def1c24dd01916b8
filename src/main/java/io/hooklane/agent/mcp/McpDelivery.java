package io.hooklane.agent.mcp;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.agent.AgentListener;
import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallResults;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;

/**
 * A destination's delivery step for the {@code mcp} protocol: calls one tool of a Streamable HTTP MCP server with the
 * attempt's CloudEvent as the tool's {@code event} argument, without holding a thread while the server works.
 *
 * <p>Reads the attempt's {@link AttemptExchange#DESTINATION}, {@link AttemptExchange#WEBHOOK_ID} (the JSON-RPC id of
 * {@code tools/call} and {@code _meta["io.hooklane/webhook-id"]}, the same for every attempt, so a server can
 * deduplicate) and the CloudEvent JSON body; the endpoint and tool from {@link #URL} and {@link #TOOL} when the route
 * sets them, else from the destination's settings ({@link McpDestinations}); the deadline from {@link #TIMEOUT_MILLIS}
 * when set, else the configured one. Reports in {@link AttemptExchange#RESULT} (see {@link McpOutcome} for the
 * mapping), {@link AttemptExchange#AGENT_OUTCOME} and {@link AttemptExchange#AGENT_REPLY}. One processor serves every
 * MCP destination; each server's protocol era and session are kept per destination and endpoint.
 */
public final class McpDelivery extends AsyncProcessorSupport {

    /** The MCP endpoint (String), when the route passes it. */
    public static final String URL = "hooklane.mcp.url";
    /** The tool's name (String), when the route passes it. */
    public static final String TOOL = "hooklane.mcp.tool";
    /** This attempt's deadline in milliseconds (Number or String), when the engine passes one. */
    public static final String TIMEOUT_MILLIS = "hooklane.attempt.timeoutMillis";

    private final McpDestinations destinations;
    private final McpHttp http;
    private final Clock clock;
    private final AgentListener listener;
    private final Map<String, McpConnection> connections = new ConcurrentHashMap<>();

    /** @param threads the HTTP client's completion threads, shared by every MCP destination */
    public McpDelivery(McpDestinations destinations, int threads, Clock clock) {
        this(destinations, threads, clock, AgentListener.NONE);
    }

    /** @param listener told of every MCP session initialised */
    public McpDelivery(McpDestinations destinations, int threads, Clock clock, AgentListener listener) {
        this.destinations = destinations;
        this.http = new McpHttp(threads);
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String destination = exchange.getProperty(AttemptExchange.DESTINATION, String.class);
        String webhookId = exchange.getProperty(AttemptExchange.WEBHOOK_ID, String.class);
        McpSettings settings;
        try {
            settings = destinations.settings(destination, exchange.getProperty(URL, String.class),
                    exchange.getProperty(TOOL, String.class));
            Long millis = exchange.getProperty(TIMEOUT_MILLIS, Long.class);
            if (millis != null && millis > 0) {
                settings = settings.withTimeout(Duration.ofMillis(millis));
            }
        } catch (IllegalArgumentException e) {
            exchange.setProperty(AttemptExchange.CALL_RESULT, CallResults.ERROR);
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        JsonNode event = McpJson.readOrNull(exchange.getMessage().getBody(byte[].class));
        if (event == null || !event.isObject() || webhookId == null) {
            report(exchange, McpOutcome.failure(new AttemptResult(McpOutcome.JSON_RPC_ERROR_STATUS,
                    "the attempt has no CloudEvent JSON object or no webhook id to call the tool with", null),
                    CallResults.ERROR));
            callback.done(true);
            return true;
        }
        CompletableFuture<McpOutcome> call = connection(settings).callTool(settings, webhookId, event);
        if (call.isDone()) {
            report(exchange, call.join());
            callback.done(true);
            return true;
        }
        call.whenComplete((outcome, error) -> {
            report(exchange, outcome != null ? outcome : McpOutcome.noAnswer(error));
            callback.done(false);
        });
        return false;
    }

    private McpConnection connection(McpSettings settings) {
        return connections.computeIfAbsent(settings.destination() + '\n' + settings.url(),
                key -> new McpConnection(http, clock, settings.destination(), listener));
    }

    /** The protocol era detected for a destination's endpoint, or null before the first answer. */
    String era(String destination, String url) {
        McpConnection connection = connections.get(destination + '\n' + java.net.URI.create(url));
        McpConnection.Era era = connection == null ? null : connection.era();
        return era == null ? null : era.name();
    }

    private static void report(Exchange exchange, McpOutcome outcome) {
        exchange.setProperty(AttemptExchange.RESULT, outcome.result());
        exchange.setProperty(AttemptExchange.CALL_RESULT, outcome.call());
        if (outcome.agentOutcome() != null) {
            exchange.setProperty(AttemptExchange.AGENT_OUTCOME, outcome.agentOutcome());
        }
        if (outcome.reply() != null) {
            exchange.setProperty(AttemptExchange.AGENT_REPLY, outcome.reply());
        }
    }
}
