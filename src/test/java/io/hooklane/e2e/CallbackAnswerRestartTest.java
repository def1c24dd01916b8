package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * A gateway stopped while an agent with {@code completion: callback} and {@code replies: true} works on an event:
 * nothing is lost. The restarted gateway sends the event again with the same webhook-id, and the answer in the
 * callback to that repeat reaches the CRM once. Real broker, real HTTP on 127.0.0.1.
 */
class CallbackAnswerRestartTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @Test
    void a_gateway_stopped_while_the_agent_works_sends_the_event_again_and_the_answer_to_the_repeat_travels_on() {
        try (TestReceiver receiver = new TestReceiver()) {
            receiver.answer("support-agent", r -> TestReceiver.Answer.of(202));
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.putAll(TestGateway.fastDelivery(receiver));
            config.put("hooklane.delivery.completion", "callback");
            // the 202 is quick; a loaded machine must not turn it into a timeout and a second delivery
            config.put("hooklane.delivery.timeout-millis", "30000");
            String paymentId;
            String webhookId;
            int asked;
            TestGateway first = TestGateway.startWith(config);
            try {
                paymentId = DeliveryEndToEndTest.accepted(first, first.signed("stripe").event("payment.failed")
                        .build());
                webhookId = await().atMost(DELIVERY).until(() -> agentDeliveries(receiver, paymentId),
                        d -> !d.isEmpty()).get(0).header("webhook-id");
                // the 202 has come back: the gateway waits for the callback
                await().atMost(DELIVERY).until(() -> MetricsScrape.of(first).value("hooklane_destination_in_flight",
                        "destination", "support-agent") == 1);
                asked = agentDeliveries(receiver, paymentId).size();
            } finally {
                first.close();
            }

            TestGateway second = TestGateway.startWith(config);
            try {
                // the stop abandoned the wait: the restarted gateway sends the event again, same webhook-id
                await().atMost(DELIVERY).until(() -> agentDeliveries(receiver, paymentId).size() > asked);
                assertThat(agentDeliveries(receiver, paymentId))
                        .allSatisfy(d -> assertThat(d.header("webhook-id")).isEqualTo(webhookId));
                int askedAgain = agentDeliveries(receiver, paymentId).size();

                HttpResponse<String> accepted = postOnceWaited(second, webhookId,
                        "{\"status\":\"completed\",\"output\":{\"decision\":\"refund\"}}");
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);

                JsonNode answer = await().atMost(DELIVERY).until(() -> receiver.forDestination("crm").stream()
                        .map(r -> EventTopic.json(r.body()))
                        .filter(e -> paymentId.equals(e.path("causationid").asText()))
                        .findFirst().orElse(null), a -> a != null);
                assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
                assertThat(answer.path("id").asText()).isEqualTo(webhookId + ".response");
                assertThat(answer.path("data").path("decision").asText()).isEqualTo("refund");
                assertThat(EventTopic.readAll(TestKafka.bootstrapServers(), second.property("hooklane.topic.events"))
                        .stream().map(r -> EventTopic.json(r.value()))
                        .filter(e -> paymentId.equals(e.path("causationid").asText()))).hasSize(1);
                assertThat(agentDeliveries(receiver, paymentId)).as("not asked again once answered")
                        .hasSize(askedAgain);
            } finally {
                second.close();
            }
        }
    }

    /**
     * Posts the callback (freshly signed each time) until the gateway waits for it: the repeat's wait starts once
     * its 202 has come back, and until then the callback meets the abandoned first wait (409) or none (404).
     */
    private static HttpResponse<String> postOnceWaited(TestGateway gateway, String webhookId, String body) {
        @SuppressWarnings("unchecked")
        HttpResponse<String>[] last = new HttpResponse[1];
        await().atMost(DELIVERY).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = CallbackAnswerEndToEndTest.postCallback(gateway, webhookId, body);
            return last[0].statusCode() != 404 && !last[0].body().contains("\"delivery_abandoned\"");
        });
        return last[0];
    }

    private static List<TestReceiver.Received> agentDeliveries(TestReceiver receiver, String eventId) {
        return receiver.forEvent(eventId).stream().filter(r -> r.destination().equals("support-agent")).toList();
    }
}
