package io.hooklane.deliver;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.hc.client5.http.HttpHostConnectException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReachabilityTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-02T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void classifies_an_attempt_by_its_answer_or_the_type_of_its_failure() {
        assertThat(Reachability.of(503, null)).isEqualTo(Reachability.REACHED);
        assertThat(Reachability.of(null, new UnknownHostException("does-not-exist.invalid")))
                .isEqualTo(Reachability.UNKNOWN_HOST);
        assertThat(Reachability.of(null, new HttpHostConnectException("Connect to http://127.0.0.1:1 failed")))
                .isEqualTo(Reachability.CONNECTION_REFUSED);
        assertThat(Reachability.of(null, new NoRouteToHostException("no route")))
                .isEqualTo(Reachability.CONNECTION_REFUSED);
        assertThat(Reachability.of(null, new IOException("wrapped", new ConnectException("Connection refused"))))
                .isEqualTo(Reachability.CONNECTION_REFUSED);
        assertThat(Reachability.of(null, new SocketTimeoutException("Read timed out")))
                .isEqualTo(Reachability.NO_EVIDENCE);
        assertThat(Reachability.of(null, null)).isEqualTo(Reachability.NO_EVIDENCE);
        assertThat(Reachability.UNKNOWN_HOST.code()).isEqualTo("unknown_host");
    }

    @Test
    void is_set_by_consecutive_connection_failures_and_cleared_by_one_answer() {
        ReachabilityState state = new ReachabilityState("crm", 3, CLOCK);
        state.observe(Reachability.CONNECTION_REFUSED, "refused");
        state.observe(Reachability.CONNECTION_REFUSED, "refused");
        assertThat(state.unreachable()).isNull();
        // a timeout says nothing either way: the count goes on
        state.observe(Reachability.NO_EVIDENCE, "timeout");
        state.observe(Reachability.UNKNOWN_HOST, "UnknownHostException: crm.invalid");
        assertThat(state.unreachable()).isEqualTo(new ReachabilityState.Unreachable(CLOCK.instant(),
                Reachability.UNKNOWN_HOST, "UnknownHostException: crm.invalid"));

        state.observe(Reachability.REACHED, null);
        assertThat(state.unreachable()).isNull();
        state.observe(Reachability.CONNECTION_REFUSED, "refused");
        state.observe(Reachability.CONNECTION_REFUSED, "refused");
        assertThat(state.unreachable()).as("an answer restarts the count").isNull();
    }

    @Test
    void refuses_a_threshold_below_one_naming_the_key() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new DeliveryRegistry(
                        new io.hooklane.metrics.HooklaneMetrics(() -> null), 0, CLOCK))
                .hasMessageContaining("hooklane.delivery.unreachable-after").hasMessageContaining("0");
    }
}
