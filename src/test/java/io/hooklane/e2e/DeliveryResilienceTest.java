package io.hooklane.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.deliver.DeliveryRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broken receiver, and a gateway stopped mid-delivery: nothing acknowledged is lost, nothing else is held up. */
class DeliveryResilienceTest {

    @Test
    void an_open_breaker_lets_only_probes_through_while_other_destinations_keep_flowing() {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.putAll(TestGateway.fastDelivery(receiver));
            config.put("hooklane.delivery.initial-backoff-millis", "100");
            config.put("hooklane.delivery.max-backoff-millis", "300");
            config.put("hooklane.delivery.sliding-window-size", "4");
            config.put("hooklane.delivery.minimum-calls", "4");
            config.put("hooklane.delivery.open-wait-millis", "2000");
            config.put("hooklane.delivery.half-open-calls", "1");
            receiver.answer("crm", r -> TestReceiver.Answer.of(503));
            TestGateway gateway = TestGateway.startWith(config);
            try {
                CircuitBreaker breaker = gateway.gateway().context().getRegistry()
                        .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class).destination("crm").breaker();
                AtomicReference<Instant> openedAt = new AtomicReference<>();
                breaker.getEventPublisher().onStateTransition(e -> {
                    if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                        openedAt.compareAndSet(null, Instant.now());
                    }
                });
                List<String> crmEvents = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    crmEvents.add(DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("payment.succeeded").build()));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> openedAt.get() != null);

                // while the breaker is open, pricing deliveries go through at once
                for (int i = 0; i < 3; i++) {
                    Instant sent = Instant.now();
                    String pricing = DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event("inventory.updated").build());
                    await().atMost(Duration.ofSeconds(5)).until(() -> !receiver.forEvent(pricing).isEmpty());
                    assertThat(Duration.between(sent, receiver.forEvent(pricing).get(0).at())).isLessThan(Duration.ofSeconds(2));
                }
                // observe 6 s of outage after the breaker opened: only the half-open probes reach the receiver. The window
                // starts 1 s after the open: up to maxInFlight calls may have taken their permission just before it,
                // and on a busy machine (delivery threads run at a lower priority) one of them can land a little later
                Instant windowStart = openedAt.get().plusSeconds(1);
                Instant windowEnd = windowStart.plusSeconds(6);
                await().atMost(Duration.ofSeconds(20)).until(() -> Instant.now().isAfter(windowEnd));
                long callsWhileOpen = receiver.forDestination("crm").stream()
                        .filter(r -> r.at().isAfter(windowStart) && r.at().isBefore(windowEnd)).count();
                assertThat(callsWhileOpen).as("calls in 6 s with a 2 s open wait and 1 probe").isBetween(1L, 4L);

                receiver.answer("crm", r -> TestReceiver.Answer.of(200));
                await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                    for (String id : crmEvents) {
                        assertThat(receiver.forEvent(id)).anyMatch(r -> r.answered() == 200);
                    }
                });
                assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            } finally {
                gateway.close();
            }
        }
    }

    @Test
    void stopping_the_gateway_mid_delivery_loses_no_accepted_event() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> config = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            config.putAll(TestGateway.fastDelivery(receiver));
            config.put("hooklane.delivery.max-in-flight", "4");
            receiver.answer("crm", r -> {
                try {
                    // a slow receiver, so the stop lands mid-delivery: 4 partitions at a time at 400 ms each take
                    // about 10 events a second, slower than the test sends them
                    Thread.sleep(400);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return TestReceiver.Answer.of(200);
            });
            TestGateway first = TestGateway.startWith(config);
            List<String> accepted = new ArrayList<>();
            try {
                for (int i = 0; i < 40; i++) {
                    accepted.add(DeliveryEndToEndTest.accepted(first, first.signed("stripe").event("customer.updated").build()));
                }
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forDestination("crm").size() >= 5);
            } finally {
                first.close();
            }
            long deliveredBeforeStop = accepted.stream().filter(id -> !receiver.forEvent(id).isEmpty()).count();
            assertThat(deliveredBeforeStop).isLessThan(accepted.size());

            TestGateway second = TestGateway.startWith(config);
            try {
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (String id : accepted) {
                        assertThat(receiver.forEvent(id)).as("event " + id).isNotEmpty();
                    }
                });
            } finally {
                second.close();
            }
        }
    }
}
