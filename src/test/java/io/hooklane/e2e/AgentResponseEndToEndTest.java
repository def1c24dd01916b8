package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's loop over the real broker and the dev profile's demo receivers: a provider's webhook reaches the
 * support agent, what the agent decides becomes agent.response.completed on the inbound topic, and routing sends it
 * to the CRM (never back to the agent).
 */
class AgentResponseEndToEndTest {

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void what_the_support_agent_decides_about_a_failed_payment_reaches_the_crm_as_an_event_chained_to_the_payment()
            throws Exception {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed").build());
        String crmQueue = gateway.property("hooklane.topic.deliveries-prefix") + "crm";
        String agentQueue = gateway.property("hooklane.topic.deliveries-prefix") + "support-agent";

        JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> answerTo(crmQueue, paymentId), a -> a != null);

        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("source").asText()).isEqualTo("support-agent");
        assertThat(answer.path("correlationid").asText()).isEqualTo(paymentId);
        assertThat(answer.path("hopcount").asInt()).isEqualTo(1);
        assertThat(answer.path("data").path("decision").asText()).isEqualTo("offer_alternative_payment_method");
        // the answer went to the CRM only: the agent's own queue holds the payment, not its answer
        assertThat(EventTopic.readAll(TestKafka.bootstrapServers(), agentQueue).stream()
                .map(AgentResponseEndToEndTest::json)
                .filter(e -> e.path("type").asText().startsWith("agent.response.")))
                .isEmpty();
    }

    private static JsonNode answerTo(String topic, String causationId) {
        List<ConsumerRecord<String, byte[]>> records = EventTopic.readAll(TestKafka.bootstrapServers(), topic);
        return records.stream().map(AgentResponseEndToEndTest::json)
                .filter(e -> causationId.equals(e.path("causationid").asText()))
                .findFirst().orElse(null);
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        return EventTopic.json(new String(record.value(), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }
}
