package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The destinations' vertx-http component: requests as the binding builds them, the signed bytes sent as they are,
 * and the route going on from the answer on the event loop that received it, without a worker thread in between.
 */
class DeliveryHttpComponentTest {

    private HttpServer receiver;
    private CamelContext camel;
    private final CompletableFuture<byte[]> received = new CompletableFuture<>();
    private final CompletableFuture<String> receivedSignature = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", http -> {
            received.complete(http.getRequestBody().readAllBytes());
            receivedSignature.complete(http.getRequestHeaders().getFirst("webhook-signature"));
            http.getResponseHeaders().add("Retry-After", "7");
            http.sendResponseHeaders(503, -1);
            http.close();
        });
        receiver.start();
        camel = new DefaultCamelContext();
        DeliveryHttpComponent component = new DeliveryHttpComponent();
        component.setVertxHttpBinding(new DeliveryHttpBinding());
        component.setWebClientOptions(DeliveryHttpBinding.clientOptions());
        camel.getRegistry().bind("vertx-http", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:attempt")
                        .to("vertx-http:http://127.0.0.1:" + receiver.getAddress().getPort()
                                + "/hook?httpMethod=POST&throwExceptionOnFailure=false&timeout=5000")
                        .process(e -> e.setProperty("answeredOn", Thread.currentThread().getName()));
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        receiver.stop(0);
    }

    @Test
    void a_call_sends_the_signed_bytes_and_the_route_goes_on_from_the_answer_on_the_event_loop() throws Exception {
        byte[] body = "{\"id\":\"evt_1\"}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Exchange> done = camel.createProducerTemplate().asyncSend("direct:attempt", exchange -> {
            exchange.getMessage().setHeader("webhook-signature", "v1,abc");
            exchange.getMessage().setBody(body);
        });

        Exchange exchange = done.get(10, TimeUnit.SECONDS);
        assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(body);
        assertThat(receivedSignature.get(5, TimeUnit.SECONDS)).isEqualTo("v1,abc");
        assertThat(exchange.getException()).isNull();
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(503);
        assertThat(exchange.getMessage().getHeader("Retry-After", String.class)).isEqualTo("7");
        assertThat(exchange.getProperty("answeredOn", String.class)).startsWith("vert.x-eventloop-thread-");
    }
}
