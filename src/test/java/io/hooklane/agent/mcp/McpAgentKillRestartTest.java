package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.faults.AgentKillRestart;
import io.hooklane.faults.GatewayProcess;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a gateway (a child JVM) while the support agent, switched to MCP by its environment alone, is
 * working on every event it was given: the official SDK's session-based server in this JVM, whose tool holds each
 * call until the test releases it. A new gateway on the same broker calls the tool again for each event, with the
 * same JSON-RPC id and {@code _meta} webhook id, and every event's answer reaches the CRM.
 */
class McpAgentKillRestartTest {

    private static final int EVENTS = 6;

    @Test
    void tool_calls_in_flight_at_a_kill_9_are_made_again_with_the_same_id_and_every_answer_reaches_the_crm()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<String> inTool = ConcurrentHashMap.newKeySet();
        Map<String, Function<McpSchema.CallToolRequest, McpSchema.CallToolResult>> tools = Map.of(
                "handle_commerce_event", request -> {
                    String eventId = String.valueOf(((Map<?, ?>) request.arguments().get("event")).get("id"));
                    inTool.add(eventId);
                    try {
                        release.await(3, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return McpSchema.CallToolResult.builder()
                            .structuredContent(Map.of("decision", "offer_alternative_payment", "eventId", eventId,
                                    "webhookId", String.valueOf(request.meta().get(McpProtocol.META_WEBHOOK_ID))))
                            .addTextContent("offered an alternative payment method").build();
                });
        try (SdkMcpServer agent = SdkMcpServer.sessions(tools);
             AgentKillRestart gateway = AgentKillRestart.start("mcp-agent-kill", "mcp", agent.url())) {
            long sending = System.nanoTime();
            List<String> accepted = gateway.acceptPaymentsFailed(EVENTS);
            await("every accepted event in the agent's tool").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100)).until(() -> inTool.containsAll(accepted));
            int callsBeforeKill = agent.seen("tools/call").size();
            String inFlightAfter = AgentKillRestart.since(sending);

            assertThat(gateway.kill9()).as("exit status").isEqualTo(GatewayProcess.SIGKILL_EXIT);
            long killed = System.nanoTime();
            gateway.restart();
            String readyAgain = AgentKillRestart.since(killed);
            long released = System.nanoTime();
            release.countDown();

            Map<String, List<JsonNode>> answers = await("every accepted event's answer at the CRM, see "
                    + gateway.log()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(gateway::agentResponsesAtCrm, received -> received.keySet().containsAll(accepted));
            String answeredAfter = AgentKillRestart.since(released);

            Map<String, List<SdkMcpServer.Seen>> calls = agent.seen("tools/call").stream()
                    .collect(Collectors.groupingBy(call -> call.params().at("/arguments/event/id").asText()));
            assertThat(calls.keySet()).as("events whose tool was called").containsExactlyInAnyOrderElementsOf(accepted);
            calls.forEach((eventId, made) -> {
                String id = made.get(0).id();
                assertThat(made).as("calls for %s: before the kill and again from the new gateway", eventId)
                        .hasSizeGreaterThanOrEqualTo(2);
                assertThat(made).extracting(SdkMcpServer.Seen::id).as("JSON-RPC ids for %s", eventId)
                        .doesNotContainNull().containsOnly(id);
                assertThat(made).extracting(call -> call.params().path("_meta").path(McpProtocol.META_WEBHOOK_ID)
                        .asText(null)).as("_meta webhook ids for %s", eventId).containsOnly(id);
            });
            assertThat(answers.keySet()).as("causation ids of the agent's answers at the CRM")
                    .containsExactlyInAnyOrderElementsOf(accepted);
            for (String eventId : accepted) {
                assertThat(answers.get(eventId)).as("answers to %s", eventId).allSatisfy(answer -> {
                    assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
                    assertThat(answer.path("source").asText()).isEqualTo("support-agent");
                    assertThat(answer.path("correlationid").asText()).isEqualTo(eventId);
                    assertThat(answer.at("/data/eventId").asText()).isEqualTo(eventId);
                    assertThat(answer.at("/data/webhookId").asText()).isEqualTo(calls.get(eventId).get(0).id());
                });
            }
            System.out.printf("mcp agent kill -9: %d accepted, all %d in the tool %s after the first webhook "
                            + "(first gateway ready after %s); %d tool calls at the kill, %d in all; new gateway "
                            + "ready %s after the kill; every answer at the CRM %s after the release, %d answers "
                            + "for %d events%n", accepted.size(), accepted.size(), inFlightAfter,
                    AgentKillRestart.seconds(gateway.readyAfter().get(0)), callsBeforeKill, agent.seen("tools/call").size(),
                    readyAgain, answeredAfter, answers.values().stream().mapToInt(List::size).sum(), answers.size());
        }
    }
}
