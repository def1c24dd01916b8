package io.hooklane.metrics;

import java.time.Duration;

import io.hooklane.deliver.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HooklaneMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final HooklaneMetrics metrics = new HooklaneMetrics(registry);

    @Test
    void a_sources_series_exist_at_zero_for_every_reason_and_count_on_the_same_meters() {
        metrics.source("stripe");

        assertThat(registry.get("hooklane.webhooks.duplicate").tag("source", "stripe").counter().count()).isZero();
        assertThat(registry.get("hooklane.webhooks.rejected").tags("source", "stripe", "reason", "invalid_signature")
                .counter().count()).isZero();
        assertThat(registry.get("hooklane.webhooks.rejected").tags("source", "unknown", "reason", "unknown_source")
                .counter().count()).isZero();
        assertThat(registry.find("hooklane.webhooks.rejected").tags("source", "stripe", "reason", "unknown_source")
                .counter()).isNull();

        metrics.rejected("stripe", "invalid_signature");
        assertThat(registry.get("hooklane.webhooks.rejected").tags("source", "stripe", "reason", "invalid_signature")
                .counter().count()).isEqualTo(1);
    }

    @Test
    void the_routing_series_exist_at_zero_for_every_reason() {
        metrics.routing();

        assertThat(registry.get("hooklane.events.unrouted").counter().count()).isZero();
        assertThat(registry.get("hooklane.events.routing.dead.lettered").counters()).hasSize(3)
                .allSatisfy(c -> assertThat(c.count()).isZero());
    }

    @Test
    void registering_series_while_metrics_are_off_does_not_fail_start_up() {
        HooklaneMetrics off = new HooklaneMetrics(() -> null);

        org.assertj.core.api.Assertions.assertThatCode(() -> {
            off.source("stripe");
            off.routing();
        }).doesNotThrowAnyException();
    }

    @Test
    void counts_repeated_events_on_one_meter_per_tag_value() {
        metrics.accepted("stripe");
        metrics.accepted("stripe");
        metrics.accepted("shopify");

        assertThat(registry.get("hooklane.webhooks.accepted").tag("source", "stripe").counter().count()).isEqualTo(2);
        assertThat(registry.get("hooklane.webhooks.accepted").tag("source", "shopify").counter().count()).isEqualTo(1);
    }

    @Test
    void keeps_attempt_timers_apart_by_destination_and_outcome() {
        metrics.attempted("crm", Outcome.DELIVERED, Duration.ofMillis(5));
        metrics.attempted("crm", Outcome.DELIVERED, Duration.ofMillis(7));
        metrics.attempted("crm", Outcome.RETRY, Duration.ofMillis(9));
        metrics.attempted("pricing", Outcome.DELIVERED, Duration.ofMillis(1));

        assertThat(registry.get("hooklane.delivery.duration").tags("destination", "crm", "outcome", "delivered").timer()
                .count()).isEqualTo(2);
        assertThat(registry.get("hooklane.delivery.duration").tags("destination", "crm", "outcome", "retry").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get("hooklane.delivery.duration").tags("destination", "pricing").timer().count())
                .isEqualTo(1);
    }

    @Test
    void keeps_rejections_apart_by_source_and_reason() {
        metrics.rejected("stripe", "invalid_signature");
        metrics.rejected("stripe", "stale_timestamp");
        metrics.rejected("stripe", "invalid_signature");

        assertThat(registry.get("hooklane.webhooks.rejected").tags("source", "stripe", "reason", "invalid_signature")
                .counter().count()).isEqualTo(2);
        assertThat(registry.get("hooklane.webhooks.rejected").tags("source", "stripe", "reason", "stale_timestamp")
                .counter().count()).isEqualTo(1);
    }
}
