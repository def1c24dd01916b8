package io.hooklane.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code /webhooks/*} fallback on a real Vert.x server: 503 while the gateway is not started, 404 after. */
class UnknownSourceHandlerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answers_503_not_ready_with_retry_after_until_the_gateway_has_started_then_404() throws Exception {
        AtomicBoolean started = new AtomicBoolean(false);
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            router.route(UnknownSourceHandler.PREFIX + "*").handler(new UnknownSourceHandler(() -> Set.of("stripe"),
                    started::get, 7, new HooklaneMetrics(new SimpleMeterRegistry())));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            HttpResponse<String> starting = post(server, "/webhooks/stripe");
            assertThat(starting.statusCode()).isEqualTo(503);
            assertThat(starting.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(new ObjectMapper().readTree(starting.body()).path("error").asText()).isEqualTo("not_ready");

            started.set(true);
            HttpResponse<String> unknown = post(server, "/webhooks/nobody");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.headers().firstValue("Retry-After")).isEmpty();
            assertThat(new ObjectMapper().readTree(unknown.body()).path("error").asText()).isEqualTo("unknown_source");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(HttpServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}
