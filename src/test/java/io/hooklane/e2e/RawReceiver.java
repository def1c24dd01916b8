package io.hooklane.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import io.hooklane.event.EventEnvelope;

/**
 * A receiver on 127.0.0.1 speaking HTTP/1.1 by hand, for what an HTTP server library will not do: answer 200 and
 * then trickle the body, accept and never answer, reset the connection. Each connection carries one request; what
 * it gets is decided per event and attempt, and recorded with when the connection started and ended.
 */
final class RawReceiver implements AutoCloseable {

    /** What a connection does once it has read the request. */
    enum Behaviour {
        /** 200 with a two-byte body, then close. */
        ANSWER_200,
        /** 200 headers announcing 100,000 bytes, then one byte every 200 ms until the client closes (20 s at most). */
        TRICKLE,
        /** Never answers; waits until the client closes (20 s at most). */
        HANG,
        /** Closes with a TCP reset. */
        RESET
    }

    /** One connection: the request it carried and how long the client kept it. */
    record Connection(String eventId, String webhookId, String requestLine, Behaviour behaviour, Instant acceptedAt,
                      Instant endedAt) {
        Duration held() {
            return Duration.between(acceptedAt, endedAt);
        }
    }

    private static final Duration GIVE_UP = Duration.ofSeconds(20);

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Queue<Connection> connections = new ConcurrentLinkedQueue<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile BiFunction<String, Integer, Behaviour> behaviour = (event, attempt) -> Behaviour.ANSWER_200;

    RawReceiver() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads.execute(this::acceptAll);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + "/" + path;
    }

    /** Decides each connection's behaviour from the event id and its attempt number (1 for the first request). */
    void behave(BiFunction<String, Integer, Behaviour> behaviour) {
        this.behaviour = behaviour;
    }

    /** The connections that have ended for this event, in the order they started. */
    List<Connection> forEvent(String eventId) {
        return connections.stream().filter(c -> c.eventId().equals(eventId))
                .sorted(java.util.Comparator.comparing(Connection::acceptedAt)).toList();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                threads.execute(() -> serve(socket, Instant.now()));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket, Instant acceptedAt) {
        try (socket) {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            Map<String, String> headers = headers(head);
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            String eventId = EventEnvelope.read(body).id();
            int attempt = attempts.computeIfAbsent(eventId, id -> new AtomicInteger()).incrementAndGet();
            Behaviour chosen = behaviour.apply(eventId, attempt);
            act(chosen, socket);
            connections.add(new Connection(eventId, headers.get("webhook-id"), head.lines().findFirst().orElse(""),
                    chosen, acceptedAt, Instant.now()));
        } catch (IOException | RuntimeException e) {
            // a connection the client dropped before sending a whole request: nothing to record
        }
    }

    private static void act(Behaviour behaviour, Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        switch (behaviour) {
            case ANSWER_200 -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            case TRICKLE -> {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                untilClientCloses(socket, () -> {
                    out.write('x');
                    out.flush();
                });
            }
            case HANG -> untilClientCloses(socket, () -> { });
            case RESET -> socket.setSoLinger(true, 0);
        }
    }

    private interface Tick {
        void run() throws IOException;
    }

    /** Every 200 ms: runs {@code tick}, until the client closes the connection or {@link #GIVE_UP} has passed. */
    private static void untilClientCloses(Socket socket, Tick tick) throws IOException {
        socket.setSoTimeout(200);
        long end = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < end) {
            try {
                if (socket.getInputStream().read() < 0) {
                    return;
                }
            } catch (SocketTimeoutException quiet) {
                try {
                    tick.run();
                } catch (IOException closed) {
                    return;
                }
            } catch (IOException reset) {
                return;
            }
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the request head");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new ConcurrentHashMap<>();
        head.lines().skip(1).filter(l -> l.indexOf(':') > 0).forEach(l -> headers.put(
                l.substring(0, l.indexOf(':')).trim().toLowerCase(Locale.ROOT),
                l.substring(l.indexOf(':') + 1).trim()));
        return headers;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
