package io.hooklane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow receivers like AI agents, over real HTTP on 127.0.0.1 and a real broker: many calls in flight for one
 * destination (maxInFlight, not the partitions, bounds them), each subject's events one after the other, and a failing
 * subject parks only itself. The CRM points at a {@link SlowAgent}; its breaker stays closed (these tests are about
 * subjects, not the breaker).
 */
class AgentDeliveryTest {

    private static SlowAgent agent;
    private static TestReceiver others;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        agent = new SlowAgent(2000);
        others = new TestReceiver();
        Map<String, String> config = new java.util.HashMap<>(TestGateway.fastDelivery(others));
        config.put("CRM_URL", agent.url());
        config.put("hooklane.delivery.minimum-calls", "10000");
        config.put("hooklane.delivery.sliding-window-size", "10000");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        agent.close();
        others.close();
    }

    @Test
    void a_slow_agent_gets_many_calls_at_once_and_each_subject_in_order() {
        agent.answerAfter(2000);
        Map<String, List<String>> sent = send("cus_many_", 40, 6);

        await().atMost(Duration.ofSeconds(55)).pollInterval(Duration.ofMillis(250)).until(() -> sent.entrySet()
                .stream().allMatch(e -> agent.delivered(e.getKey()).size() >= e.getValue().size()));

        assertThat(agent.mostInFlight()).as("calls in flight at once at the agent").isGreaterThanOrEqualTo(30);
        assertThat(agent.mostInFlightForOneSubject()).as("calls in flight at once for one subject").isEqualTo(1);
        sent.forEach((subject, ids) -> assertThat(agent.arrivals(subject)).as("arrival order of " + subject)
                .containsExactlyElementsOf(ids));
    }

    @Test
    void a_failing_subject_parks_only_itself_and_its_later_events_never_overtake_its_first() {
        agent.answerAfter(50);
        String failing = "cus_parked_failing";
        agent.answer(call -> call.subject().equals(failing) ? 500 : 200);
        try {
            List<String> failingIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                failingIds.add(sendOne(failing));
            }
            Map<String, List<String>> flowing = send("cus_parked_ok_", 12, 3);

            await().atMost(Duration.ofSeconds(40)).until(() -> flowing.entrySet().stream()
                    .allMatch(e -> agent.delivered(e.getKey()).size() >= e.getValue().size()));
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.arrivals(failing).size() >= 2);
            assertThat(agent.arrivals(failing)).as("only the first event of the failing subject was tried")
                    .containsOnly(failingIds.get(0));
            assertThat(agent.delivered(failing)).isEmpty();

            agent.answer(call -> 200);

            await().atMost(Duration.ofSeconds(40)).until(() -> agent.delivered(failing).size() >= 3);
            assertThat(agent.delivered(failing)).as("after recovery, in order").containsExactlyElementsOf(failingIds);
            List<String> arrivals = agent.arrivals(failing);
            assertThat(arrivals.subList(arrivals.size() - 2, arrivals.size()))
                    .as("its later events came only after the first was delivered")
                    .containsExactly(failingIds.get(1), failingIds.get(2));
            flowing.forEach((subject, ids) -> assertThat(agent.delivered(subject)).containsExactlyElementsOf(ids));
        } finally {
            agent.answer(call -> 200);
        }
    }

    /** {@code perSubject} events for each of {@code subjects} subjects, round by round; the ids by subject. */
    static Map<String, List<String>> send(TestGateway gateway, String prefix, int subjects, int perSubject) {
        return send(gateway, "customer.updated", prefix, subjects, perSubject);
    }

    /** As above, events of {@code type} (customer.updated goes to the CRM, shipment.updated to the support agent). */
    static Map<String, List<String>> send(TestGateway gateway, String type, String prefix, int subjects,
                                          int perSubject) {
        Map<String, List<String>> sent = new LinkedHashMap<>();
        List<String> names = IntStream.rangeClosed(1, subjects).mapToObj(i -> prefix + i).toList();
        for (int round = 0; round < perSubject; round++) {
            for (String subject : names) {
                sent.computeIfAbsent(subject, s -> new ArrayList<>()).add(sendOne(gateway, type, subject));
            }
        }
        return sent;
    }

    static String sendOne(TestGateway gateway, String type, String subject) {
        return DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").withBody(
                "{\"type\":\"" + type + "\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"id\":\""
                        + subject + "\"}}").build());
    }

    private static Map<String, List<String>> send(String prefix, int subjects, int perSubject) {
        return send(gateway, prefix, subjects, perSubject);
    }

    private static String sendOne(String subject) {
        return sendOne(gateway, "customer.updated", subject);
    }
}
