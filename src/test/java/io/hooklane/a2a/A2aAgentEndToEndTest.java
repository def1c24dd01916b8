package io.hooklane.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import org.junit.jupiter.api.Test;

/**
 * A sample destination switched to A2A by its environment alone, through the shipped route files, the delivery
 * engine and the real broker: the agent gets a SendMessage, works on its task, pushes when it is done, and what it
 * decided reaches the CRM as agent.response.completed.
 */
class A2aAgentEndToEndTest {

    @Test
    void the_support_agent_switched_to_a2a_by_its_environment_gets_a_task_and_its_decision_reaches_the_crm()
            throws Exception {
        try (TestA2aAgent agent = TestA2aAgent.v1(true);
             TestGateway gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of(
                     "SUPPORT_AGENT_PROTOCOL", "a2a", "SUPPORT_AGENT_URL", agent.baseUrl()))) {
            HttpResponse<String> accepted = gateway.post(gateway.signed("stripe").event("payment.failed").build());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String paymentId = EventTopic.json(accepted.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();

            TestA2aAgent.Call send = await().atMost(Duration.ofSeconds(60))
                    .until(() -> agent.calls("SendMessage").stream().findFirst().orElse(null), c -> c != null);
            assertThat(send.params().at("/message/parts/0/data/id").asText()).isEqualTo(paymentId);
            TestA2aAgent.Task task = await().atMost(Duration.ofSeconds(10))
                    .until(() -> agent.task(send.params().at("/message/messageId").asText()), t -> t != null);
            agent.settle(task, "completed", new ObjectMapper().readTree("{\"action\":\"offer_alternative_payment\"}"));

            String crmQueue = gateway.property("hooklane.topic.deliveries-prefix") + "crm";
            JsonNode answer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> EventTopic.readAll(TestKafka.bootstrapServers(), crmQueue).stream()
                            .map(r -> EventTopic.json(r.value()))
                            .filter(e -> paymentId.equals(e.path("causationid").asText()))
                            .findFirst().orElse(null), a -> a != null);

            assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
            assertThat(answer.path("source").asText()).isEqualTo("support-agent");
            assertThat(answer.at("/data/artifacts/0/parts/0/data/action").asText())
                    .isEqualTo("offer_alternative_payment");

            // the metrics: one call whose task completed after one accepted push, none waiting any more
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                MetricsScrape scrape = MetricsScrape.of(gateway);
                assertThat(scrape.value("hooklane_destination_calls_total", "destination", "support-agent",
                        "protocol", "a2a", "result", "completed")).isEqualTo(1);
                assertThat(scrape.value("hooklane_destination_calls_total", "destination", "support-agent"))
                        .isEqualTo(1);
                assertThat(scrape.value("hooklane_a2a_pushes_total", "result", "accepted")).isEqualTo(1);
                assertThat(scrape.value("hooklane_a2a_tasks_waiting")).isZero();
                assertThat(scrape.value("hooklane_delivery_duration_seconds_count", "destination", "support-agent",
                        "protocol", "a2a")).isEqualTo(1);
                assertThat(scrape.value("hooklane_agent_responses_total", "destination", "support-agent",
                        "protocol", "a2a", "type", "agent.response.completed")).isEqualTo(1);
            });
        }
    }
}
