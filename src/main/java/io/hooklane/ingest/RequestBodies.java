package io.hooklane.ingest;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body as raw bytes, bounded in size and time, before anything parses it (Camel's own body
 * handling decodes form bodies, which would break an HMAC over the bytes the sender signed).
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static byte[] read(HttpServerRequest request, SourceIngest source, long timeoutMillis)
            throws WebhookRejectedException, InterruptedException {
        long max = source.maxBodyBytes();
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(initialSize(request, max));
        request.exceptionHandler(result::completeExceptionally);
        request.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if (buffer.size() + chunk.length() > max) {
                request.pause();
                result.completeExceptionally(source.tooLarge());
                return;
            }
            buffer.writeBytes(chunk.getBytes());
        });
        request.endHandler(v -> result.complete(buffer.toByteArray()));
        request.resume();
        try {
            return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new WebhookRejectedException(RejectReason.REQUEST_TIMEOUT,
                    "the request body did not arrive within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebhookRejectedException rejected) {
                throw rejected;
            }
            throw new WebhookRejectedException(RejectReason.MALFORMED_PAYLOAD, "the request body could not be read");
        }
    }

    private static int initialSize(HttpServerRequest request, long max) {
        String length = request.getHeader("content-length");
        if (length != null) {
            try {
                return (int) Math.min(Math.max(Long.parseLong(length.trim()), 0), Math.min(max, 1 << 20));
            } catch (NumberFormatException ignored) {
                return 1024;
            }
        }
        return 1024;
    }
}
