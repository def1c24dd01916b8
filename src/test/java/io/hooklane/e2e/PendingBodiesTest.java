package io.hooklane.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hooklane.Gateway;
import io.hooklane.testing.SignedWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Request bodies are held only as their bytes arrive, under one gateway-wide cap
 * ({@code hooklane.ingest.max-pending-body-bytes}), and a body whose first byte does not come within
 * {@code hooklane.ingest.first-byte-timeout-millis} is refused: raw sockets play the hostile senders.
 */
class PendingBodiesTest {

    private static final long CAP = 2L * 1024 * 1024;
    private static final long MAX_BODY = 512L * 1024;
    private static final int FIRST_BYTE_MILLIS = 4000;
    private static final String HELD = "hooklane_ingest_pending_body_bytes";

    private static TestGateway gateway;
    private static int port;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void start() {
        port = TestGateway.freePort();
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(), port));
        config.put("hooklane.ingest.rate-limit", "0");
        config.put("hooklane.ingest.max-body-size", String.valueOf(MAX_BODY));
        config.put("hooklane.ingest.max-pending-body-bytes", String.valueOf(CAP));
        config.put("hooklane.ingest.first-byte-timeout-millis", String.valueOf(FIRST_BYTE_MILLIS));
        gateway = TestGateway.startWith(config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(PendingBodiesTest::reset);
        sockets.clear();
        await().atMost(Duration.ofSeconds(10)).until(() -> held() == 0);
    }

    @Test
    void hundreds_of_stalled_uploads_hold_no_body_memory_and_signed_webhooks_still_get_202() throws Exception {
        double receivedBefore = received();
        long heapBefore = usedHeapAfterGc();

        for (int i = 0; i < 300; i++) {
            sockets.add(announce(MAX_BODY - 1));
        }
        // every one of them has passed the pre-body checks and waits for its body (for FIRST_BYTE_MILLIS)
        await().atMost(Duration.ofSeconds(10)).until(() -> received() >= receivedBefore + 300);
        long heapGrowth = usedHeapAfterGc() - heapBefore;

        // announced: 300 x 512 KiB = 150 MiB; a buffer sized from Content-Length held all of it
        assertThat(heapGrowth).as("heap grown by the stalled uploads").isLessThan(60L * 1024 * 1024);
        assertThat(held()).isZero();
        for (int i = 0; i < 5; i++) {
            assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void uploads_beyond_the_gateway_wide_cap_get_503_busy_and_the_held_bytes_stay_bounded() throws Exception {
        byte[] chunk = new byte[100 * 1024];
        for (int i = 0; i < 40; i++) {
            Socket socket = announce(MAX_BODY - 1);
            socket.getOutputStream().write(chunk);
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        // 40 x 100 KiB sent: more than the 2 MiB cap; the uploads over it are answered at once
        await().atMost(Duration.ofSeconds(10)).until(() -> rejectedBusy() > 0);
        List<String> busy = new ArrayList<>();
        for (Socket socket : sockets) {
            String answer = readAnswer(socket, 100);
            if (answer != null) {
                busy.add(answer);
            }
        }

        assertThat(busy).isNotEmpty().allSatisfy(answer -> assertThat(answer)
                .startsWith("HTTP/1.1 503").contains("\"error\":\"busy\"").containsIgnoringCase("retry-after:"));
        assertThat(held()).isPositive().isLessThanOrEqualTo(CAP);
    }

    @Test
    void connections_reset_mid_upload_give_every_held_byte_back() throws Exception {
        for (int i = 0; i < 10; i++) {
            Socket socket = announce(MAX_BODY - 1);
            socket.getOutputStream().write(new byte[50 * 1024]);
            socket.getOutputStream().flush();
            sockets.add(socket);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> held() >= 10 * 50 * 1024);

        sockets.forEach(PendingBodiesTest::reset);

        await().atMost(Duration.ofSeconds(5)).until(() -> held() == 0);
        assertThat(gateway.post(gateway.signed("stripe").event("payment.failed").build()).statusCode()).isEqualTo(202);
    }

    @Test
    void an_upload_whose_first_byte_never_comes_gets_408_after_the_first_byte_deadline() throws Exception {
        Socket socket = announce(1000);
        sockets.add(socket);
        long started = System.nanoTime();

        String answer = readAnswer(socket, FIRST_BYTE_MILLIS + 5000);

        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(answer).as("answer within the first-byte deadline").isNotNull()
                .startsWith("HTTP/1.1 408").contains("\"error\":\"request_timeout\"");
        assertThat(tookMillis).isGreaterThanOrEqualTo(FIRST_BYTE_MILLIS - 100);
        assertThat(held()).isZero();
    }

    @Test
    void an_upload_that_stops_after_its_first_bytes_is_held_until_the_body_deadline_not_the_first_byte_one()
            throws Exception {
        Socket socket = announce(1000);
        sockets.add(socket);
        socket.getOutputStream().write("{\"id\":".getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();

        assertThat(readAnswer(socket, FIRST_BYTE_MILLIS + 1000)).as("no answer yet").isNull();
        assertThat(held()).isPositive();
    }

    @Test
    void a_sender_waiting_for_100_continue_is_told_to_send_its_body_within_the_first_byte_deadline() throws Exception {
        SignedWebhook.Request webhook = gateway.signed("stripe").event("payment.failed").build();
        Socket socket = new Socket("127.0.0.1", port);
        sockets.add(socket);
        StringBuilder head = new StringBuilder("POST " + webhook.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Expect: 100-continue\r\nContent-Length: " + webhook.body().length + "\r\n");
        webhook.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("host")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        socket.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();

        assertThat(readAnswer(socket, FIRST_BYTE_MILLIS - 1000)).startsWith("HTTP/1.1 100 Continue");
        socket.getOutputStream().write(webhook.body());
        socket.getOutputStream().flush();
        assertThat(readAnswer(socket, 10_000)).startsWith("HTTP/1.1 202");
    }

    @Test
    void refuses_to_start_with_a_cap_smaller_than_the_largest_body() {
        Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                TestGateway.freePort()));
        config.put("hooklane.ingest.max-body-size", "1048576");
        config.put("hooklane.ingest.max-pending-body-bytes", "1000");

        assertThatThrownBy(() -> Gateway.create(config).start().close())
                .satisfies(e -> assertThat(rootMessage(e)).contains("hooklane.ingest.max-pending-body-bytes")
                        .contains("1000").contains("hooklane.ingest.max-body-size"));
    }

    private static Socket announce(long contentLength) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /webhooks/stripe HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** The status line, headers and body the gateway sent within {@code millis}, or null if it sent nothing. */
    private static String readAnswer(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        StringBuilder answer = new StringBuilder();
        try {
            int n = in.read(buffer);
            if (n < 0) {
                return null;
            }
            answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            socket.setSoTimeout(200);
            while (!answer.toString().contains("}") && (n = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            return answer.length() == 0 ? null : answer.toString();
        }
        return answer.toString();
    }

    private static void reset(Socket socket) {
        if (socket.isClosed()) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double held() {
        MetricsScrape scrape = MetricsScrape.of(gateway);
        assertThat(scrape.names()).contains(HELD);
        return scrape.value(HELD);
    }

    private static double rejectedBusy() {
        return MetricsScrape.scrape(gateway, "hooklane_webhooks_rejected_total", "source", "stripe", "reason", "busy");
    }

    private static double received() {
        return MetricsScrape.scrape(gateway, "hooklane_webhooks_received_total", "source", "stripe");
    }

    private static long usedHeapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
