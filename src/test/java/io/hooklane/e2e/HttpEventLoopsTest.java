package io.hooklane.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.hooklane.ingest.IngestComponent;
import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Connections are spread over hooklane.http.event-loops Vert.x event loops, all serving the same routes. */
class HttpEventLoopsTest {

    @Test
    void new_connections_are_served_by_several_event_loops_with_the_same_routes() throws Exception {
        try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(),
                Map.of("hooklane.http.event-loops", "3"))) {
            Set<String> threads = probeThreads(gateway, 12);

            assertThat(threads).hasSizeGreaterThan(1).allMatch(t -> t.startsWith("vert.x-eventloop-thread-"));
            // a webhook is accepted whichever loop its connection landed on
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = freshClient().send(webhook(gateway,
                        gateway.signed("standard").event("order.created").build()), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(202);
            }
        }
    }

    @Test
    void one_event_loop_serves_every_connection_when_configured_so() throws Exception {
        try (TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(),
                Map.of("hooklane.http.event-loops", "1"))) {
            assertThat(probeThreads(gateway, 8)).hasSize(1);
        }
    }

    /** Adds a route answering with the serving thread, and calls it over {@code connections} new connections. */
    private static Set<String> probeThreads(TestGateway gateway, int connections) throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        IngestComponent.router(gateway.gateway().context()).route("/loop-probe").handler(ctx -> {
            threads.add(Thread.currentThread().getName());
            ctx.response().end("ok");
        });
        for (int i = 0; i < connections; i++) {
            HttpResponse<String> response = freshClient().send(HttpRequest.newBuilder(
                    URI.create(gateway.baseUrl() + "/loop-probe")).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("ok");
        }
        return threads;
    }

    private static HttpRequest webhook(TestGateway gateway, SignedWebhook.Request request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + request.path()))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                builder.header(name, value);
            }
        });
        return builder.build();
    }

    private static HttpClient freshClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
