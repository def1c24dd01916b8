package io.hooklane.a2a;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: past it the subscription is cancelled (the client closes the
 * connection) and the body fails with {@link TooLargeException}, so an agent cannot make Hooklane hold more than
 * the limit whatever it sends or declares. {@link #abort} stops a body that is still arriving at the call's deadline.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final int limit;
    private final long declared;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;

    CappedBody(int limit, long declaredLength) {
        this.limit = limit;
        this.declared = declaredLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declared > limit) {
            fail(new TooLargeException(limit));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        synchronized (bytes) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + (long) buffer.remaining() > limit) {
                    fail(new TooLargeException(limit));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable error) {
        body.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        synchronized (bytes) {
            body.complete(bytes.toByteArray());
        }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    void abort(IOException reason) {
        fail(reason);
    }

    private void fail(IOException reason) {
        if (body.completeExceptionally(reason)) {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }

    /** The answer was larger than Hooklane reads from an agent. */
    static final class TooLargeException extends IOException {
        TooLargeException(int limit) {
            super("the agent's answer is larger than " + limit + " bytes (hooklane.a2a.max-response-bytes)");
        }
    }
}
