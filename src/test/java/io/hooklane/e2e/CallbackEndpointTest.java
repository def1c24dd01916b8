package io.hooklane.e2e;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallbackWaiter;
import io.hooklane.testing.SignedCallback;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /callbacks/{webhook-id} over real HTTP on a running gateway: the test asks the gateway's
 * {@code deliveryCallbacks} bean for a wait, as the delivery engine does after a 202, then posts callbacks.
 */
class CallbackEndpointTest {

    private static final String DESTINATION = "callback-agent";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestGateway gateway;
    private static CallbackWaiter callbacks;
    private static int messages;

    @BeforeAll
    static void gateway() {
        gateway = TestGateway.shared();
        callbacks = gateway.gateway().context().getRegistry().lookupByNameAndType("deliveryCallbacks",
                CallbackWaiter.class);
    }

    @Test
    void a_valid_callback_completes_the_delivery() throws Exception {
        String id = webhookId();
        CompletableFuture<CallbackWaiter.Reported> reported = callbacks.await(DESTINATION, id, Duration.ofMinutes(5));
        CompletableFuture<AttemptResult> wait = reported.thenApply(CallbackWaiter.Reported::result);
        String answer = "{\"status\":\"completed\",\"reason\":\"refund issued\",\"output\":{\"ticket\":42}}";

        HttpResponse<String> response = post(id, signed(answer), answer);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("accepted").asBoolean()).isTrue();
        assertThat(wait).isCompletedWithValue(new AttemptResult(200, "callback: refund issued", null));
        assertThat(new String(reported.join().output(), StandardCharsets.UTF_8)).isEqualTo("{\"ticket\":42}");
    }

    @Test
    void a_failed_callback_asks_for_a_retry() throws Exception {
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMinutes(5));
        String answer = "{\"status\":\"failed\",\"reason\":\"model overloaded\",\"retryAfterSeconds\":30}";

        assertThat(post(id, signed(answer), answer).statusCode()).isEqualTo(200);
        assertThat(wait).isCompletedWithValue(new AttemptResult(503, "callback: model overloaded",
                Duration.ofSeconds(30)));
    }

    @Test
    void refuses_an_unsigned_callback() {
        assertRefusedWhileWaiting(Map.of(), COMPLETED, 401, "missing_signature");
    }

    @Test
    void refuses_a_callback_signed_with_another_secret() {
        String other = "whsec_" + java.util.Base64.getEncoder().encodeToString("not-the-destination".getBytes());
        assertRefusedWhileWaiting(signedWith(other, Instant.now(), COMPLETED), COMPLETED, 401, "invalid_signature");
    }

    @Test
    void refuses_a_callback_with_a_stale_timestamp() {
        assertRefusedWhileWaiting(signedWith(TestGateway.SIGNING_SECRET, Instant.now().minusSeconds(600), COMPLETED),
                COMPLETED, 401, "timestamp_out_of_tolerance");
    }

    @Test
    void refuses_a_malformed_callback() {
        String answer = "{\"status\":\"done\"}";
        assertRefusedWhileWaiting(signed(answer), answer, 400, "malformed_payload");
        assertRefusedWhileWaiting(signed("[1,2"), "[1,2", 400, "malformed_payload");
    }

    @Test
    void refuses_an_oversized_callback_before_reading_it_whole() {
        String answer = "{\"status\":\"completed\",\"output\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertRefusedWhileWaiting(signed(answer), answer, 413, "payload_too_large");

        // without a Content-Length (chunked): refused once the limit has arrived
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMinutes(5));
        HttpRequest.Builder chunked = gateway.request("/callbacks/" + id).POST(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8))));
        signed(answer).forEach(chunked::header);
        HttpResponse<String> response = gateway.send(chunked.build());
        assertRefused(response, 413, "payload_too_large");
        assertThat(wait).isNotDone();
        callbacks.cancel(id);
    }

    @Test
    void refuses_a_callback_for_an_unknown_delivery() {
        assertRefused(post(webhookId(), signed(COMPLETED), COMPLETED), 404, "unknown_delivery");
    }

    @Test
    void refuses_a_second_callback() {
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMinutes(5));
        assertThat(post(id, signed(COMPLETED), COMPLETED).statusCode()).isEqualTo(200);
        String again = "{\"status\":\"rejected\"}";

        assertRefused(post(id, signed(again), again), 409, "already_completed");
        assertThat(wait.join().status()).isEqualTo(200);
    }

    @Test
    void refuses_a_callback_after_the_timeout() {
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMillis(200));
        await().atMost(Duration.ofSeconds(30)).until(wait::isDone);
        assertThat(wait.join()).isEqualTo(new AttemptResult(null, "callback timeout after 200 ms", null));

        assertRefused(post(id, signed(COMPLETED), COMPLETED), 409, "callback_late");
    }

    @Test
    void refuses_a_replayed_callback_message() {
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMinutes(5));
        String failed = "{\"status\":\"failed\"}";
        Map<String, String> headers = signed(failed);
        assertThat(post(id, headers, failed).statusCode()).isEqualTo(200);

        assertRefused(post(id, headers, failed), 409, "replayed");
        assertThat(wait.join().status()).isEqualTo(503);
    }

    private static final String COMPLETED = "{\"status\":\"completed\"}";

    /** The attempt's result the wait ends with. */
    private static CompletableFuture<AttemptResult> waitFor(String webhookId, Duration timeout) {
        return callbacks.await(DESTINATION, webhookId, timeout).thenApply(CallbackWaiter.Reported::result);
    }

    private void assertRefusedWhileWaiting(Map<String, String> headers, String body, int status, String code) {
        String id = webhookId();
        CompletableFuture<AttemptResult> wait = waitFor(id, Duration.ofMinutes(5));
        assertRefused(post(id, headers, body), status, code);
        assertThat(wait).isNotDone();
        callbacks.cancel(id);
    }

    private static void assertRefused(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response).path("error").asText()).isEqualTo(code);
        assertThat(response.body()).doesNotContain(TestGateway.SIGNING_SECRET.substring(6))
                .doesNotContain("Exception");
    }

    private static HttpResponse<String> post(String webhookId, Map<String, String> headers, String body) {
        HttpRequest.Builder request = gateway.request("/callbacks/" + webhookId)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return gateway.send(request.build());
    }

    private static synchronized String webhookId() {
        return "msg_callback" + Long.toString(System.nanoTime(), 36) + (++messages);
    }

    private static Map<String, String> signed(String body) {
        return signedWith(TestGateway.SIGNING_SECRET, Instant.now(), body);
    }

    private static Map<String, String> signedWith(String secret, Instant at, String body) {
        Map<String, String> headers = new LinkedHashMap<>(SignedCallback.headers(secret, at, body));
        headers.put("Content-Type", "application/json");
        return headers;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
