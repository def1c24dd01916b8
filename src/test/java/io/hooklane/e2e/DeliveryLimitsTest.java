package io.hooklane.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.hooklane.deliver.DeliveryRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ordering: none} and the bounds of what a destination holds, over real HTTP and a real broker: one
 * subject's events may be in flight together, and a stalled receiver makes the destination hold at most
 * {@code maxBuffered} records (the rest wait in Kafka), none lost once it recovers.
 */
class DeliveryLimitsTest {

    private static final int MAX_IN_FLIGHT = 8;
    private static final int MAX_BUFFERED = 20;
    private static SlowAgent agent;
    private static TestReceiver others;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        agent = new SlowAgent(0);
        others = new TestReceiver();
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(others));
        // the support agent: its timeout is the default (the sample CRM sets its own 10 s)
        config.put("SUPPORT_AGENT_URL", agent.url());
        config.put("hooklane.delivery.ordering", "none");
        config.put("hooklane.delivery.max-in-flight", String.valueOf(MAX_IN_FLIGHT));
        config.put("hooklane.delivery.max-buffered", String.valueOf(MAX_BUFFERED));
        config.put("hooklane.delivery.timeout-millis", "60000");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        agent.close();
        others.close();
    }

    @Test
    void with_ordering_none_one_subjects_events_are_delivered_concurrently() {
        // every call is held until the subject's six events have all arrived (at most 20 s): only a destination that
        // has them in flight at once answers them quickly, however far apart the sender's webhooks come
        CountDownLatch allArrived = new CountDownLatch(6);
        agent.answer(call -> {
            if (call.subject().equals("cus_unordered_1")) {
                allArrived.countDown();
                try {
                    allArrived.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        });
        try {
            Map<String, List<String>> sent = AgentDeliveryTest.send(gateway, "shipment.updated", "cus_unordered_", 1, 6);

            await().atMost(Duration.ofSeconds(60)).until(() ->
                    agent.delivered("cus_unordered_1").size() >= sent.get("cus_unordered_1").size());
            assertThat(agent.mostInFlightForOneSubject()).as("calls in flight at once for one subject")
                    .isEqualTo(6);
            assertThat(agent.delivered("cus_unordered_1")).containsExactlyInAnyOrderElementsOf(
                    sent.get("cus_unordered_1"));
        } finally {
            agent.answer(call -> 200);
        }
    }

    @Test
    void a_stalled_receiver_makes_the_destination_hold_at_most_max_buffered_records_and_loses_none() {
        CountDownLatch stalled = new CountDownLatch(1);
        AtomicInteger held = new AtomicInteger();
        agent.answer(call -> {
            try {
                stalled.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        });
        DeliveryRegistry.Destination agentDestination = gateway.gateway().context().getRegistry()
                .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class).destination("support-agent");
        List<String> sent = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                sent.add(AgentDeliveryTest.sendOne(gateway, "shipment.updated", "cus_stalled_" + i));
                held.accumulateAndGet(agentDestination.load().buffered(), Math::max);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agentDestination.load().inFlight() == MAX_IN_FLIGHT
                    && agentDestination.waitingEvents() >= sent.size());
            // a few seconds more: the destination takes nothing more from Kafka while full
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> {
                held.accumulateAndGet(agentDestination.load().buffered(), Math::max);
                return agentDestination.load().buffered() <= MAX_BUFFERED;
            });
            assertThat(held.get()).as("records the destination held at most").isLessThanOrEqualTo(MAX_BUFFERED);
            assertThat(agent.mostInFlight()).as("calls in flight at once").isLessThanOrEqualTo(MAX_IN_FLIGHT);
        } finally {
            stalled.countDown();
            agent.answer(call -> 200);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().allMatch(id ->
                agent.delivered("cus_stalled_" + sent.indexOf(id)).contains(id)));
    }
}
