package io.hooklane.ingest;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code hooklane-ingest:<source>?gate=#<webhookSource>}: {@code POST /webhooks/<source>} on Camel's platform-http
 * server (same port, TLS and limits), without a thread per request. The consumer runs the pre-body checks and reads
 * the body on the Vert.x event loop, then runs the route asynchronously: the answer is written when the route
 * completes, which for an accepted event is the Kafka producer's acknowledgement callback.
 */
public final class IngestComponent extends DefaultComponent {

    public static final String FIRST_BYTE_TIMEOUT_KEY = "hooklane.ingest.first-byte-timeout-millis";

    private final PendingBodies pendingBodies;
    private final long firstByteTimeoutMillis;
    private volatile WarmupPass warmupPass = new WarmupPass(null);

    /**
     * @param pendingBodies the budget of body bytes every source's unfinished requests share
     * @param firstByteTimeoutMillis how long a request may take to send the first byte of its body
     */
    public IngestComponent(PendingBodies pendingBodies, long firstByteTimeoutMillis) {
        if (firstByteTimeoutMillis < 1) {
            throw new IllegalArgumentException(FIRST_BYTE_TIMEOUT_KEY + " must be at least 1 but was "
                    + firstByteTimeoutMillis);
        }
        this.pendingBodies = pendingBodies;
        this.firstByteTimeoutMillis = firstByteTimeoutMillis;
    }

    public PendingBodies pendingBodies() {
        return pendingBodies;
    }

    public long firstByteTimeoutMillis() {
        return firstByteTimeoutMillis;
    }

    /** What lets the start-up warm-up's webhooks through the sources' routes; closed when there is none. */
    public WarmupPass warmupPass() {
        return warmupPass;
    }

    public void setWarmupPass(WarmupPass warmupPass) {
        this.warmupPass = java.util.Objects.requireNonNull(warmupPass, "warmupPass");
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        IngestEndpoint endpoint = new IngestEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The Vert.x router of Camel's platform-http server ({@code camel.server.port}). */
    public static VertxPlatformHttpRouter router(CamelContext context) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{camel.server.port}}"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            throw new IllegalStateException("no platform-http router found for camel.server.port=" + port
                    + ": is camel.server.enabled=true?");
        }
        return router;
    }

}
