package io.hooklane.ingest;

import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.hooklane.metrics.HooklaneMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The last route under {@code /webhooks/}: a request that no source's route took is either for an unknown source
 * (404 {@code unknown_source}) or uses another method than POST on a known one (405). While the gateway starts (its
 * HTTP server is up before the sources' routes are) or stops, every such request is answered 503 {@code not_ready}
 * with {@code Retry-After}, so a sender retries instead of taking a 404 for a source that exists.
 */
public final class UnknownSourceHandler implements Handler<RoutingContext> {

    public static final String PREFIX = "/webhooks/";

    private final Supplier<Set<String>> knownSources;
    private final BooleanSupplier started;
    private final int retryAfterSeconds;
    private final HooklaneMetrics metrics;

    public UnknownSourceHandler(Supplier<Set<String>> knownSources, BooleanSupplier started, int retryAfterSeconds,
                                HooklaneMetrics metrics) {
        this.knownSources = knownSources;
        this.started = started;
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!started.getAsBoolean()) {
            // not counted: the meter registry may not exist yet
            write(ctx, ErrorResponder.reply(RejectReason.NOT_READY, "the gateway is starting or stopping; retry later",
                    retryAfterSeconds));
            return;
        }
        String path = ctx.normalizedPath();
        String source = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (source.endsWith("/")) {
            source = source.substring(0, source.length() - 1);
        }
        boolean known = knownSources.get().contains(source);
        RejectReason reason;
        String message;
        if (known && ctx.request().method() == HttpMethod.POST) {
            // a configured source whose route is not serving (suspended or stopped by an operator): try again later
            reason = RejectReason.NOT_READY;
            message = "source '" + source + "' is not serving right now; retry later";
        } else if (known) {
            reason = RejectReason.METHOD_NOT_ALLOWED;
            message = "webhooks are delivered with POST";
        } else {
            reason = RejectReason.UNKNOWN_SOURCE;
            message = "no webhook source is configured at " + PREFIX + "<source> with that name";
        }
        metrics.rejected(known ? source : "unknown", reason.code());
        write(ctx, ErrorResponder.reply(reason, message, retryAfterSeconds));
    }

    private static void write(RoutingContext ctx, HttpReply reply) {
        var response = ctx.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
        reply.headers().forEach(response::putHeader);
        response.end(reply.body());
    }
}
