package io.hooklane.deliver;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.Exchange;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

/**
 * The destinations' binding of camel-vertx-http (component option {@code vertxHttpBinding}): the request as Camel
 * builds it, over TLS when the URL says {@code https} (also when it names a port, which camel-vertx-http would
 * otherwise send in clear), with the answer body read through {@link BoundedResponseBody}: at most
 * {@link #MAX_BODY_BYTES} kept, and cut off at the attempt's deadline ({@link #DEADLINE_NANOS}).
 */
public final class DeliveryHttpBinding extends DefaultVertxHttpBinding {

    /** Exchange property: the attempt's deadline, a {@code System.nanoTime()} value (Long). */
    public static final String DEADLINE_NANOS = "hooklane.attempt.deadlineNanos";
    /** Exchange property: the attempt's timeout in milliseconds (Long), for the timeout's error text. */
    public static final String TIMEOUT_MILLIS = "hooklane.attempt.timeoutMillis";
    /**
     * Exchange property: the Content-Type of the receiver's answer (String, absent when it sent none). The message's
     * Content-Type header cannot tell: the request's stays on the message when the answer has none.
     */
    public static final String RESPONSE_CONTENT_TYPE = "hooklane.attempt.responseContentType";
    /** Bytes of a receiver's answer body kept; only the status and headers decide what happens next. */
    public static final int MAX_BODY_BYTES = 4096;
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;

    /**
     * The destinations' web client (component option {@code webClientOptions}): no redirect followed (a 3xx is the
     * attempt's answer, dead-lettered with its Location), no retry (Vert.x never retries), a 5 s connect timeout,
     * and enough pooled connections per host for any destination's maxInFlight.
     */
    public static WebClientOptions clientOptions() {
        return new WebClientOptions()
                .setFollowRedirects(false)
                .setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
                .setMaxPoolSize(EngineSettings.MAX_IN_FLIGHT)
                .setTryUseCompression(false);
    }

    @Override
    public void populateResponseHeaders(Exchange exchange, io.vertx.ext.web.client.HttpResponse<Buffer> response,
                                        org.apache.camel.spi.HeaderFilterStrategy strategy) {
        String contentType = response.getHeader("Content-Type");
        if (contentType != null) {
            exchange.setProperty(RESPONSE_CONTENT_TYPE, contentType);
        }
        super.populateResponseHeaders(exchange, response, strategy);
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) throws Exception {
        HttpDeadlines.watch(endpoint);
        HttpRequest<Buffer> request = super.prepareHttpRequest(endpoint, exchange);
        String scheme = endpoint.getConfiguration().getHttpUri().getScheme();
        request.ssl("https".equalsIgnoreCase(scheme));
        Long deadline = exchange.getProperty(DEADLINE_NANOS, Long.class);
        long deadlineNanos = deadline != null ? deadline
                : System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(EngineSettings.MAX_TIMEOUT_MILLIS);
        return request.as(new BoundedResponseBody(MAX_BODY_BYTES, deadlineNanos));
    }
}
