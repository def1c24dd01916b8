package io.hooklane.agent.mcp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads an MCP server's answer as it arrives, never holding more than the cap: an {@code application/json} body is
 * the JSON-RPC response; a {@code text/event-stream} is parsed event by event, notifications and other messages are
 * skipped, and reading stops (the stream is cancelled) at the response with the request's id. Anything else keeps
 * its first bytes for an error text. Past the cap the stream is cancelled and the body fails.
 */
final class JsonRpcBodySubscriber implements HttpResponse.BodySubscriber<JsonRpcBodySubscriber.Body> {

    /** The response with the request's id (null when none came), and the start of any other body. */
    record Body(JsonNode message, String text) {
    }

    private static final int TEXT_BYTES = 512;

    private final String expectedId;
    private final long cap;
    private final boolean sse;
    private final boolean json;
    private final CompletableFuture<Body> body = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final SseEvents events = new SseEvents();
    private volatile Flow.Subscription subscription;
    private long received;

    JsonRpcBodySubscriber(HttpResponse.ResponseInfo info, String expectedId, long cap) {
        String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        this.expectedId = expectedId;
        this.cap = cap;
        this.sse = type.startsWith("text/event-stream");
        this.json = !sse && (type.startsWith("application/json") || type.contains("+json"));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (body.isDone()) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer b : buffers) {
            received += b.remaining();
            if (received > cap) {
                abort(new ResponseTooLargeException(cap));
                return;
            }
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            if (sse) {
                events.feed(bytes, this::onEvent);
            } else if (json) {
                buffer.write(bytes, 0, bytes.length);
            } else if (buffer.size() < TEXT_BYTES) {
                buffer.write(bytes, 0, Math.min(bytes.length, TEXT_BYTES - buffer.size()));
            }
            if (body.isDone()) {
                subscription.cancel();
                return;
            }
        }
        subscription.request(1);
    }

    private void onEvent(String data) {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        JsonNode message = McpJson.readOrNull(bytes, 0, bytes.length);
        if (McpJson.isResponseTo(message, expectedId)) {
            body.complete(new Body(message, null));
        }
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (sse) {
            body.complete(new Body(null, "the event stream ended without the JSON-RPC response"));
        } else if (json) {
            byte[] bytes = buffer.toByteArray();
            JsonNode message = McpJson.readOrNull(bytes, 0, bytes.length);
            body.complete(new Body(message, message == null ? text(bytes) : null));
        } else {
            body.complete(new Body(null, text(buffer.toByteArray())));
        }
    }

    /** Stops reading: the connection is closed and the body fails with this cause. */
    void abort(Throwable cause) {
        body.completeExceptionally(cause);
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }

    @Override
    public CompletionStage<Body> getBody() {
        return body;
    }

    private static String text(byte[] bytes) {
        int length = Math.min(bytes.length, TEXT_BYTES);
        return length == 0 ? null : new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
