package io.hooklane.ingest;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestWarmupStarterTest {

    @Test
    void readiness_is_down_until_the_warmup_has_run() throws Exception {
        List<Runnable> scheduled = new ArrayList<>();
        WarmupReadinessCheck readiness = new WarmupReadinessCheck();
        IngestWarmupStarter starter = new IngestWarmupStarter(readiness, 100, 5, "events", scheduled::add);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            readiness.setCamelContext(context);
            context.start();

            assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.DOWN);
            starter.onCamelContextFullyStarted(context, false);
            assertThat(scheduled).hasSize(1);
            assertThat(readiness.call().getState()).as("scheduled, not yet run").isEqualTo(HealthCheck.State.DOWN);
            assertThat(readiness.call().getMessage()).hasValueSatisfying(m -> assertThat(m).contains("warming up"));

            scheduled.get(0).run();
            assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void no_warmup_is_ready_at_once() throws Exception {
        WarmupReadinessCheck readiness = new WarmupReadinessCheck();
        IngestWarmupStarter starter = new IngestWarmupStarter(readiness, 0, 5, "events", task -> {
            throw new AssertionError("no warm-up to schedule");
        });
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            readiness.setCamelContext(context);
            starter.onCamelContextFullyStarted(context, false);
            assertThat(readiness.call().getState()).isEqualTo(HealthCheck.State.UP);
        }
    }

    @Test
    void refuses_a_negative_count_or_no_time_naming_the_key() {
        WarmupReadinessCheck readiness = new WarmupReadinessCheck();
        assertThatThrownBy(() -> new IngestWarmupStarter(readiness, -1, 5, "events", Runnable::run))
                .hasMessageContaining("hooklane.warmup.webhooks").hasMessageContaining("-1");
        assertThatThrownBy(() -> new IngestWarmupStarter(readiness, 10, 0, "events", Runnable::run))
                .hasMessageContaining("hooklane.warmup.max-seconds").hasMessageContaining("0");
    }

    @Test
    void refuses_a_warmup_over_http_it_cannot_run_naming_the_key_and_the_value() {
        IngestWarmupStarter starter = new IngestWarmupStarter(new WarmupReadinessCheck(), 10, 5, "events",
                Runnable::run);
        assertThatThrownBy(() -> starter.overHttp(-5, 32, "warmup"))
                .hasMessageContaining("hooklane.warmup.http-webhooks").hasMessageContaining("-5");
        assertThatThrownBy(() -> starter.overHttp(100, 0, "warmup"))
                .hasMessageContaining("hooklane.warmup.http-in-flight").hasMessageContaining("0");
        assertThatThrownBy(() -> starter.overHttp(100, 2000, "warmup"))
                .hasMessageContaining("hooklane.warmup.http-in-flight").hasMessageContaining("2000");
        assertThatThrownBy(() -> starter.overHttp(100, 32, " "))
                .hasMessageContaining("hooklane.topic.warmup").hasMessageContaining("hooklane.warmup.http-webhooks");
        // off: no topic needed
        assertThat(starter.overHttp(0, 32, null)).isSameAs(starter);
    }
}
