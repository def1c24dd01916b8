package io.hooklane.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offsets never skip: the gateway stops while calls are in flight and a subject is parked for a retry; after a
 * restart every acknowledged event arrives (at least once), each subject's events first arriving in order.
 */
class DeliveryRestartTest {

    @Test
    void stopping_with_calls_in_flight_and_a_parked_subject_loses_nothing_and_keeps_each_subject_in_order() {
        String failing = "cus_restart_failing1";
        try (SlowAgent agent = new SlowAgent(300); TestReceiver others = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.putAll(TestGateway.fastDelivery(others));
            config.put("CRM_URL", agent.url());
            config.put("hooklane.delivery.minimum-calls", "10000");
            config.put("hooklane.delivery.sliding-window-size", "10000");
            agent.answer(call -> call.subject().equals(failing) ? 503 : 200);
            Map<String, List<String>> sent;
            TestGateway first = TestGateway.startWith(config);
            try {
                sent = new HashMap<>(AgentDeliveryTest.send(first, "cus_restart_", 8, 5));
                sent.putAll(AgentDeliveryTest.send(first, "cus_restart_failing", 1, 3));
                await().atMost(Duration.ofSeconds(30)).until(() -> agent.arrivals(failing).size() >= 2
                        && sent.keySet().stream().anyMatch(s -> !agent.delivered(s).isEmpty()));
            } finally {
                first.close();
            }
            long deliveredBeforeStop = sent.values().stream().flatMap(List::stream)
                    .filter(id -> sent.keySet().stream().anyMatch(s -> agent.delivered(s).contains(id))).count();
            assertThat(deliveredBeforeStop).as("the stop came mid-delivery").isLessThan(43);

            agent.answer(call -> 200);
            TestGateway second = TestGateway.startWith(config);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> sent.entrySet().stream()
                        .allMatch(e -> agent.delivered(e.getKey()).containsAll(e.getValue())));
            } finally {
                second.close();
            }
            sent.forEach((subject, ids) -> assertThat(agent.delivered(subject).stream().distinct().toList())
                    .as("first deliveries of " + subject + " in order").containsExactlyElementsOf(ids));
        }
    }
}
