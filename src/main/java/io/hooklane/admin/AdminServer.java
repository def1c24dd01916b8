package io.hooklane.admin;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.hooklane.ingest.IngestComponent;
import io.hooklane.ingest.InvalidRequestHandler;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.component.vertx.common.VertxHelper;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts {@link AdminPerimeter} into effect on Camel's platform-http router: a first route that answers 404 for what
 * the request's port must not serve, and a second Vert.x server on the admin host and port that hands its requests to
 * the same router (same routes, same TLS settings as the public server). A port that cannot be bound stops start-up.
 * Nothing is installed while the perimeter is shared.
 */
public final class AdminServer {

    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final String NOT_FOUND = "{\"error\":\"not_found\",\"message\":\"nothing is served at this path on this"
            + " port\"}";

    private final AdminPerimeter perimeter;
    private boolean guarded;
    private HttpServer server;

    public AdminServer(AdminPerimeter perimeter) {
        this.perimeter = perimeter;
    }

    /** Installs the port check ahead of every route; call once Camel's HTTP server exists, before the routes start. */
    public synchronized void guard(CamelContext context) {
        if (!perimeter.separate() || guarded) {
            return;
        }
        Router router = IngestComponent.router(context);
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        guarded = true;
    }

    /** Guards the router if not yet done, then listens on the admin port. */
    public synchronized void start(CamelContext context) {
        if (!perimeter.separate() || server != null) {
            return;
        }
        guard(context);
        VertxPlatformHttpRouter router = IngestComponent.router(context);
        HttpServerOptions options = new HttpServerOptions();
        SSLContextParameters ssl = ssl(context);
        try {
            if (ssl != null) {
                VertxHelper.setupSSLOptions(context, ssl, options);
            }
            HttpServer created = router.vertx().createHttpServer(options).requestHandler(router)
                    .invalidRequestHandler(new InvalidRequestHandler(options.getMaxHeaderSize(),
                            options.getMaxInitialLineLength()));
            server = created.listen(perimeter.adminPort(), perimeter.adminHost()).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("Hooklane cannot listen on " + perimeter.adminHost() + ":"
                    + perimeter.adminPort() + " (" + AdminPerimeter.PORT + " / HOOKLANE_ADMIN_PORT): "
                    + cause.getMessage(), e);
        }
        LOG.info("Admin API{} served on {}:{} only", perimeter.metricsOnAdminPort() ? " and metrics" : "",
                perimeter.adminHost(), perimeter.adminPort());
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the admin server failed: {}", e.toString());
        } finally {
            server = null;
        }
    }

    private void check(RoutingContext ctx) {
        SocketAddress local = ctx.request().localAddress();
        boolean onAdminPort = local != null && local.port() == perimeter.adminPort();
        if (perimeter.allows(onAdminPort, ctx.normalizedPath())) {
            ctx.next();
        } else {
            ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(NOT_FOUND);
        }
    }

    private static SSLContextParameters ssl(CamelContext context) {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null) {
            return null;
        }
        VertxPlatformHttpServerConfiguration configuration = main.getConfiguration();
        return configuration.getSslContextParameters() != null ? configuration.getSslContextParameters()
                : configuration.isUseGlobalSslContextParameters() ? context.getSSLContextParameters() : null;
    }
}
