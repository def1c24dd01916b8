package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent that answers 202 and reports later ({@code completion: callback}) with {@code replies: true} (the sample
 * support-agent), over the shipped route files, the real broker and real HTTP on 127.0.0.1: the output of its signed
 * callback becomes the same agent.response.* event an answer given in the call would, routed on to the CRM.
 */
class CallbackAnswerEndToEndTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);
    /** Events are at most about 85 KiB here (the body limit below), callbacks up to 256 KiB. */
    private static final int MAX_WEBHOOK_BYTES = 16 * 1024;

    private static final String EARLY_CALLBACK = "{\"status\":\"completed\",\"reason\":\"answered before its 202\","
            + "\"output\":{\"decision\":\"refund\"}}";

    private static final String BROKEN_CALLBACK = "{\"status\":\"completed\",\"reason\":\"answered, then the "
            + "connection broke\",\"output\":{\"decision\":\"refund\"}}";

    private static TestReceiver receiver;
    private static TestGateway gateway;
    /** Set by a test: the agent's next request calls back before it answers 202. */
    private static final AtomicBoolean callBackFirst = new AtomicBoolean();
    /** Set by a test: the agent's next request calls back, then its connection breaks without an answer. */
    private static final AtomicBoolean callBackThenBreak = new AtomicBoolean();
    /** The event id of that request and the status its callback got. */
    private static final AtomicReference<String> earlyCallback = new AtomicReference<>();

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        // the agent takes the event and answers later; its 202 has a JSON body, which is no answer
        receiver.answer("support-agent", r -> {
            if (callBackFirst.compareAndSet(true, false)) {
                int status = postCallback(gateway, r.header("webhook-id"), EARLY_CALLBACK).statusCode();
                earlyCallback.set(r.event().id() + " " + status);
            }
            if (callBackThenBreak.compareAndSet(true, false)) {
                int status = postCallback(gateway, r.header("webhook-id"), BROKEN_CALLBACK).statusCode();
                earlyCallback.set(r.event().id() + " " + status);
                return TestReceiver.Answer.noAnswer();
            }
            return new TestReceiver.Answer(202, Map.of("Content-Type", "application/json"));
        });
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("hooklane.delivery.completion", "callback");
        config.put("hooklane.ingest.max-body-size", String.valueOf(MAX_WEBHOOK_BYTES));
        config.put("hooklane.callbacks.max-body-size", "262144");
        // the 202 is quick; a loaded machine must not turn it into a timeout and a second delivery
        config.put("hooklane.delivery.timeout-millis", "30000");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void a_completed_callbacks_output_reaches_the_crm_as_the_agents_answer_chained_to_the_payment() {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());
        TestReceiver.Received delivery = awaitDelivered(paymentId);
        String webhookId = delivery.header("webhook-id");
        int asked = agentDeliveries(paymentId).size();

        double written = answersCounted("agent.response.completed");
        String callback = "{\"status\":\"completed\",\"reason\":\"refund issued\","
                + "\"output\":{\"decision\":\"refund\",\"amount\":12}}";
        assertThat(postCallback(gateway, webhookId, callback).statusCode()).isEqualTo(200);

        JsonNode answer = awaitAnswerAtCrm(paymentId);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("id").asText()).isEqualTo(webhookId + ".response");
        assertThat(answer.path("source").asText()).isEqualTo("support-agent");
        assertThat(answer.path("subject").asText()).isNotEmpty().isEqualTo(delivery.event().subject());
        assertThat(answer.path("correlationid").asText()).isEqualTo(paymentId);
        assertThat(answer.path("hopcount").asInt()).isEqualTo(1);
        assertThat(answer.path("reason").asText()).isEqualTo("refund issued");
        assertThat(answer.path("data")).isEqualTo(EventTopic.json(utf8("{\"decision\":\"refund\",\"amount\":12}")));
        // the only answer written: the 202's JSON body was none
        assertThat(answersInEventsTopic(paymentId)).hasSize(1);
        assertThat(agentDeliveries(paymentId)).as("not asked again once answered").hasSize(asked);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(answersCounted("agent.response.completed")).isEqualTo(written + 1));
    }

    @Test
    void a_callback_that_arrives_before_the_agents_202_is_read_completes_the_delivery() {
        // the agent calls back from inside its request, before its 202 leaves: the wait exists from the attempt's start
        earlyCallback.set(null);
        callBackFirst.set(true);
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());

        await().atMost(DELIVERY).until(() -> earlyCallback.get() != null);
        assertThat(earlyCallback.get()).as("the event the agent called back for, and the callback's status")
                .isEqualTo(paymentId + " 200");
        JsonNode answer = awaitAnswerAtCrm(paymentId);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("reason").asText()).isEqualTo("answered before its 202");
        assertThat(agentDeliveries(paymentId)).as("not sent again").hasSize(1);
    }

    @Test
    void a_callback_that_arrives_before_the_agents_connection_breaks_completes_the_delivery_without_a_resend() {
        // the agent calls back from inside its request, then its connection drops before any answer is written
        callBackThenBreak.set(true);
        earlyCallback.set(null);
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());

        await().atMost(DELIVERY).until(() -> earlyCallback.get() != null);
        assertThat(earlyCallback.get()).isEqualTo(paymentId + " 200");
        assertThat(agentDeliveries(paymentId).get(0).answered()).as("the request got no answer").isZero();
        JsonNode answer = awaitAnswerAtCrm(paymentId);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("reason").asText()).isEqualTo("answered, then the connection broke");
        // the callback said how the event went: it is not sent to the agent again
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> agentDeliveries(paymentId).size() == 1);
        assertThat(answersInEventsTopic(paymentId)).hasSize(1);
    }

    @Test
    void a_rejected_callbacks_output_becomes_agent_response_rejected_and_the_event_is_dead_lettered() {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());
        String webhookId = awaitDelivered(paymentId).header("webhook-id");

        String callback = "{\"status\":\"rejected\",\"reason\":\"card blocked by the issuer\","
                + "\"output\":{\"decision\":\"escalate\"}}";
        assertThat(postCallback(gateway, webhookId, callback).statusCode()).isEqualTo(200);

        JsonNode answer = awaitAnswerAtCrm(paymentId);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.rejected");
        assertThat(answer.path("id").asText()).isEqualTo(webhookId + ".response");
        assertThat(answer.path("reason").asText()).isEqualTo("card blocked by the issuer");
        assertThat(answer.path("data").path("decision").asText()).isEqualTo("escalate");
        JsonNode deadLetter = await().atMost(DELIVERY).pollInterval(Duration.ofMillis(500)).until(() ->
                EventTopic.readAll(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.dead-letter-prefix")
                        + "support-agent").stream().map(r -> EventTopic.json(r.value()))
                        .filter(d -> webhookId.equals(d.path("webhookId").asText())).findFirst().orElse(null),
                d -> d != null);
        assertThat(deadLetter.path("reason").asText()).isEqualTo("permanent_failure");
        assertThat(deadLetter.path("lastError").asText()).contains("card blocked by the issuer");
    }

    @Test
    void a_failed_callback_writes_no_answer_and_the_event_is_sent_again() {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());
        String webhookId = awaitDelivered(paymentId).header("webhook-id");
        String failed = "{\"status\":\"failed\",\"reason\":\"model overloaded\",\"retryAfterSeconds\":0,"
                + "\"output\":{\"decision\":\"partial\"}}";
        assertThat(postCallback(gateway, webhookId, failed).statusCode()).isEqualTo(200);

        // retried with the same webhook-id; the repeat's callback, without an output, completes it
        int before = agentDeliveries(paymentId).size();
        await().atMost(DELIVERY).until(() -> agentDeliveries(paymentId).size() > before);
        assertThat(agentDeliveries(paymentId)).allSatisfy(d -> assertThat(d.header("webhook-id")).isEqualTo(webhookId));
        // the repeat waits for its callback, and nothing else of the agent's is under way
        await().atMost(DELIVERY).until(() -> inFlight() == 1);
        double delivered = endToEndCount();
        assertThat(postCallback(gateway, webhookId, "{\"status\":\"completed\"}").statusCode()).isEqualTo(200);

        // done only once its answer, if it had one, was written: none was, for either callback
        await().atMost(DELIVERY).until(() -> endToEndCount() == delivered + 1 && inFlight() == 0);
        assertThat(answersInEventsTopic(paymentId)).isEmpty();
    }

    @Test
    void an_output_larger_than_a_kafka_record_is_reported_as_reply_too_large() {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());
        String webhookId = awaitDelivered(paymentId).header("webhook-id");
        // an event record here is the 16 KiB body base64-encoded plus 64 KiB: 200 KiB of output does not fit
        String big = "x".repeat(200 * 1024);
        String callback = "{\"status\":\"completed\",\"output\":{\"transcript\":\"" + big + "\"}}";
        assertThat(postCallback(gateway, webhookId, callback).statusCode()).isEqualTo(200);

        JsonNode answer = awaitAnswerAtCrm(paymentId);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("data").path("error").asText()).isEqualTo("reply_too_large");
        assertThat(answer.path("data").path("bytes").asInt()).isGreaterThan(200 * 1024);
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The support agent's first delivery of the event (answered 202). */
    private static TestReceiver.Received awaitDelivered(String eventId) {
        return await().atMost(DELIVERY).until(() -> agentDeliveries(eventId), d -> !d.isEmpty()).get(0);
    }

    private static List<TestReceiver.Received> agentDeliveries(String eventId) {
        return receiver.forEvent(eventId).stream().filter(r -> r.destination().equals("support-agent")).toList();
    }

    /** The agent's answer to the event as the CRM received it. */
    private static JsonNode awaitAnswerAtCrm(String eventId) {
        return await().atMost(DELIVERY).until(() -> receiver.forDestination("crm").stream()
                .map(r -> EventTopic.json(r.body()))
                .filter(e -> e.path("type").asText().startsWith("agent.response.")
                        && eventId.equals(e.path("causationid").asText()))
                .findFirst().orElse(null), a -> a != null);
    }

    /** Every agent answer to the event in the inbound events topic. */
    private static List<JsonNode> answersInEventsTopic(String eventId) {
        return EventTopic.readAll(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.events")).stream()
                .map(r -> EventTopic.json(r.value()))
                .filter(e -> e.path("type").asText().startsWith("agent.response.")
                        && eventId.equals(e.path("causationid").asText()))
                .toList();
    }

    private static double answersCounted(String type) {
        return MetricsScrape.of(gateway).value("hooklane_agent_responses_total", "destination", "support-agent",
                "protocol", "http", "type", type);
    }

    private static double inFlight() {
        return MetricsScrape.of(gateway).value("hooklane_destination_in_flight", "destination", "support-agent");
    }

    private static double endToEndCount() {
        return MetricsScrape.of(gateway).value("hooklane_delivery_end_to_end_seconds_count", "destination",
                "support-agent");
    }

    static HttpResponse<String> postCallback(TestGateway gateway, String webhookId, String body) {
        HttpRequest.Builder request = gateway.request("/callbacks/" + webhookId)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        SignedCallback.headers(TestGateway.SIGNING_SECRET, Instant.now(), body).forEach(request::header);
        return gateway.send(request.build());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
