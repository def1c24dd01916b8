package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import io.hooklane.deliver.EventEnvelope;

/**
 * Real HTTP receivers on 127.0.0.1, one path per destination ({@code /<name>}), recording every request and
 * answering what the test programs (200 by default).
 */
public final class TestReceiver implements AutoCloseable {

    /** One request as the receiver saw it. */
    public record Received(String destination, Instant at, Map<String, String> headers, byte[] body, int answered) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public EventEnvelope event() {
            return EventEnvelope.read(body);
        }
    }

    /** What to answer: status and extra headers. */
    public record Answer(int status, Map<String, String> headers) {
        public static Answer of(int status) {
            return new Answer(status, Map.of());
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Answer>> behaviour = new ConcurrentHashMap<>();

    public TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String destination = exchange.getRequestURI().getPath().substring(1);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Received request = new Received(destination, Instant.now(), headers, body, 0);
            Answer answer = behaviour.getOrDefault(destination, r -> Answer.of(200)).apply(request);
            received.add(new Received(destination, request.at(), headers, body, answer.status()));
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public String url(String destination) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + destination;
    }

    public void answer(String destination, Function<Received, Answer> answer) {
        behaviour.put(destination, answer);
    }

    /** Every request for the event with this CloudEvent id, in arrival order. */
    public List<Received> forEvent(String eventId) {
        List<Received> matching = new ArrayList<>();
        for (Received r : received) {
            if (eventId.equals(r.event().id())) {
                matching.add(r);
            }
        }
        return matching;
    }

    public List<Received> forDestination(String destination) {
        return received.stream().filter(r -> r.destination().equals(destination)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
