package io.hooklane.e2e;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallbackWaiter;
import io.hooklane.testing.SignedCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two gateways on one broker: a callback may reach the instance that does not wait for it. */
class CallbackClusterTest {

    private static final String DESTINATION = "callback-agent";
    private static final Duration KAFKA = Duration.ofSeconds(30);
    private static TestGateway waiting;
    private static TestGateway other;
    private static CallbackWaiter callbacks;

    @BeforeAll
    static void gateways() {
        waiting = TestGateway.shared();
        callbacks = waiting.gateway().context().getRegistry().lookupByNameAndType("deliveryCallbacks",
                CallbackWaiter.class);
        other = TestGateway.start(TestKafka.bootstrapServers(),
                Map.of("hooklane.topic.delivery-callbacks", waiting.property("hooklane.topic.delivery-callbacks")));
    }

    @AfterAll
    static void stop() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void a_callback_to_another_instance_completes_the_delivery_and_a_second_is_refused_on_both() {
        String id = "msg_cluster" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<CallbackWaiter.Reported> wait = callbacks.await(DESTINATION, id, Duration.ofMinutes(5));
        String answer = "{\"status\":\"rejected\",\"reason\":\"not my customer\","
                + "\"output\":{\"decision\":\"ignore\"}}";

        HttpResponse<String> response = postOnceKnown(other, id, answer);

        assertThat(response.statusCode()).isEqualTo(200);
        await().atMost(KAFKA).until(wait::isDone);
        assertThat(wait.join().result()).isEqualTo(new AttemptResult(422, "callback: not my customer", null));
        // what the callback said travels with it to the instance that waits
        assertThat(wait.join().reason()).isEqualTo("not my customer");
        assertThat(new String(wait.join().output(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"decision\":\"ignore\"}");
        assertThat(post(waiting, id, answer).body()).contains("\"already_completed\"");
        assertThat(post(other, id, answer).body()).contains("\"already_completed\"");
    }

    @Test
    void a_callback_to_another_instance_after_the_timeout_is_refused_as_late() {
        String id = "msg_cluster_late" + Long.toString(System.nanoTime(), 36);
        CompletableFuture<CallbackWaiter.Reported> wait = callbacks.await(DESTINATION, id, Duration.ofMillis(300));
        await().atMost(KAFKA).until(wait::isDone);

        HttpResponse<String> response = postOnceKnown(other, id, "{\"status\":\"completed\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.body()).contains("\"callback_late\"");
    }

    /** Posts (freshly signed each time) until the instance knows the delivery: the wait travels through Kafka. */
    private static HttpResponse<String> postOnceKnown(TestGateway gateway, String webhookId, String body) {
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(KAFKA).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = post(gateway, webhookId, body);
            return last[0].statusCode() != 404;
        });
        return last[0];
    }

    private static HttpResponse<String> post(TestGateway gateway, String webhookId, String body) {
        HttpRequest.Builder request = gateway.request("/callbacks/" + webhookId)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        SignedCallback.headers(TestGateway.SIGNING_SECRET, Instant.now(), body).forEach(request::header);
        return gateway.send(request.build());
    }
}
