package io.hooklane.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

/**
 * A slow receiver on 127.0.0.1, like an AI agent: each request is answered after {@code answerMillis} with the
 * status {@link #answer} decides; counts the calls in flight (overall and per subject) and records, per subject, the
 * event ids in arrival order and which were answered 2xx. Serves up to 128 requests at once.
 */
final class SlowAgent implements AutoCloseable {

    /** One request as it arrived: its subject and CloudEvent id. */
    record Call(String subject, String eventId) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(128);
    private volatile long answerMillis;
    private volatile ToIntFunction<Call> answer = call -> 200;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> inFlightBySubject = new ConcurrentHashMap<>();
    private final AtomicInteger mostInFlightForOneSubject = new AtomicInteger();
    private final Map<String, Queue<String>> arrivals = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> delivered = new ConcurrentHashMap<>();

    SlowAgent(long answerMillis) {
        this.answerMillis = answerMillis;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            JsonNode event = EventTopic.json(exchange.getRequestBody().readAllBytes());
            Call call = new Call(event.path("subject").asText(), event.path("id").asText());
            AtomicInteger forSubject = inFlightBySubject.computeIfAbsent(call.subject(), s -> new AtomicInteger());
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            mostInFlightForOneSubject.accumulateAndGet(forSubject.incrementAndGet(), Math::max);
            arrivals.computeIfAbsent(call.subject(), s -> new ConcurrentLinkedQueue<>()).add(call.eventId());
            int status;
            try {
                Thread.sleep(answerMillis);
                status = answer.applyAsInt(call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = 503;
            } finally {
                forSubject.decrementAndGet();
                inFlight.decrementAndGet();
            }
            if (status / 100 == 2) {
                delivered.computeIfAbsent(call.subject(), s -> new ConcurrentLinkedQueue<>()).add(call.eventId());
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/agent";
    }

    /** From now on, how long each answer takes. */
    void answerAfter(long millis) {
        this.answerMillis = millis;
    }

    /** From now on, the status of each answer (this may also block, to hold calls). */
    void answer(ToIntFunction<Call> status) {
        this.answer = status;
    }

    int mostInFlight() {
        return mostInFlight.get();
    }

    int mostInFlightForOneSubject() {
        return mostInFlightForOneSubject.get();
    }

    /** The subject's event ids in the order they arrived (retries included). */
    List<String> arrivals(String subject) {
        return List.copyOf(arrivals.getOrDefault(subject, new ConcurrentLinkedQueue<>()));
    }

    /** The subject's event ids answered 2xx, in order. */
    List<String> delivered(String subject) {
        return List.copyOf(delivered.getOrDefault(subject, new ConcurrentLinkedQueue<>()));
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
