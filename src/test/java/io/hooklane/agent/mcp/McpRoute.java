package io.hooklane.agent.mcp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A destination's attempt route for the tests: {@code direct:attempt} → {@code process: ref: mcpDelivery}, with the
 * exchange properties the delivery engine sets and the CloudEvent as the body.
 */
final class McpRoute implements BeforeAllCallback, AfterAllCallback {

    static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"stripe\","
            + "\"type\":\"payment.failed\",\"subject\":\"pi_1\",\"data\":{\"amount\":4200}}";

    final Map<String, String> config = new ConcurrentHashMap<>();
    final CamelContext camel = new DefaultCamelContext();
    /** The meters the MCP step reports its sessions to. */
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final long maxResponseBytes;
    private ProducerTemplate template;

    /** Register with {@code @RegisterExtension}: the route runs from the first test of the class to the last. */
    McpRoute(long maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        McpDestinations destinations = new McpDestinations(config::get, new DestinationCredentials(config::get, true),
                Duration.ofSeconds(20), maxResponseBytes);
        camel.getRegistry().bind("mcpDelivery", new McpDelivery(destinations, 2, Clock.systemUTC(),
                new HooklaneMetrics(meters)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:attempt").routeId("deliver-agent").process("mcpDelivery");
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
    }

    /** One attempt; url, tool and timeout are left to the destination's settings when null. */
    Exchange attempt(String destination, String url, String tool, String webhookId, Long timeoutMillis) {
        return template.send("direct:attempt", e -> prepare(e, destination, url, tool, webhookId, timeoutMillis));
    }

    Exchange attempt(String destination, String url, String tool, String webhookId) {
        return attempt(destination, url, tool, webhookId, null);
    }

    static void prepare(Exchange e, String destination, String url, String tool, String webhookId,
                        Long timeoutMillis) {
        e.setProperty(AttemptExchange.DESTINATION, destination);
        e.setProperty(AttemptExchange.WEBHOOK_ID, webhookId);
        e.setProperty(AttemptExchange.ATTEMPT, 1);
        if (url != null) {
            e.setProperty(McpDelivery.URL, url);
        }
        if (tool != null) {
            e.setProperty(McpDelivery.TOOL, tool);
        }
        if (timeoutMillis != null) {
            e.setProperty(McpDelivery.TIMEOUT_MILLIS, timeoutMillis);
        }
        e.getMessage().setBody(EVENT.getBytes(StandardCharsets.UTF_8));
    }

    /** The MCP sessions initialised with {@code destination}'s servers so far, for {@code reason}. */
    double sessions(String destination, String reason) {
        var counter = meters.find("hooklane.mcp.sessions").tags("destination", destination, "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    /** How the call ended ({@code hooklane_destination_calls_total}'s result). */
    static String call(Exchange exchange) {
        return exchange.getProperty(AttemptExchange.CALL_RESULT, String.class);
    }

    static AttemptResult result(Exchange exchange) {
        return exchange.getProperty(AttemptExchange.RESULT, AttemptResult.class);
    }

    static String outcome(Exchange exchange) {
        return exchange.getProperty(AttemptExchange.AGENT_OUTCOME, String.class);
    }

    static String reply(Exchange exchange) {
        byte[] reply = exchange.getProperty(AttemptExchange.AGENT_REPLY, byte[].class);
        return reply == null ? null : new String(reply, StandardCharsets.UTF_8);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        camel.stop();
    }
}
