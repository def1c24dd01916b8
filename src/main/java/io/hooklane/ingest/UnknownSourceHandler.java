package io.hooklane.ingest;

import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.metrics.HooklaneMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * The last route under {@code /webhooks/}: a request that no source's route took is either for an unknown source
 * (404 {@code unknown_source}), uses another method than POST on a known one (405), or is a POST to a known source
 * whose route is not serving (start-up, shutdown: 503 {@code not_ready} with Retry-After, so the provider retries
 * instead of treating the endpoint as gone).
 */
public final class UnknownSourceHandler implements Handler<RoutingContext> {

    public static final String PREFIX = "/webhooks/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Set<String>> knownSources;
    private final HooklaneMetrics metrics;

    public UnknownSourceHandler(Supplier<Set<String>> knownSources, HooklaneMetrics metrics) {
        this.knownSources = knownSources;
        this.metrics = metrics;
    }

    /** Why a request reached this last route: its source's own route (POST only) would have taken it if serving. */
    static RejectReason reason(boolean knownSource, boolean post) {
        if (!knownSource) {
            return RejectReason.UNKNOWN_SOURCE;
        }
        return post ? RejectReason.NOT_READY : RejectReason.METHOD_NOT_ALLOWED;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        String source = path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : "";
        if (source.endsWith("/")) {
            source = source.substring(0, source.length() - 1);
        }
        boolean known = knownSources.get().contains(source);
        RejectReason reason = reason(known, ctx.request().method() == HttpMethod.POST);
        String message = switch (reason) {
            case METHOD_NOT_ALLOWED -> "webhooks are delivered with POST";
            case NOT_READY -> "the gateway is starting or stopping; retry later";
            default -> "no webhook source is configured at " + PREFIX + "<source> with that name";
        };
        metrics.rejected(known ? source : "unknown", reason.code());
        var response = ctx.response().setStatusCode(reason.status()).putHeader("Content-Type", "application/json");
        if (reason == RejectReason.METHOD_NOT_ALLOWED) {
            response.putHeader("Allow", "POST");
        }
        if (reason == RejectReason.NOT_READY) {
            response.putHeader("Retry-After", "5");
        }
        response.end(JSON.createObjectNode().put("error", reason.code()).put("message", message).toString());
    }
}
