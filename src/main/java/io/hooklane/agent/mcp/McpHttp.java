package io.hooklane.agent.mcp;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Posts one JSON-RPC message to an MCP endpoint without holding a thread while it waits.
 *
 * <p>The JDK's {@link HttpClient} ({@code sendAsync}) rather than the Vert.x WebClient: it needs no dependency and
 * no Vert.x instance of its own beside the HTTP server's event loops; one selector thread serves every connection,
 * and a small pool of our own runs its completions, so a thousand calls in flight cost sockets, not threads. Its
 * {@link HttpResponse.BodySubscriber} hands over the answer buffer by buffer, which lets {@link JsonRpcBodySubscriber}
 * enforce the response cap while reading and stop an SSE stream at the response it waits for. Redirects are never
 * followed. Each call has a hard deadline over connecting, sending and the whole answer: at the deadline the
 * exchange and its body are cancelled (the connection is closed) and the call fails with a
 * {@link TimeoutException}.
 */
final class McpHttp {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final HttpClient client;

    McpHttp(int threads) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "hooklane-mcp-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.client = client(executor);
    }

    private static HttpClient client(Executor executor) {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /**
     * @param expectedId the JSON-RPC id whose response ends the answer; null for a notification
     * @param deadline   {@link System#nanoTime()} by which the whole answer must have arrived
     */
    CompletableFuture<McpReply> post(McpSettings settings, Map<String, String> headers, byte[] body,
                                     String expectedId, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(new TimeoutException("deadline passed"));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url())
                .version("https".equalsIgnoreCase(settings.url().getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofNanos(remaining))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.token().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.token());
        }
        headers.forEach(request::header);

        AtomicReference<JsonRpcBodySubscriber> reading = new AtomicReference<>();
        CompletableFuture<McpReply> reply = new CompletableFuture<>();
        CompletableFuture<HttpResponse<JsonRpcBodySubscriber.Body>> exchange = client.sendAsync(request.build(),
                info -> {
                    JsonRpcBodySubscriber subscriber = new JsonRpcBodySubscriber(info, expectedId,
                            settings.maxResponseBytes());
                    reading.set(subscriber);
                    return subscriber;
                });
        ScheduledFuture<?> expiry = TIMER.schedule(() -> {
            TimeoutException timeout = new TimeoutException("no complete answer within "
                    + settings.timeout().toMillis() + " ms");
            if (reply.completeExceptionally(timeout)) {
                exchange.cancel(true);
                JsonRpcBodySubscriber subscriber = reading.get();
                if (subscriber != null) {
                    subscriber.abort(timeout);
                }
            }
        }, remaining, TimeUnit.NANOSECONDS);
        exchange.whenComplete((response, error) -> {
            expiry.cancel(false);
            if (error != null) {
                reply.completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            } else {
                reply.complete(new McpReply(response.statusCode(), response.headers(), response.body().message(),
                        response.body().text()));
            }
        });
        return reply;
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hooklane-mcp-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
