package io.hooklane.agent;

import io.hooklane.deliver.AttemptExchange;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * For an {@code http} destination with {@code replies: true}: a 2xx answer with a JSON body is what the agent
 * decided ({@code agent.response.completed}, the body as its data). The delivery client keeps only the first few KiB
 * of an answer; a longer one is reported as {@code {"error":"reply_too_large"}} rather than cut mid-document.
 */
public final class HttpAgentReply implements Processor {

    private final int maxBytes;

    /** @param maxBytes what the delivery client keeps of an answer's body: a body of this length may be cut */
    public HttpAgentReply(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        // the answer's own Content-Type: the request's stays on the message when the answer has none
        String contentType = exchange.getProperty(io.hooklane.deliver.DeliveryHttpBinding.RESPONSE_CONTENT_TYPE,
                String.class);
        if (status == null || status < 200 || status >= 300 || contentType == null
                || !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (body == null || body.length == 0) {
            return;
        }
        exchange.setProperty(AttemptExchange.AGENT_OUTCOME, "completed");
        exchange.setProperty(AttemptExchange.AGENT_REPLY, body.length >= maxBytes
                ? "{\"error\":\"reply_too_large\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body);
    }
}
