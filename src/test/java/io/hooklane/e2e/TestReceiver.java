package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import io.hooklane.event.EventEnvelope;

/**
 * Real HTTP receivers on 127.0.0.1, one path per destination ({@code /<name>}), recording every request and
 * answering what the test programs (200 by default).
 */
public final class TestReceiver implements AutoCloseable {

    static {
        // without TCP_NODELAY the JDK server's small replies meet the client's delayed ACK: about 40 ms a request,
        // which caps each destination at about 25 deliveries a second (read once, when the first server starts)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as the receiver saw it; {@code target} is its path and query exactly as sent. */
    public record Received(String destination, Instant at, Map<String, String> headers, byte[] body, int answered,
                           String target) {

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

        /** No answer at all: the connection is closed without a response, as when the receiver's process dies. */
        public static Answer noAnswer() {
            return new Answer(0, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Received> received = new ConcurrentLinkedQueue<>();
    private final Map<String, Queue<Received>> byEvent = new ConcurrentHashMap<>();
    private final Map<String, Function<Received, Answer>> behaviour = new ConcurrentHashMap<>();

    public TestReceiver() {
        this(8, 0);
    }

    /**
     * A receiver answering up to {@code threads} requests at once (an answer the test makes slow holds its thread
     * meanwhile), with room for as many connections waiting to be accepted.
     */
    public TestReceiver(int threads) {
        this(threads, threads);
    }

    private TestReceiver(int threads, int backlog) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), backlog);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            String destination = exchange.getRequestURI().getPath().substring(1);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            String query = exchange.getRequestURI().getRawQuery();
            String target = exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query);
            Received request = new Received(destination, Instant.now(), headers, body, 0, target);
            Answer answer = behaviour.getOrDefault(destination, r -> Answer.of(200)).apply(request);
            Received recorded = new Received(destination, request.at(), headers, body, answer.status(), target);
            received.add(recorded);
            byEvent.computeIfAbsent(eventId(body), id -> new ConcurrentLinkedQueue<>()).add(recorded);
            if (answer.status() == 0) {
                // the JDK server closes the connection of a handler that throws, without writing a response
                throw new IOException("no answer, as the test asked");
            }
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
        return List.copyOf(byEvent.getOrDefault(eventId, new ConcurrentLinkedQueue<>()));
    }

    /** The CloudEvent id of every event received at least once (any destination, any answer). */
    public Set<String> eventIds() {
        return Set.copyOf(byEvent.keySet());
    }

    /** How many requests arrived, any destination, any answer. */
    public int count() {
        return received.size();
    }

    public List<Received> forDestination(String destination) {
        return received.stream().filter(r -> r.destination().equals(destination)).toList();
    }

    private static String eventId(byte[] body) {
        try {
            return EventEnvelope.read(body).id();
        } catch (IllegalArgumentException notAnEvent) {
            return "";
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
