package io.hooklane.deliver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallResultsTest {

    @Test
    void an_http_call_is_counted_by_its_status_class_or_by_why_no_status_came() {
        assertThat(CallResults.of(new AttemptResult(204, null, null))).isEqualTo("http_2xx");
        assertThat(CallResults.of(new AttemptResult(429, "slow down", null))).isEqualTo("http_4xx");
        assertThat(CallResults.of(new AttemptResult(503, null, null))).isEqualTo("http_5xx");
        assertThat(CallResults.of(new AttemptResult(301, null, null))).isEqualTo("http_3xx");
        assertThat(CallResults.of(new AttemptResult(999, null, null))).isEqualTo("http_other");
        assertThat(CallResults.of(AttemptResults.timedOut(5000L))).isEqualTo("timeout");
        assertThat(CallResults.of(new AttemptResult(null, "ConnectException: Connection refused", null)))
                .isEqualTo("transport_error");
    }

    @Test
    void each_protocol_has_its_own_fixed_results_and_an_a2a_deadline_is_a_timed_out_task() {
        assertThat(CallResults.of("http")).contains("http_2xx", "timeout").doesNotContain("completed");
        assertThat(CallResults.of("mcp")).contains("completed", "tool_error", "rpc_error", "timeout");
        assertThat(CallResults.of("a2a")).contains("completed", "failed", "canceled", "rejected", "input_required",
                "timed_out");
        assertThat(CallResults.deadline("a2a")).isEqualTo("timed_out");
        assertThat(CallResults.deadline("mcp")).isEqualTo("timeout");
    }

    @Test
    void a_destination_with_a_protocol_hooklane_does_not_speak_is_refused_naming_both() {
        DeliveryEndpoint endpoint = new DeliveryEndpoint("hooklane-delivery:crm", new DeliveryComponent(), "crm");
        assertThat(endpoint.protocol()).isEqualTo("http");

        endpoint.setProtocol("grpc");
        assertThatThrownBy(endpoint::protocol).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'crm'").hasMessageContaining("'grpc'").hasMessageContaining("http, mcp, a2a");

        endpoint.setProtocol(" a2a ");
        assertThat(endpoint.protocol()).isEqualTo("a2a");
    }
}
