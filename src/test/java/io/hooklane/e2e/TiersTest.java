package io.hooklane.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Ingest and delivery as separate tiers on one Kafka: what an ingest-only instance accepts, another delivers. */
class TiersTest {

    @Test
    void an_ingest_only_instance_accepts_and_a_delivery_instance_delivers() {
        try (TestReceiver receiver = new TestReceiver()) {
            Map<String, String> shared = new HashMap<>(TestGateway.defaults(TestKafka.bootstrapServers(),
                    TestGateway.freePort()));
            shared.putAll(TestGateway.fastDelivery(receiver));

            Map<String, String> ingestOnly = new HashMap<>(shared);
            ingestOnly.put("hooklane.dispatch.enabled", "false");
            ingestOnly.put("hooklane.delivery.enabled", "false");
            Map<String, String> delivery = new HashMap<>(shared);
            delivery.put("camel.server.port", String.valueOf(TestGateway.freePort()));

            TestGateway ingest = TestGateway.startWith(ingestOnly);
            try {
                assertThat(ingest.gateway().context().getRouteController().getRouteStatus("dispatch-events").isStarted())
                        .isFalse();
                String id = DeliveryEndToEndTest.accepted(ingest, ingest.signed("standard").event("payment.failed").build());
                // nothing delivers while only the ingest tier runs
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> receiver.forEvent(id).isEmpty());

                TestGateway deliverer = TestGateway.startWith(delivery);
                try {
                    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.forEvent(id).size() == 2);
                    assertThat(receiver.forEvent(id)).extracting(TestReceiver.Received::destination)
                            .containsExactlyInAnyOrder("support-agent", "crm");
                } finally {
                    deliverer.close();
                }
            } finally {
                ingest.close();
            }
        }
    }
}
