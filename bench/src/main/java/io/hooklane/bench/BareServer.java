package io.hooklane.bench;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

/**
 * Baseline (a): a bare Vert.x HTTP server on 127.0.0.1 that reads each request body and answers 202, nothing else.
 * The ceiling of HTTP on this machine with this load generator.
 *
 * <pre>java -cp ... io.hooklane.bench.BareServer PORT [EVENT_LOOPS]</pre>
 */
public final class BareServer extends AbstractVerticle {

    private final int port;

    BareServer(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int loops = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        vertx.deployVerticle(() -> new BareServer(port), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("bare server listening on 127.0.0.1:" + port + " with " + loops
                        + " event loop(s)"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    @Override
    public void start(io.vertx.core.Promise<Void> started) {
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true))
                .requestHandler(req -> req.body().onComplete(ar -> req.response().setStatusCode(202)
                        .putHeader("content-type", "application/json").end("{\"status\":\"accepted\"}")))
                .listen()
                .<Void>mapEmpty()
                .onComplete(started);
    }
}
