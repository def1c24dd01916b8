package io.hooklane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Offsets never skip: the gateway stops while calls are in flight and a subject is parked for a retry; after a
 * restart every acknowledged event arrives (at least once), each subject's events first arriving in order. An event
 * being retried keeps its attempt count, its backoff and its retry budget across the restart.
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

    @Test
    void a_restart_mid_retry_keeps_the_attempt_count_the_backoff_and_the_retry_budget() {
        Duration retryAfter = Duration.ofSeconds(30);
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.putAll(TestGateway.fastDelivery(receiver));
            config.put("hooklane.delivery.minimum-calls", "10000");
            config.put("hooklane.delivery.sliding-window-size", "10000");
            // 50 s of retries: attempt 3 asks for 30 s more (longer than a restart on a busy machine); attempt 4,
            // after the restart, would need another 30 s, beyond the budget, so it is the last one, unless the
            // budget restarted with the gateway
            config.put("hooklane.delivery.retry-for-millis", "50000");
            AtomicInteger crmCalls = new AtomicInteger();
            receiver.answer("crm", r -> crmCalls.incrementAndGet() < 3 ? TestReceiver.Answer.of(503)
                    : new TestReceiver.Answer(503, Map.of("Retry-After", String.valueOf(retryAfter.toSeconds()))));
            String retries = config.get("hooklane.topic.delivery-retries");
            String deadLetters = config.get("hooklane.topic.dead-letter-prefix") + "crm";

            String id;
            AtomicReference<JsonNode> remembered = new AtomicReference<>();
            TestGateway first = TestGateway.startWith(config);
            try {
                id = DeliveryEndToEndTest.accepted(first, first.signed("standard").event("customer.updated").build());
                await().atMost(Duration.ofSeconds(30)).until(() -> crmCalls(receiver, id).size() == 3);
                String webhookId = crmCalls(receiver, id).get(0).header("webhook-id");
                // the third failure is remembered with the end of its backoff before the gateway stops
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    remembered.set(latest(retries, webhookId).orElse(null));
                    return remembered.get() != null && remembered.get().path("attempts").asInt() == 3;
                });
            } finally {
                first.close();
            }
            List<TestReceiver.Received> before = crmCalls(receiver, id);
            Instant due = Instant.parse(remembered.get().path("nextAttempt").asText());
            assertThat(due).as("the remembered backoff is the receiver's Retry-After")
                    .isAfterOrEqualTo(before.get(2).at().plus(retryAfter));

            TestGateway second = TestGateway.startWith(config);
            try {
                assertThat(Instant.now()).as("the new gateway runs before the backoff ends").isBefore(due);
                List<ConsumerRecord<String, byte[]>> letters = await().atMost(Duration.ofSeconds(90))
                        .ignoreExceptions()
                        .until(() -> EventTopic.readAll(TestKafka.bootstrapServers(), deadLetters), r -> !r.isEmpty());
                JsonNode letter = EventTopic.json(letters.get(0).value());
                List<TestReceiver.Received> calls = crmCalls(receiver, id);

                assertThat(calls).as("three attempts before the restart, one after").hasSize(4);
                assertThat(calls.stream().map(r -> r.header("webhook-id")).distinct()).as("one webhook-id")
                        .hasSize(1);
                assertThat(calls.get(3).at()).as("the fourth attempt waited for the remembered backoff")
                        .isAfterOrEqualTo(due);
                assertThat(letter.path("event").path("id").asText()).isEqualTo(id);
                assertThat(letter.path("reason").asText()).isEqualTo("retries_exhausted");
                assertThat(letter.path("attempts").asInt()).as("the attempt count went on").isEqualTo(4);
                assertThat(Instant.parse(letter.path("firstAttemptAt").asText()))
                        .as("the budget counted from the first attempt, before the restart")
                        .isBeforeOrEqualTo(calls.get(0).at())
                        .isAfter(calls.get(0).at().minusSeconds(5));
            } finally {
                second.close();
            }
        }
    }

    private static List<TestReceiver.Received> crmCalls(TestReceiver receiver, String eventId) {
        return receiver.forEvent(eventId).stream().filter(r -> r.destination().equals("crm")).toList();
    }

    /** The last value the retry topic holds for this webhook id (empty when none, or forgotten). */
    private static Optional<JsonNode> latest(String topic, String webhookId) {
        JsonNode last = null;
        for (ConsumerRecord<String, byte[]> record : EventTopic.readAll(TestKafka.bootstrapServers(), topic)) {
            if (webhookId.equals(record.key())) {
                last = record.value() == null ? null : EventTopic.json(record.value());
            }
        }
        return Optional.ofNullable(last);
    }
}
