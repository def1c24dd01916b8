package io.hooklane.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs after the broker acknowledged the event: answers {@code 202 {"id": ..., "status": "accepted"}}. */
public final class AcceptedResponder implements Processor {

    private static final JsonStringEncoder JSON = JsonStringEncoder.getInstance();

    private final HooklaneMetrics metrics;

    public AcceptedResponder(HooklaneMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        String id = exchange.getProperty(WebhookSourceProcessor.EVENT_ID, String.class);
        if (exchange.getProperty(WarmupPass.TOPIC_PROPERTY) == null) {
            metrics.accepted(exchange.getProperty(WebhookSourceProcessor.SOURCE, String.class));
        }
        var out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // what Jackson writes for {"id": id, "status": "accepted"}, without a tree and a generator per webhook
        out.setBody(id == null ? "{\"id\":null,\"status\":\"accepted\"}"
                : "{\"id\":\"" + new String(JSON.quoteAsString(id)) + "\",\"status\":\"accepted\"}");
    }
}
