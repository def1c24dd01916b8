package io.hooklane.deliver;

import java.io.IOException;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * The HTTP client every destination calls through (camel-http's component-level {@code httpClientConfigurer}):
 * one request per attempt, never a retry or a redirect of the client's own (Apache HttpClient would otherwise
 * repeat a 429 or 503 after sleeping whatever Retry-After the receiver asks, and follow a receiver to another
 * address), and each request handed to its attempt's {@link AttemptDeadline}. Retries are the delivery queue's job.
 */
public final class AttemptDeadlineConfigurer implements HttpClientConfigurer, ExecChainHandler {

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableRedirectHandling();
        builder.addExecInterceptorFirst("hooklane-attempt-deadline", this);
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AttemptDeadline deadline = AttemptDeadline.current();
        if (deadline != null) {
            // the request as the caller made it carries the client's cancel hook (pool lease, connect, exchange)
            deadline.watch(scope.originalRequest instanceof Cancellable c ? c : null, scope.execRuntime);
        }
        return chain.proceed(request, scope);
    }
}
