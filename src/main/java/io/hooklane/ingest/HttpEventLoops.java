package io.hooklane.ingest;

import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Camel's platform-http router ({@code camel.server.port}) from Hooklane's own Vert.x servers, one per event
 * loop. Camel starts a single {@code HttpServer}, so one event loop did every request's work (reading, checks,
 * signature, CloudEvent), which capped ingest at about one core; and that server answers a request Vert.x cannot
 * parse (headers over 8 KiB, say) with an empty 431 and then closes the connection without saying so, which breaks
 * a keep-alive client's next request. Once Camel's server listens, this deploys {@code loops} servers with the same
 * options (TLS included) on the same host and port in the same Vert.x instance, each on its own event loop and with
 * {@link InvalidRequestHandler}, then closes Camel's server: Vert.x keeps the shared listening socket and hands new
 * connections to the remaining servers in turn. Every server handles requests with the same router, so routes,
 * limits and answers are identical whichever loop a connection lands on.
 */
public final class HttpEventLoops {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventLoops.class);

    private final CamelContext context;
    private final int loops;
    private Vertx vertx;
    private String deployment;

    /** @param loops event loops serving HTTP in all; 0 means one per available core */
    public HttpEventLoops(CamelContext context, int loops) {
        if (loops < 0) {
            throw new IllegalArgumentException("hooklane.http.event-loops must be 0 (one per core) or more but was "
                    + loops);
        }
        this.context = context;
        this.loops = loops == 0 ? Runtime.getRuntime().availableProcessors() : loops;
    }

    public int loops() {
        return loops;
    }

    /** Starts Hooklane's servers once Camel's own server listens, then closes Camel's. */
    public synchronized void start() throws Exception {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null || deployment != null) {
            return;
        }
        VertxPlatformHttpServerConfiguration configuration = main.getConfiguration();
        VertxPlatformHttpRouter router = IngestComponent.router(context);
        int port = router.getServer().getPort();
        String host = configuration.getBindHost();
        HttpServerOptions options = new HttpServerOptions();
        SSLContextParameters ssl = configuration.getSslContextParameters() != null
                ? configuration.getSslContextParameters()
                : configuration.isUseGlobalSslContextParameters() ? context.getSSLContextParameters() : null;
        if (ssl != null) {
            VertxHelper.setupSSLOptions(context, ssl, options);
        }
        InvalidRequestHandler invalid = new InvalidRequestHandler(options.getMaxHeaderSize(),
                options.getMaxInitialLineLength());
        vertx = router.vertx();
        Vertx shared = vertx;
        deployment = shared.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                shared.createHttpServer(new HttpServerOptions(options)).requestHandler(router)
                        .invalidRequestHandler(invalid).listen(port, host).<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        // the listening socket stays open: Hooklane's servers share it
        router.getServer().getServer().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.info("HTTP served by {} event loop{} on {}:{}", loops, loops == 1 ? "" : "s", host, port);
    }

    /** Closes Hooklane's servers (once the routes have stopped: until then a sender gets 503 not_ready, not a refused connection). */
    public synchronized void stop() {
        if (deployment == null) {
            return;
        }
        try {
            if (!vertx.deploymentIDs().contains(deployment)) {
                return; // Camel closed its Vert.x instance, and our servers with it
            }
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing Hooklane's HTTP servers failed: {}", e.toString());
        } finally {
            deployment = null;
        }
    }
}
