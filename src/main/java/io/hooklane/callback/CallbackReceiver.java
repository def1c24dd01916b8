package io.hooklane.callback;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /callbacks/{webhookId}} (routes/callbacks.camel.yaml): hands the raw callback to the
 * {@link CallbackRegistry} and answers {@code 200 {"accepted": true}}, or the refusal as
 * {@code {"error": "<code>", "message": "..."}} with its status, like ingest. Never a stack trace.
 */
public final class CallbackReceiver implements Processor {

    /** The route's path parameter (not {@code webhook-id}: that header is the callback message's own id). */
    public static final String WEBHOOK_ID = "webhookId";
    private static final String[] SIGNED_HEADERS = {
        "webhook-id", "webhook-timestamp", "webhook-signature", "svix-id", "svix-timestamp", "svix-signature"};
    private static final Logger LOG = LoggerFactory.getLogger(CallbackReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CallbackRegistry registry;
    private final int maxBodyBytes;

    public CallbackReceiver(CallbackRegistry registry, int maxBodyBytes) {
        this.registry = registry;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String webhookId = in.getHeader(WEBHOOK_ID, String.class);
        Map<String, String> headers = new HashMap<>();
        for (String name : SIGNED_HEADERS) {
            String value = in.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        byte[] body = in.getBody(byte[].class);
        int status = 200;
        String answer = JSON.createObjectNode().put("accepted", true).toString();
        try {
            if (body != null && body.length > maxBodyBytes) {
                throw new CallbackRefusedException(CallbackRefusal.PAYLOAD_TOO_LARGE, tooLarge(maxBodyBytes));
            }
            registry.receive(webhookId, headers, body == null ? new byte[0] : body);
        } catch (CallbackRefusedException e) {
            status = e.reason().status();
            answer = error(e.reason(), e.getMessage());
            LOG.debug("Refused a callback: {} ({})", e.reason().code(), e.getMessage());
        } catch (RuntimeException e) {
            status = 500;
            answer = JSON.createObjectNode().put("error", "internal_error")
                    .put("message", "internal error; retry later").toString();
            LOG.error("Unexpected failure handling a callback", e);
        }
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(answer);
    }

    static String error(CallbackRefusal reason, String message) {
        return JSON.createObjectNode().put("error", reason.code()).put("message", message).toString();
    }

    static String tooLarge(int maxBodyBytes) {
        return "the callback is larger than " + maxBodyBytes + " bytes";
    }
}
