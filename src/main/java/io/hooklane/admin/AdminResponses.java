package io.hooklane.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Writes admin answers: JSON, no request header echoed back. */
final class AdminResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminResponses() {
    }

    static void json(Exchange exchange, int status, ObjectNode body) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(body.toString());
    }

    static void error(Exchange exchange, int status, String code, String message) {
        json(exchange, status, JSON.createObjectNode().put("error", code).put("message", message));
        if (status == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer realm=\"hooklane-admin\"");
        }
    }

    /** The answer to a replay: {@code {"replayed","skipped","remaining","next"}}. */
    static ObjectNode replayed(DeadLetterTopics.ReplayPage page) {
        ObjectNode body = JSON.createObjectNode();
        body.put("replayed", page.replayed());
        body.put("skipped", page.skipped());
        return withRest(body, page);
    }

    /** The answer to a discard: {@code {"discarded","remaining","next"}}. */
    static ObjectNode discarded(DeadLetterTopics.ReplayPage page) {
        ObjectNode body = JSON.createObjectNode();
        body.put("discarded", page.replayed());
        return withRest(body, page);
    }

    private static ObjectNode withRest(ObjectNode body, DeadLetterTopics.ReplayPage page) {
        body.put("remaining", page.remaining());
        if (page.next() == null) {
            body.putNull("next");
        } else {
            body.put("next", page.next());
        }
        return body;
    }
}
