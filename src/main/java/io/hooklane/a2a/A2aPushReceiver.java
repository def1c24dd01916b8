package io.hooklane.a2a;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.agent.AgentListener;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * {@code POST /a2a/push/{webhookId}}: an agent's push notification about a task Hooklane waits for (A2A 1.0
 * §4.3.3, §13.2; 0.3 push notifications). Checked in this order, each refusal in the gateway's error shape
 * ({@code {"error", "message"}}):
 * a declared body over {@code hooklane.a2a.max-push-bytes} (413 {@code payload_too_large}); a delivery id that
 * waits for no task (404 {@code unknown_task}); no token (401 {@code missing_token}) or not the task's token,
 * compared in constant time (401 {@code invalid_token}), from {@code X-A2A-Notification-Token} or
 * {@code Authorization: Bearer}; then the body, read up to the limit (413), must be JSON (400
 * {@code malformed_payload}) about the same task (404). An accepted push only wakes the delivery, which then asks the
 * agent for the task with GetTask: what a push says is never taken as the result.
 */
public final class A2aPushReceiver implements Processor {

    /** Every way a push is refused, with its status and code. */
    enum Refusal {
        PAYLOAD_TOO_LARGE(413), UNKNOWN_TASK(404), MISSING_TOKEN(401), INVALID_TOKEN(401), MALFORMED_PAYLOAD(400);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final String TOKEN_HEADER = "X-A2A-Notification-Token";
    private static final String ACCEPTED = "accepted";

    /** {@code accepted}, then every refusal's code: the values of {@code hooklane_a2a_pushes_total{result}}. */
    public static final java.util.List<String> RESULTS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of(ACCEPTED), java.util.Arrays.stream(Refusal.values()).map(Refusal::code))
            .toList();

    private final PendingTasks pending;
    private final int maxBytes;
    private final AgentListener listener;

    public A2aPushReceiver(A2aDelivery delivery) {
        this(delivery.pending(), delivery.maxPushBytes(), delivery.listener());
    }

    A2aPushReceiver(PendingTasks pending, int maxBytes, AgentListener listener) {
        this.pending = pending;
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        String webhookId = in.getHeader("webhookId", String.class);
        String token = token(in);
        if (declaredLength(in) > maxBytes) {
            refuse(in, Refusal.PAYLOAD_TOO_LARGE, "a push is at most " + maxBytes + " bytes");
            return;
        }
        PendingTasks.Check check = pending.check(webhookId, token);
        if (check != PendingTasks.Check.ACCEPTED) {
            refuse(in, check);
            return;
        }
        byte[] body = readAtMost(in.getBody(InputStream.class), maxBytes + 1);
        if (body.length > maxBytes) {
            refuse(in, Refusal.PAYLOAD_TOO_LARGE, "a push is at most " + maxBytes + " bytes");
            return;
        }
        JsonNode push;
        try {
            push = JsonRpc.parse(body);
        } catch (JsonRpc.MalformedAnswerException e) {
            refuse(in, Refusal.MALFORMED_PAYLOAD, "a push is a JSON object: a Task or a StreamResponse");
            return;
        }
        if (!push.isObject()) {
            refuse(in, Refusal.MALFORMED_PAYLOAD, "a push is a JSON object: a Task or a StreamResponse");
            return;
        }
        check = pending.push(webhookId, token, TaskReader.notice(push));
        if (check != PendingTasks.Check.ACCEPTED) {
            refuse(in, check);
            return;
        }
        listener.a2aPush(ACCEPTED);
        reply(in, 200, "{\"status\":\"received\"}");
    }

    private static long declaredLength(Message in) {
        String length = in.getHeader("Content-Length", String.class);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String token(Message in) {
        String token = in.getHeader(TOKEN_HEADER, String.class);
        if (token != null && !token.isBlank()) {
            return token;
        }
        String authorization = in.getHeader("Authorization", String.class);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7);
        }
        return null;
    }

    private static byte[] readAtMost(InputStream body, int limit) throws IOException {
        if (body == null) {
            return new byte[0];
        }
        try (body) {
            return body.readNBytes(limit);
        }
    }

    private void refuse(Message in, PendingTasks.Check check) {
        switch (check) {
            case MISSING_TOKEN -> refuse(in, Refusal.MISSING_TOKEN, "the push carries no " + TOKEN_HEADER);
            case INVALID_TOKEN -> refuse(in, Refusal.INVALID_TOKEN, "the push's token is not this task's token");
            default -> refuse(in, Refusal.UNKNOWN_TASK, "no A2A task waits for a push at this URL");
        }
    }

    private void refuse(Message in, Refusal refusal, String message) {
        listener.a2aPush(refusal.code());
        reply(in, refusal.status, JsonRpc.JSON.createObjectNode().put("error", refusal.code())
                .put("message", message).toString());
    }

    private static void reply(Message in, int status, String body) {
        in.getHeaders().clear();
        in.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setBody(body);
    }
}
