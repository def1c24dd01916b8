package io.hooklane.metrics;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
        assertThat(registry.get("hooklane.delivery.duration").tags("destination", "pricing", "outcome", "delivered")
                .timer().count()).isEqualTo(1);
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

    @Test
    void an_agent_destinations_calls_are_served_at_zero_for_each_result_of_its_protocol_and_count_apart() {
        metrics.destination("support-agent", "mcp", CircuitBreaker.ofDefaults("support-agent"), () -> 0,
                () -> false);

        assertThat(registry.get("hooklane.destination.calls").tags("destination", "support-agent").counters())
                .extracting(c -> c.getId().getTag("result"))
                .containsExactlyInAnyOrder("completed", "tool_error", "input_required", "rpc_error", "http_4xx",
                        "http_5xx", "timeout", "transport_error");
        assertThat(registry.get("hooklane.destination.calls").tags("destination", "support-agent").counters())
                .allSatisfy(c -> assertThat(c.getId().getTag("protocol")).isEqualTo("mcp"))
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.get("hooklane.mcp.sessions").tags("destination", "support-agent").counters()).hasSize(2);

        metrics.called("support-agent", "tool_error");
        metrics.called("support-agent", "completed");
        metrics.called("support-agent", "completed");
        metrics.attempted("support-agent", Outcome.DELIVERED, Duration.ofMillis(40));
        metrics.mcpSession("support-agent", true);

        assertThat(registry.get("hooklane.destination.calls").tags("destination", "support-agent", "protocol", "mcp",
                "result", "completed").counter().count()).isEqualTo(2);
        assertThat(registry.get("hooklane.destination.calls").tags("destination", "support-agent", "result",
                "tool_error").counter().count()).isEqualTo(1);
        assertThat(registry.get("hooklane.delivery.duration").tags("destination", "support-agent", "protocol", "mcp",
                "outcome", "delivered").timer().count()).isEqualTo(1);
        assertThat(registry.get("hooklane.mcp.sessions").tags("destination", "support-agent", "reason", "expired")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("hooklane.mcp.sessions").tags("destination", "support-agent", "reason", "initial")
                .counter().count()).isZero();
    }

    @Test
    void a_plain_destinations_calls_are_labelled_http_and_no_mcp_sessions_are_served_for_it() {
        metrics.destination("crm", "http", CircuitBreaker.ofDefaults("crm"), () -> 0, () -> false);
        metrics.called("crm", "http_2xx");

        assertThat(registry.get("hooklane.destination.calls").tags("destination", "crm", "protocol", "http",
                "result", "http_2xx").counter().count()).isEqualTo(1);
        assertThat(registry.get("hooklane.destination.calls").tags("destination", "crm", "result", "http_5xx")
                .counter().count()).isZero();
        assertThat(registry.find("hooklane.mcp.sessions").tags("destination", "crm").counters()).isEmpty();
    }

    @Test
    void the_a2a_series_are_served_at_zero_and_count_pushes_by_result_and_polls() {
        java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger(3);
        metrics.a2a(waiting::get, java.util.List.of("accepted", "invalid_token"));

        assertThat(registry.get("hooklane.a2a.pushes").counters()).hasSize(2)
                .allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(registry.get("hooklane.a2a.polls").counter().count()).isZero();
        assertThat(registry.get("hooklane.a2a.tasks.waiting").gauge().value()).isEqualTo(3);

        metrics.a2aPush("invalid_token");
        metrics.a2aPoll();
        metrics.a2aPoll();
        waiting.set(0);

        assertThat(registry.get("hooklane.a2a.pushes").tag("result", "invalid_token").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("hooklane.a2a.pushes").tag("result", "accepted").counter().count()).isZero();
        assertThat(registry.get("hooklane.a2a.polls").counter().count()).isEqualTo(2);
        assertThat(registry.get("hooklane.a2a.tasks.waiting").gauge().value()).isZero();
    }

    @Test
    void a_destinations_call_stats_add_its_calls_by_result_and_its_attempts_mean_duration() {
        metrics.destination("support-agent", "a2a", CircuitBreaker.ofDefaults("support-agent"), () -> 0,
                () -> false);
        metrics.called("support-agent", "completed");
        metrics.called("support-agent", "timed_out");
        metrics.attempted("support-agent", Outcome.DELIVERED, Duration.ofMillis(100));
        metrics.attempted("support-agent", Outcome.RETRY, Duration.ofMillis(300));

        HooklaneMetrics.CallStats stats = metrics.callStats("support-agent");

        assertThat(stats.calls()).isEqualTo(2);
        assertThat(stats.byResult()).containsEntry("completed", 1L).containsEntry("timed_out", 1L)
                .containsEntry("failed", 0L);
        assertThat(stats.meanMillis()).isEqualTo(200.0);
        assertThat(stats.maxMillis()).isEqualTo(300.0);
        assertThat(stats.p99Millis()).as("SimpleMeterRegistry keeps no buckets").isNull();
        assertThat(new HooklaneMetrics(() -> null).callStats("support-agent")).isNull();
    }

    @Test
    void a_destinations_p99_is_the_bucket_that_holds_ninety_nine_percent_of_its_attempts() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        HooklaneMetrics served = new HooklaneMetrics(prometheus);
        served.destination("support-agent", "mcp", CircuitBreaker.ofDefaults("support-agent"), () -> 0,
                () -> false);
        for (int i = 0; i < 99; i++) {
            served.attempted("support-agent", Outcome.DELIVERED, Duration.ofMillis(10));
        }
        served.attempted("support-agent", Outcome.RETRY, Duration.ofMillis(900));

        assertThat(served.callStats("support-agent").p99Millis()).isBetween(10.0, 20.0);

        served.attempted("support-agent", Outcome.RETRY, Duration.ofMillis(900));
        served.attempted("support-agent", Outcome.RETRY, Duration.ofMillis(900));

        assertThat(served.callStats("support-agent").p99Millis()).isBetween(900.0, 1200.0);
        assertThat(served.callStats("support-agent").meanMillis()).isBetween(35.0, 37.0);
    }
}
