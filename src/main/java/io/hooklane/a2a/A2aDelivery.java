package io.hooklane.a2a;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.agent.AgentListener;
import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.DestinationCredentials;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code a2a} destination protocol: delivers the attempt's CloudEvent (the exchange's body) to an A2A agent as
 * {@code SendMessage} and reports how it went in {@link AttemptExchange#RESULT}, {@link AttemptExchange#AGENT_OUTCOME}
 * and {@link AttemptExchange#AGENT_REPLY}. Asynchronous: {@link #process(Exchange, AsyncCallback)} returns at once and
 * the callback runs when the task has settled, failed or timed out; no thread waits meanwhile.
 *
 * <p>The agent's base URL comes from the exchange property {@link #AGENT_URL} (the destination route sets it from
 * its {@code url}), else from {@code <DEST>_URL}; its bearer token from {@code <DEST>_AUTH_TOKEN}; how long to wait
 * for the task from {@link #TIMEOUT_MILLIS}, else {@code hooklane.a2a.task-timeout-millis} (at most 10 minutes).
 */
public final class A2aDelivery extends AsyncProcessorSupport {

    /** Exchange property: the agent's base URL (or its card's URL). */
    public static final String AGENT_URL = "hooklane.agent.url";
    /** Exchange property: how long this delivery waits for its task to settle, in ms. */
    public static final String TIMEOUT_MILLIS = "hooklane.agent.timeout-millis";

    private static final Logger LOG = LoggerFactory.getLogger(A2aDelivery.class);

    private final A2aClient client;
    private final UnaryOperator<String> config;
    private final DestinationCredentials credentials;

    /** @param config looks up a configuration key (environment, properties), null when it is not set */
    public A2aDelivery(A2aSettings settings, UnaryOperator<String> config, DestinationCredentials credentials) {
        this(settings, config, credentials, AgentListener.NONE);
    }

    /** @param listener told of pushes received and polls made */
    public A2aDelivery(A2aSettings settings, UnaryOperator<String> config, DestinationCredentials credentials,
                       AgentListener listener) {
        this.client = new A2aClient(settings, listener);
        this.config = config;
        this.credentials = credentials;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        String destination = exchange.getProperty(AttemptExchange.DESTINATION, "", String.class);
        String webhookId = exchange.getProperty(AttemptExchange.WEBHOOK_ID, String.class);
        URI base;
        JsonNode event;
        try {
            base = baseUrl(exchange, destination);
            event = JsonRpc.JSON.readTree(exchange.getMessage().getBody(byte[].class));
            if (webhookId == null || webhookId.isBlank() || event == null || !event.isObject()) {
                throw new IllegalArgumentException("the attempt has no webhook id or no CloudEvent body");
            }
        } catch (IllegalArgumentException | IOException e) {
            report(exchange, AgentVerdict.unusable("a2a destination '" + destination + "': " + e.getMessage()));
            callback.done(true);
            return true;
        }
        client.deliver(base, credentials.authToken(destination), webhookId, event,
                        metadata(destination, exchange, event), timeout(exchange))
                .whenComplete((verdict, failure) -> {
                    report(exchange, verdict != null ? verdict : AgentVerdict.noAnswer("A2A delivery", failure));
                    callback.done(false);
                });
        return false;
    }

    /**
     * Gives up {@code webhookId}'s delivery (its partition was revoked, the destination stops): its callback runs at
     * once with a failure to retry, and its task's token is forgotten.
     */
    public void cancel(String webhookId) {
        client.abandon(webhookId);
    }

    /** Tasks the agents accepted that have not settled yet. */
    public int waitingTasks() {
        return client.waitingTasks().get();
    }

    AgentListener listener() {
        return client.listener();
    }

    /** The tasks waiting for a push, for the push endpoint. */
    PendingTasks pending() {
        return client.pending();
    }

    int maxPushBytes() {
        return client.settings().maxPushBytes();
    }

    private URI baseUrl(Exchange exchange, String destination) {
        String url = exchange.getProperty(AGENT_URL, String.class);
        if (url == null || url.isBlank()) {
            url = config.apply(DestinationCredentials.envPrefix(destination) + "_URL");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no agent URL: set " + DestinationCredentials.envPrefix(destination)
                    + "_URL");
        }
        URI uri = URI.create(url.trim());
        if (uri.getHost() == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("the agent URL is not an absolute http(s) URL");
        }
        return uri;
    }

    private Duration timeout(Exchange exchange) {
        Long millis = exchange.getProperty(TIMEOUT_MILLIS, Long.class);
        return millis == null || millis <= 0 ? client.settings().taskTimeout() : Duration.ofMillis(millis);
    }

    private static ObjectNode metadata(String destination, Exchange exchange, JsonNode event) {
        ObjectNode hooklane = JsonRpc.JSON.createObjectNode().put("destination", destination);
        Integer attempt = exchange.getProperty(AttemptExchange.ATTEMPT, Integer.class);
        if (attempt != null) {
            hooklane.put("attempt", attempt);
        }
        if (event.path("subject").isTextual()) {
            hooklane.put("subject", event.path("subject").asText());
        }
        return JsonRpc.JSON.createObjectNode().set("hooklane", hooklane);
    }

    private static void report(Exchange exchange, AgentVerdict verdict) {
        AttemptResult result = verdict.result();
        exchange.setProperty(AttemptExchange.RESULT, result);
        exchange.setProperty(AttemptExchange.CALL_RESULT, verdict.call());
        if (verdict.outcome() != null) {
            exchange.setProperty(AttemptExchange.AGENT_OUTCOME, verdict.outcome());
        }
        if (verdict.reply() != null) {
            exchange.setProperty(AttemptExchange.AGENT_REPLY, verdict.reply());
        }
        LOG.debug("A2A delivery {}: {} ({})", exchange.getProperty(AttemptExchange.WEBHOOK_ID), result.describe(),
                verdict.outcome());
    }

    /**
     * Stops the threads every A2A delivery shares (at the gateway's stop: a route's stop, on a reload, leaves them).
     */
    public void close() {
        client.close();
    }
}
