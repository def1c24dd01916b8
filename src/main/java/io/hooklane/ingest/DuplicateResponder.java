package io.hooklane.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * A verified webhook whose provider id was already accepted within the dedup window (a provider retry or a
 * replayed capture): {@code 200 {"status": "duplicate", "id": ...}}, and nothing is enqueued again.
 */
public final class DuplicateResponder implements Processor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HooklaneMetrics metrics;

    public DuplicateResponder(HooklaneMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        String id = exchange.getProperty(WebhookSourceProcessor.EVENT_ID, String.class);
        if (exchange.getProperty(WarmupPass.TOPIC_PROPERTY) == null) {
            metrics.duplicate(exchange.getProperty(WebhookSourceProcessor.SOURCE, String.class));
        }
        var out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(JSON.createObjectNode().put("id", id).put("status", "duplicate").toString());
    }
}
