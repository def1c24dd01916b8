package io.hooklane.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code POST /webhooks/<source>} on Camel's platform-http router without blocking a thread:
 * <ol>
 *   <li>on the event loop: the gate's pre-body checks (address, rate, declared length, media type), then the body,
 *       read into memory up to the source's limit and within its time limit; a refusal here is answered at once and
 *       the rest of the body is drained so the sender can read it;</li>
 *   <li>the route, run as an asynchronous processor with the raw bytes as body: verify, dedup, Kafka, responder;</li>
 *   <li>when the route completes (for an accepted event: in the producer's acknowledgement callback), the unit of
 *       work is finished (a failed event's dedup id is forgotten first) and the answer is written on the
 *       connection's event loop.</li>
 * </ol>
 * Unlike Camel's platform-http consumer, no worker thread waits for the broker, so the number of webhooks waiting
 * for their acknowledgement is bounded by connections, not threads.
 */
final class IngestConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(IngestConsumer.class);
    /** How much of a refused body is read and thrown away so the sender can read the answer (lingering close). */
    private static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private final IngestEndpoint endpoint;
    private final WebhookSourceProcessor gate;
    private Route route;

    IngestConsumer(IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.gate = endpoint.getGate();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        route = IngestComponent.router(getEndpoint().getCamelContext()).route(HttpMethod.POST, endpoint.getPath()).handler(this::handle);
    }

    @Override
    protected void doStop() throws Exception {
        if (route != null) {
            route.remove();
            route = null;
        }
        super.doStop();
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (isSuspended() || !isRunAllowed()) {
            // the route is suspended or stopping: the same machine-readable answer as during start-up
            write(ctx.response(), ErrorResponder.reply(RejectReason.NOT_READY,
                    "source '" + gate.source() + "' is not serving right now; retry later", gate.errors().retryAfterSeconds()));
            return;
        }
        gate.received();
        try {
            gate.checkRequest(request);
        } catch (WebhookRejectedException e) {
            refuse(request, e);
            return;
        }
        Vertx vertx = ctx.vertx();
        Context context = vertx.getOrCreateContext();
        long max = gate.maxBodyBytes();
        Buffer body = Buffer.buffer(initialSize(request.getHeader("content-length"), max));
        boolean[] done = new boolean[1];
        long timer = vertx.setTimer(gate.bodyTimeoutMillis(), id -> {
            if (!done[0]) {
                done[0] = true;
                refuse(request, new WebhookRejectedException(RejectReason.REQUEST_TIMEOUT,
                        "the request body did not arrive within " + gate.bodyTimeoutMillis() + " ms"));
            }
        });
        request.exceptionHandler(error -> {
            if (!done[0]) {
                done[0] = true;
                vertx.cancelTimer(timer);
                LOG.debug("Reading a webhook body for '{}' failed: {}", gate.source(), error.toString());
                request.connection().close();
            }
        });
        request.handler(chunk -> {
            if (done[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                done[0] = true;
                vertx.cancelTimer(timer);
                refuse(request, gate.tooLarge());
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            if (!done[0]) {
                done[0] = true;
                vertx.cancelTimer(timer);
                process(request, context, body.getBytes());
            }
        });
        request.resume();
    }

    private void process(HttpServerRequest request, Context context, byte[] body) {
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
        exchange.setProperty(WebhookSourceProcessor.SOURCE, gate.source());
        exchange.setProperty(WebhookSourceProcessor.REQUEST_HEADERS, headers);
        exchange.setProperty(WebhookSourceProcessor.REQUEST_URL, request.absoluteURI());
        exchange.getIn().setBody(body);
        try {
            createUoW(exchange);
        } catch (Exception e) {
            releaseExchange(exchange, false);
            write(request.response(), gate.errors().reply(e, gate.source()));
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            HttpReply reply = reply(exchange);
            // finish the unit of work first: a failed event's dedup id is forgotten before the sender can retry
            doneUoW(exchange);
            releaseExchange(exchange, false);
            if (Vertx.currentContext() == context) {
                write(request.response(), reply);
            } else {
                context.runOnContext(v -> write(request.response(), reply));
            }
        });
    }

    /** What the route left in the message; an exception nobody handled becomes a 500 without details. */
    private HttpReply reply(Exchange exchange) {
        if (exchange.getException() != null) {
            return gate.errors().reply(exchange.getException(), gate.source());
        }
        Message out = exchange.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Map<String, String> headers = new HashMap<>();
        for (String name : new String[] {"Retry-After", "Allow"}) {
            String value = out.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        String body = out.getBody(String.class);
        return new HttpReply(status == null ? 200 : status, headers, body == null ? "" : body);
    }

    private static void write(HttpServerResponse response, HttpReply reply) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
        reply.headers().forEach(response::putHeader);
        response.end(reply.body());
    }

    /** Answers a refusal made before the route ran, and drains the rest of the body (up to a cap) before closing. */
    private void refuse(HttpServerRequest request, WebhookRejectedException rejected) {
        HttpReply reply = gate.errors().reply(rejected, gate.source());
        if (request.version() == HttpVersion.HTTP_2 || request.isEnded()) {
            write(request.response(), reply);
            return;
        }
        AtomicLong discarded = new AtomicLong();
        int[] finished = new int[1];
        Runnable closeWhenBothDone = () -> {
            if (++finished[0] == 2) {
                request.connection().close();
            }
        };
        HttpServerResponse response = request.response();
        response.putHeader("Connection", "close");
        response.endHandler(v -> closeWhenBothDone.run());
        request.handler(chunk -> {
            if (discarded.addAndGet(chunk.length()) > DISCARD_LIMIT) {
                request.connection().close();
            }
        });
        request.endHandler(v -> closeWhenBothDone.run());
        write(response, reply);
        request.resume();
    }

    private static int initialSize(String contentLength, long max) {
        if (contentLength != null) {
            try {
                return (int) Math.min(Math.max(Long.parseLong(contentLength.trim()), 0), Math.min(max, 1 << 20));
            } catch (NumberFormatException ignored) {
                return 1024;
            }
        }
        return 1024;
    }
}
