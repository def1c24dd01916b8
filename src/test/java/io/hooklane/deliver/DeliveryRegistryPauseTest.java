package io.hooklane.deliver;

import java.time.Duration;
import java.time.Instant;

import io.hooklane.control.PauseState;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Pause states from the control topic: applied in the topic's order, kept for destinations that start later. */
class DeliveryRegistryPauseTest {

    private static final Instant AT = Instant.parse("2026-12-02T07:00:00Z");
    private final DeliveryRegistry registry = new DeliveryRegistry(new HooklaneMetrics(new SimpleMeterRegistry()));

    @Test
    void a_destination_paused_on_the_topic_before_it_runs_starts_paused() {
        registry.apply("crm", new PauseState(true, "gateway-a", AT), 3);

        DeliveryRegistry.Destination crm = register("crm");

        assertThat(crm.paused()).isTrue();
        assertThat(crm.pause()).isEqualTo(new PauseState(true, "gateway-a", AT));
        assertThat(register("pricing").paused()).isFalse();
    }

    @Test
    void an_older_state_read_after_a_newer_one_is_ignored() {
        DeliveryRegistry.Destination crm = register("crm");
        registry.apply("crm", new PauseState(true, "gateway-a", AT), 7);
        registry.apply("crm", new PauseState(false, "gateway-b", AT.minusSeconds(5)), 6);
        assertThat(crm.pause()).isEqualTo(new PauseState(true, "gateway-a", AT));

        registry.apply("crm", new PauseState(false, "gateway-b", AT.plusSeconds(5)), 8);
        assertThat(crm.paused()).isFalse();
        assertThat(crm.pause()).isNull();
    }

    private DeliveryRegistry.Destination register(String name) {
        DeliverySettings settings = new DeliverySettings(name, "unused:9092", "q." + name, "dl." + name, "g-" + name,
                new RetryPolicy(name, Duration.ofSeconds(1), 2, Duration.ofMinutes(5), Duration.ofHours(24)),
                DeliverySettings.breakerConfig(name, 50, 100, 100, Duration.ofSeconds(30), 1),
                100, new EngineSettings(4, 16, EngineSettings.Ordering.SUBJECT, EngineSettings.Completion.RESPONSE,
                        Duration.ofSeconds(30), Duration.ofMinutes(10)));
        return registry.register(settings, settings.newBreaker(), new DestinationLoad(4, 16));
    }
}
