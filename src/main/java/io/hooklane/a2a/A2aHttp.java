package io.hooklane.a2a;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP calls to agents without a thread waiting on any of them (the JDK client's asynchronous API), each bounded:
 * one deadline for connection, request and the whole answer; answers read up to a size limit; redirects not followed
 * (a 3xx is an answer like any other).
 */
final class A2aHttp {

    /** What an agent answered: status, body (at most the limit) and its Retry-After header, if any. */
    record Answer(int status, byte[] body, String retryAfter) {
    }

    private final HttpClient client;
    private final Duration deadline;
    private final int maxBytes;
    private final ScheduledExecutorService timer;

    A2aHttp(Duration deadline, int maxBytes, ScheduledExecutorService timer, Executor executor) {
        this.deadline = deadline;
        this.maxBytes = maxBytes;
        this.timer = timer;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(deadline)
                .executor(executor)
                .build();
    }

    /** Sends the request; completes with the answer or fails (IOException: refused, reset, too large, too late). */
    CompletableFuture<Answer> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.timeout(deadline).build();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        AtomicReference<CappedBody> body = new AtomicReference<>();
        CompletableFuture<java.net.http.HttpResponse<byte[]>> call = client.sendAsync(request, info -> {
            CappedBody capped = new CappedBody(maxBytes, info.headers().firstValueAsLong("Content-Length").orElse(-1));
            body.set(capped);
            return capped;
        });
        ScheduledFuture<?> expiry = timer.schedule(() -> {
            HttpTimeoutException late = late();
            if (answer.completeExceptionally(late)) {
                CappedBody capped = body.get();
                if (capped != null) {
                    capped.abort(late);
                }
                call.cancel(true);
            }
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        call.whenComplete((response, failure) -> {
            expiry.cancel(false);
            if (failure != null) {
                // the client's own timeout (until the headers) is the same deadline, reported the same way
                Throwable cause = unwrap(failure);
                answer.completeExceptionally(cause instanceof HttpTimeoutException ? late() : cause);
            } else {
                answer.complete(new Answer(response.statusCode(), response.body(),
                        response.headers().firstValue("Retry-After").orElse(null)));
            }
        });
        return answer;
    }

    private HttpTimeoutException late() {
        return new HttpTimeoutException("no complete answer within " + deadline.toMillis()
                + " ms (hooklane.a2a.call-timeout-millis)");
    }

    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
        String text = t.getMessage();
        return t instanceof IOException && text != null ? text : t.getClass().getSimpleName()
                + (text == null ? "" : ": " + text);
    }
}
