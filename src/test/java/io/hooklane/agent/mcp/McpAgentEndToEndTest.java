package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * A sample destination switched to MCP by its environment alone, through the shipped route files, the delivery engine
 * and the real broker, to the official SDK's session-based server: the tool gets the event, and what it decides
 * reaches the CRM as agent.response.completed.
 */
class McpAgentEndToEndTest {

    private static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghijklmnop";

    @Test
    void the_support_agent_switched_to_mcp_by_its_environment_gets_the_event_as_a_tool_call_and_its_decision_reaches_the_crm()
            throws Exception {
        try (SdkMcpServer agent = SdkMcpServer.sessions(McpDeliveryTest.tools());
             TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of(
                     "SUPPORT_AGENT_PROTOCOL", "mcp", "SUPPORT_AGENT_URL", agent.url(),
                     // a second agent on the same server whose tool answers isError: true
                     "RECOMMENDATIONS_AGENT_PROTOCOL", "mcp", "RECOMMENDATIONS_AGENT_URL", agent.url(),
                     "RECOMMENDATIONS_AGENT_MCP_TOOL", "flaky_provider",
                     "HOOKLANE_ADMIN_TOKEN", ADMIN_TOKEN))) {
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

            // the metrics: one completed tool call over one initial session, labelled mcp, and its answer
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                MetricsScrape scrape = MetricsScrape.of(gateway);
                assertThat(scrape.value("hooklane_destination_calls_total", "destination", "support-agent",
                        "protocol", "mcp", "result", "completed")).isEqualTo(1);
                assertThat(scrape.value("hooklane_destination_calls_total", "destination", "support-agent"))
                        .isEqualTo(1);
                assertThat(scrape.value("hooklane_mcp_sessions_total", "destination", "support-agent",
                        "reason", "initial")).isEqualTo(1);
                assertThat(scrape.value("hooklane_delivery_duration_seconds_count", "destination", "support-agent",
                        "protocol", "mcp", "outcome", "delivered")).isEqualTo(1);
                assertThat(scrape.value("hooklane_agent_responses_total", "destination", "support-agent",
                        "protocol", "mcp", "type", "agent.response.completed")).isEqualTo(1);
            });
            JsonNode support = adminDestination(gateway, "support-agent");
            assertThat(support.path("protocol").asText()).isEqualTo("mcp");
            assertThat(support.at("/calls/total").asLong()).isEqualTo(1);
            assertThat(support.at("/calls/byResult/completed").asLong()).isEqualTo(1);
            assertThat(support.at("/calls/byResult/tool_error").asLong()).isZero();
            assertThat(support.at("/calls/meanMillis").asDouble()).isPositive();
            assertThat(support.at("/agentResponses/completed").asLong()).isEqualTo(1);
            assertThat(adminDestination(gateway, "crm").path("protocol").asText()).isEqualTo("http");

            // a tool result with isError: true is a delivered call counted as tool_error, its answer as failed
            HttpResponse<String> order = gateway.post(gateway.signed("standard").event("order.created").build());
            assertThat(order.statusCode()).as(order.body()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                MetricsScrape scrape = MetricsScrape.of(gateway);
                assertThat(scrape.value("hooklane_destination_calls_total", "destination", "recommendations-agent",
                        "protocol", "mcp", "result", "tool_error")).isEqualTo(1);
                assertThat(scrape.value("hooklane_agent_responses_total", "destination", "recommendations-agent",
                        "protocol", "mcp", "type", "agent.response.failed")).isEqualTo(1);
            });
            JsonNode recommendations = adminDestination(gateway, "recommendations-agent");
            assertThat(recommendations.at("/calls/byResult/tool_error").asLong()).isEqualTo(1);
            assertThat(recommendations.at("/agentResponses/failed").asLong()).isEqualTo(1);
        }
    }

    private static JsonNode adminDestination(TestGateway gateway, String name) {
        HttpResponse<String> response = gateway.send(gateway.request("/admin/destinations")
                .header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode d : EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("destinations")) {
            if (name.equals(d.path("name").asText())) {
                return d;
            }
        }
        throw new AssertionError("no destination " + name + " in " + response.body());
    }
}
