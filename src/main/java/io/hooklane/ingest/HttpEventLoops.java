package io.hooklane.ingest;

import java.util.concurrent.TimeUnit;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
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
 * limits and answers are identical whichever loop a connection lands on. Hooklane's servers also apply
 * {@code camel.ssl.clientAuthentication} ({@link ClientAuthentication}), which Camel's server ignores; as servers
 * sharing a socket share the TLS settings of the one that opened it, Camel's server is then closed first and
 * Hooklane's open the port themselves, before any route starts.
 */
public final class HttpEventLoops {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventLoops.class);

    private final CamelContext context;
    private final int loops;
    private ClientAuth clientAuth = ClientAuth.NONE;
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

    /**
     * Resolves {@code camel.ssl.clientAuthentication} for the HTTP server ({@link ClientAuthentication}); throws,
     * naming the key, when it cannot be honoured. Camel's own server never asks for client certificates: only
     * Hooklane's servers apply it.
     */
    public synchronized ClientAuth checkClientAuthentication() {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null) {
            return clientAuth;
        }
        SSLContextParameters ssl = serverSsl(main.getConfiguration());
        String configured = ClientAuthentication.configured(ssl);
        if (configured == null) {
            configured = ClientAuthentication.configured(context.getSSLContextParameters());
        }
        if (configured == null) {
            // set while TLS is off: refused below rather than ignored
            configured = context.getPropertiesComponent().resolveProperty(ClientAuthentication.KEY)
                    .or(() -> context.getPropertiesComponent().resolveProperty("camel.ssl.client-authentication"))
                    .orElse(null);
        }
        clientAuth = ClientAuthentication.of(configured, ssl);
        return clientAuth;
    }

    /** Whether connections must (or may) present a client certificate. */
    public synchronized boolean asksForClientCertificates() {
        return clientAuth != ClientAuth.NONE;
    }

    /**
     * Starts Hooklane's servers once Camel's own server listens, then closes Camel's. When client certificates are
     * asked for and Hooklane's servers cannot start, Camel's server is closed too (it would serve without them) and
     * the failure is thrown.
     */
    public synchronized void start() throws Exception {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        if (main == null || deployment != null) {
            return;
        }
        try {
            deploy(main);
        } catch (Exception e) {
            if (clientAuth != ClientAuth.NONE) {
                LOG.error("Hooklane's HTTP servers did not start and {} asks for client certificates: nothing serves "
                        + "HTTP (Camel's own server would serve without them)", ClientAuthentication.KEY);
                closeCamelServer(IngestComponent.router(context));
            }
            throw e;
        }
    }

    private void deploy(MainHttpServer main) throws Exception {
        VertxPlatformHttpServerConfiguration configuration = main.getConfiguration();
        VertxPlatformHttpRouter router = IngestComponent.router(context);
        int port = router.getServer().getPort();
        String host = configuration.getBindHost();
        HttpServerOptions options = new HttpServerOptions();
        SSLContextParameters ssl = serverSsl(configuration);
        if (ssl != null) {
            VertxHelper.setupSSLOptions(context, ssl, options);
            options.setClientAuth(clientAuth);
        }
        InvalidRequestHandler invalid = new InvalidRequestHandler(options.getMaxHeaderSize(),
                options.getMaxInitialLineLength());
        vertx = router.vertx();
        Vertx shared = vertx;
        if (clientAuth != ClientAuth.NONE) {
            // servers sharing a port share the TLS settings of the one that opened it: Camel's, which asks for no
            // certificate. Close it first so that Hooklane's servers open the port again with their own
            closeCamelServer(router);
        }
        deployment = shared.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> started) {
                shared.createHttpServer(new HttpServerOptions(options)).requestHandler(router)
                        .invalidRequestHandler(invalid).listen(port, host).<Void>mapEmpty().onComplete(started);
            }
        }, new DeploymentOptions().setInstances(loops)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        // the listening socket stays open: Hooklane's servers share it
        closeCamelServer(router);
        LOG.info("HTTP served by {} event loop{} on {}:{}{}", loops, loops == 1 ? "" : "s", host, port,
                clientAuth == ClientAuth.NONE ? "" : ", client certificates " + clientAuth);
    }

    private static void closeCamelServer(VertxPlatformHttpRouter router) throws Exception {
        router.getServer().getServer().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private SSLContextParameters serverSsl(VertxPlatformHttpServerConfiguration configuration) {
        return configuration.getSslContextParameters() != null
                ? configuration.getSslContextParameters()
                : configuration.isUseGlobalSslContextParameters() ? context.getSSLContextParameters() : null;
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
