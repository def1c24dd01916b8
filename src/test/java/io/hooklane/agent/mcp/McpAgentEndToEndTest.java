package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * A sample destination switched to MCP by its environment alone, through the shipped route files, the delivery engine
 * and the real broker, to the official SDK's session-based server: the tool gets the event, and what it decides
 * reaches the CRM as agent.response.completed.
 */
class McpAgentEndToEndTest {

    @Test
    void the_support_agent_switched_to_mcp_by_its_environment_gets_the_event_as_a_tool_call_and_its_decision_reaches_the_crm()
            throws Exception {
        try (SdkMcpServer agent = SdkMcpServer.sessions(McpDeliveryTest.tools());
             TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(),
                     Map.of("SUPPORT_AGENT_PROTOCOL", "mcp", "SUPPORT_AGENT_URL", agent.url()))) {
            HttpResponse<String> accepted = gateway.post(gateway.signed("stripe").event("payment.failed").build());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String paymentId = EventTopic.json(accepted.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
            String crmQueue = gateway.property("hooklane.topic.deliveries-prefix") + "crm";

            JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> EventTopic.readAll(TestKafka.bootstrapServers(), crmQueue).stream()
                            .map(r -> EventTopic.json(r.value()))
                            .filter(e -> paymentId.equals(e.path("causationid").asText()))
                            .findFirst().orElse(null), a -> a != null);

            assertThat(agent.seen("tools/call")).hasSize(1);
            assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
            assertThat(answer.path("source").asText()).isEqualTo("support-agent");
            assertThat(answer.path("data").path("decision").asText()).isEqualTo("offer_alternative_payment");
            assertThat(answer.path("data").path("eventId").asText()).isEqualTo(paymentId);
        }
    }
}
