package io.hooklane.deliver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineSettingsTest {

    @Test
    void accepts_a_ten_minute_timeout_for_slow_agents_and_the_documented_values() {
        EngineSettings settings = EngineSettings.of("support-agent", 256, 1024, "subject", "callback", 600_000,
                600_000);

        assertThat(settings.ordering()).isEqualTo(EngineSettings.Ordering.SUBJECT);
        assertThat(settings.completion()).isEqualTo(EngineSettings.Completion.CALLBACK);
        assertThat(settings.attemptTimeout().toMinutes()).isEqualTo(10);
        assertThat(EngineSettings.of("crm", 1, 1, "none", "response", 1, 1).ordering())
                .isEqualTo(EngineSettings.Ordering.NONE);
    }

    @Test
    void refuses_a_timeout_above_ten_minutes_naming_the_destination_the_parameter_and_the_value() {
        assertThatThrownBy(() -> EngineSettings.of("crm", 256, 1024, "subject", "response", 600_001, 600_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("destination 'crm'").hasMessageContaining("timeoutMillis")
                .hasMessageContaining("600001");
    }

    @Test
    void refuses_unknown_ordering_or_completion_and_a_buffer_smaller_than_max_in_flight() {
        assertThatThrownBy(() -> EngineSettings.of("crm", 256, 1024, "key", "response", 1000, 1000))
                .hasMessageContaining("ordering must be subject or none but was 'key'");
        assertThatThrownBy(() -> EngineSettings.of("crm", 256, 1024, "subject", "webhook", 1000, 1000))
                .hasMessageContaining("completion must be response or callback but was 'webhook'");
        assertThatThrownBy(() -> EngineSettings.of("crm", 256, 100, "subject", "response", 1000, 1000))
                .hasMessageContaining("maxBuffered must be at least maxInFlight (256) but was 100");
        assertThatThrownBy(() -> EngineSettings.of("crm", 0, 100, "subject", "response", 1000, 1000))
                .hasMessageContaining("maxInFlight must be between 1 and 10000 but was 0");
    }
}
