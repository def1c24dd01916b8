package io.hooklane.a2a;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.faults.AgentKillRestart;
import io.hooklane.faults.GatewayProcess;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a gateway (a child JVM) while the support agent, switched to A2A by its environment alone, has a
 * task {@code working} for every event it was given, waiting for the test to release it. A new gateway on the same
 * broker sends each event again with the same {@code messageId}; once the agent settles its tasks, every event's
 * answer reaches the CRM, and the pushes for the killed gateway's tasks are refused.
 */
class A2aAgentKillRestartTest {

    private static final int EVENTS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tasks_working_at_a_kill_9_are_sent_again_with_the_same_message_id_and_every_answer_reaches_the_crm() {
        try (TestA2aAgent agent = TestA2aAgent.v1(true);
             AgentKillRestart gateway = AgentKillRestart.start("a2a-agent-kill", "a2a", agent.baseUrl())) {
            long sending = System.nanoTime();
            List<String> accepted = gateway.acceptPaymentsFailed(EVENTS);
            await("a working task for every accepted event").atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> sends(agent).keySet().containsAll(accepted) && everySendHasItsTask(agent));

            String workingAfter = AgentKillRestart.since(sending);
            assertThat(gateway.kill9()).as("exit status").isEqualTo(GatewayProcess.SIGKILL_EXIT);
            long killed = System.nanoTime();
            Set<String> killedGatewaysTasks = agent.tasks().stream().map(task -> task.id).collect(Collectors.toSet());
            Map<String, Integer> sentByKilledGateway = sends(agent).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
            gateway.restart();
            await("every accepted event sent again by the new gateway, see " + gateway.log())
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        Map<String, List<TestA2aAgent.Call>> now = sends(agent);
                        return accepted.stream().allMatch(id -> now.get(id).size() > sentByKilledGateway.get(id))
                                && everySendHasItsTask(agent);
                    });
            String sentAgainAfter = AgentKillRestart.since(killed);

            // released: the agent settles every task it has, the killed gateway's too
            long released = System.nanoTime();
            Map<String, Integer> pushAnswers = new HashMap<>();
            for (TestA2aAgent.Task task : agent.tasks()) {
                pushAnswers.put(task.id, agent.settle(task, "completed", JSON.createObjectNode()
                        .put("action", "offer_alternative_payment").put("task", task.id)));
            }

            Map<String, List<JsonNode>> answers = await("every accepted event's answer at the CRM, see "
                    + gateway.log()).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                    .until(gateway::agentResponsesAtCrm, received -> received.keySet().containsAll(accepted));
            String answeredAfter = AgentKillRestart.since(released);

            Map<String, List<TestA2aAgent.Call>> sends = sends(agent);
            assertThat(sends.keySet()).as("events sent to the agent").containsExactlyInAnyOrderElementsOf(accepted);
            sends.forEach((eventId, sent) -> assertThat(sent)
                    .extracting(call -> call.params().at("/message/messageId").asText(null))
                    .as("messageIds of %s's SendMessages, before the kill and from the new gateway", eventId)
                    .hasSizeGreaterThanOrEqualTo(2).doesNotContainNull().containsOnly(messageId(sent.get(0))));
            assertThat(answers.keySet()).as("causation ids of the agent's answers at the CRM")
                    .containsExactlyInAnyOrderElementsOf(accepted);
            for (String eventId : accepted) {
                String messageId = messageId(sends.get(eventId).get(0));
                assertThat(answers.get(eventId)).as("answers to %s", eventId).allSatisfy(answer -> {
                    assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
                    assertThat(answer.path("source").asText()).isEqualTo("support-agent");
                    assertThat(answer.path("correlationid").asText()).isEqualTo(eventId);
                    JsonNode decision = answer.at("/data/artifacts/0/parts/0/data");
                    assertThat(decision.path("action").asText()).isEqualTo("offer_alternative_payment");
                    String task = decision.path("task").asText();
                    assertThat(task).as("the answer's task: one of the new gateway's").isNotIn(killedGatewaysTasks);
                    assertThat(agent.tasks()).filteredOn(t -> t.id.equals(task))
                            .singleElement().extracting(t -> t.messageId).isEqualTo(messageId);
                });
            }
            assertThat(killedGatewaysTasks).as("pushes for the killed gateway's tasks: refused")
                    .allSatisfy(task -> assertThat(pushAnswers.get(task)).isIn(401, 404));
            System.out.printf("a2a agent kill -9: %d accepted, all %d working %s after the first webhook (first "
                            + "gateway ready after %s); %d tasks at the kill, %d in all; new gateway ready %s and "
                            + "every event sent again %s after the kill; every answer at the CRM %s after the "
                            + "release, %d answers for %d events; push answers %s%n", accepted.size(),
                    accepted.size(), workingAfter, AgentKillRestart.seconds(gateway.readyAfter().get(0)),
                    killedGatewaysTasks.size(), agent.tasks().size(), AgentKillRestart.seconds(gateway.readyAfter().get(1)),
                    sentAgainAfter, answeredAfter, answers.values().stream().mapToInt(List::size).sum(),
                    answers.size(), new java.util.TreeMap<>(pushAnswers.values().stream()
                            .collect(Collectors.groupingBy(status -> String.valueOf(status), Collectors.counting()))));
        }
    }

    /** The SendMessage calls the agent received, by the id of the CloudEvent they carry. */
    private static Map<String, List<TestA2aAgent.Call>> sends(TestA2aAgent agent) {
        return agent.calls("SendMessage").stream()
                .collect(Collectors.groupingBy(call -> call.params().at("/message/parts/0/data/id").asText()));
    }

    /** Every SendMessage received so far has its task (the call is recorded before the task is created). */
    private static boolean everySendHasItsTask(TestA2aAgent agent) {
        return agent.tasks().size() == agent.calls("SendMessage").size();
    }

    private static String messageId(TestA2aAgent.Call send) {
        return send.params().at("/message/messageId").asText();
    }
}
