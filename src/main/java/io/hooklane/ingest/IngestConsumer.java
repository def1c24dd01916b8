package io.hooklane.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
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

/**
 * Serves {@code POST /webhooks/<source>} on Camel's platform-http router without blocking a thread:
 * <ol>
 *   <li>on the event loop: the gate's pre-body checks (address, rate, declared length, media type), then the body,
 *       read into memory as it arrives ({@link BodyReader}) up to the source's limit, within the gateway's budget of
 *       pending body bytes ({@link PendingBodies}) and within the first-byte and whole-body deadlines; a refusal
 *       here is answered at once and the rest of the body is drained so the sender can read it;</li>
 *   <li>the route, run as an asynchronous processor with the raw bytes as body: verify, dedup, Kafka, responder;</li>
 *   <li>when the route completes (for an accepted event: in the producer's acknowledgement callback), the body's
 *       bytes are given back to the budget, the unit of work is finished (the event's claim on its dedup id is released
 *       first) and the answer is written on the connection's event loop.</li>
 * </ol>
 * Unlike Camel's platform-http consumer, no worker thread waits for the broker, so the number of webhooks waiting
 * for their acknowledgement is bounded by connections, not threads.
 */
final class IngestConsumer extends DefaultConsumer {

    /** How much of a refused body is read and thrown away so the sender can read the answer (lingering close). */
    private static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private final IngestEndpoint endpoint;
    private final WebhookSourceProcessor gate;
    private final PendingBodies pending;
    private final long firstByteMillis;
    private final IngestComponent component;
    private Route route;

    IngestConsumer(IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.gate = endpoint.getGate();
        IngestComponent component = (IngestComponent) endpoint.getComponent();
        this.pending = component.pendingBodies();
        this.firstByteMillis = component.firstByteTimeoutMillis();
        this.component = component;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        gate.registerSeries();
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
        // the start-up warm-up's own webhooks (before readiness only): not counted, and not held to the client
        // checks (its rate would drain the loopback address's bucket of the rate limit)
        WarmupPass pass = component.warmupPass();
        String warmupTopic = pass.isOpen() && pass.admits(request.getHeader(WarmupPass.HEADER),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress()) ? pass.topic() : null;
        if (warmupTopic == null) {
            gate.received();
            try {
                gate.checkRequest(request);
            } catch (WebhookRejectedException e) {
                refuse(request, e);
                return;
            }
        }
        Vertx vertx = ctx.vertx();
        Context context = vertx.getOrCreateContext();
        BodyBuffer body = new BodyBuffer(pending, declaredLength(request.getHeader("content-length")),
                gate.maxBodyBytes());
        new BodyReader(request, vertx, body, firstByteMillis, gate.bodyTimeoutMillis(),
                read -> process(request, context, read, warmupTopic), rejected -> refuse(request, rejected), gate::tooLarge).start();
    }

    /** Runs the route on a fully read body; its bytes stay reserved until the answer is written. */
    private void process(HttpServerRequest request, Context context, BodyBuffer body, String warmupTopic) {
        Exchange exchange;
        try {
            exchange = createExchange(false);
            exchange.setPattern(ExchangePattern.InOut);
            Map<String, String> headers = new HashMap<>();
            request.headers().forEach(e -> headers.putIfAbsent(e.getKey(), e.getValue()));
            exchange.setProperty(WebhookSourceProcessor.SOURCE, gate.source());
            exchange.setProperty(WebhookSourceProcessor.REQUEST_HEADERS, headers);
            exchange.setProperty(WebhookSourceProcessor.REQUEST_URL, request.absoluteURI());
            exchange.getIn().setBody(body.toByteArray());
            if (warmupTopic != null) {
                exchange.setProperty(WarmupPass.TOPIC_PROPERTY, warmupTopic);
            }
        } catch (RuntimeException e) {
            body.release();
            write(request.response(), gate.errors().reply(e, gate.source()));
            return;
        }
        try {
            createUoW(exchange);
        } catch (Exception e) {
            body.release();
            releaseExchange(exchange, false);
            write(request.response(), gate.errors().reply(e, gate.source()));
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            // the route is done with the body: its bytes go back to the budget whatever happens next
            body.release();
            HttpReply reply = reply(exchange);
            // finish the unit of work first: the event's dedup claim is released before the sender can retry
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

    /** The declared Content-Length, or -1 when there is none or it is not a number. */
    private static long declaredLength(String contentLength) {
        if (contentLength != null) {
            try {
                return Math.max(Long.parseLong(contentLength.trim()), -1);
            } catch (NumberFormatException ignored) {
                return -1;
            }
        }
        return -1;
    }
}
