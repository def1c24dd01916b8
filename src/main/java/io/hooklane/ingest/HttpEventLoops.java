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
 * Serves Camel's platform-http router ({@code camel.server.port}) from more than one Vert.x event loop. Camel starts a
 * single {@code HttpServer}, so one event loop does every request's work (reading, checks, signature, CloudEvent),
 * which capped ingest at about one core. This adds {@code loops - 1} servers with the same options (TLS included) on
 * the same host and port in the same Vert.x instance, each on its own event loop: Vert.x shares the listening socket
 * and hands new connections to the servers in turn. Every server handles requests with the same router, so routes,
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

    /** Starts the extra servers once Camel's own server listens. */
    public synchronized void start() throws Exception {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (loops <= 1 || main == null || deployment != null) {
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
        vertx = router.vertx();
        Vertx shared = vertx;
        deployment = shared.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                shared.createHttpServer(new HttpServerOptions(options)).requestHandler(router).listen(port, host)
                        .<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops - 1)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        LOG.info("HTTP served by {} event loops on {}:{}", loops, host, port);
    }

    /** Closes the extra servers (before Camel's own server stops). */
    public synchronized void stop() {
        if (deployment == null) {
            return;
        }
        try {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the extra HTTP servers failed: {}", e.toString());
        } finally {
            deployment = null;
        }
    }
}
