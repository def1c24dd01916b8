package io.hooklane.faults;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issues 6 and 15: one command, zero acknowledged events lost. Five faults under load, each printing what was sent,
 * acknowledged, refused and delivered (also appended to target/faults/report.txt). Short durations by default;
 * {@code -Dhooklane.faults=long} runs the durations of the issue (docs/reliability.md).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteTest {

    private static final FaultSettings SETTINGS = FaultSettings.fromSystemProperties();

    @BeforeAll
    static void header() {
        FaultResult.append("# fault suite " + SETTINGS.mode() + ", " + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores: " + SETTINGS);
    }

    @Test
    @Order(1)
    void every_acknowledged_event_is_delivered_across_kill_9_restarts() {
        KillRestartScenario.Outcome outcome = KillRestartScenario.run(SETTINGS.kills(), SETTINGS.loadBetweenKills(),
                SETTINGS.rate());

        assertNothingLost(outcome.result());
        assertThat(outcome.exitStatuses()).as("every kill was a SIGKILL")
                .hasSize(SETTINGS.kills()).containsOnly(GatewayProcess.SIGKILL_EXIT);
        assertThat(outcome.ackedPerRun()).as("202s while each instance ran: the kills happened under load")
                .hasSize(SETTINGS.kills() + 1).allMatch(acked -> acked > 0);
    }

    @Test
    @Order(2)
    void the_gateway_refuses_with_503_while_the_broker_is_down_and_loses_nothing_it_acknowledged() {
        BrokerOutageScenario.Outcome outcome = BrokerOutageScenario.run(SETTINGS.loadAround(),
                SETTINGS.brokerOutage(), SETTINGS.rate());

        assertNothingLost(outcome.result());
        assertThat(outcome.ackedDuringOutage()).as("202s while the broker was down").isZero();
        assertThat(outcome.queueUnavailable()).as("503 queue_unavailable answers").isPositive();
        assertThat(outcome.ackedBefore()).as("202s before the outage").isPositive();
        assertThat(outcome.ackedAfter()).as("202s after the restart").isPositive();
    }

    @Test
    @Order(3)
    void a_failing_destination_opens_its_breaker_without_holding_up_the_others_and_catches_up() {
        DestinationOutageScenario.Outcome outcome =
                DestinationOutageScenario.run(SETTINGS.loadAround(), SETTINGS.destinationOutage(), SETTINGS.rate());

        assertNothingLost(outcome.result());
        assertThat(outcome.breakerOpenedAfter()).as("crm's breaker seen open during the outage").isNotNull();
        assertThat(outcome.breakerClosedAtEnd()).as("crm's breaker closed once crm answered 200 again").isTrue();
        assertThat(outcome.ackedWhileOpen()).as("202s while crm's breaker was open").isPositive();
        assertThat(outcome.supportAgentWhileOpen()).as("support-agent kept receiving while crm's breaker was open")
                .isGreaterThanOrEqualTo(outcome.ackedWhileOpen() / 2);
        // support-agent's delay is printed, not asserted: on 2 cores it measures the dispatch stage's throughput
        // (docs/reliability.md, findings 3 and 7), which varies with the machine's load, not the fault's isolation
    }

    @Test
    @Order(4)
    void two_instances_on_one_broker_share_the_work_obey_one_pause_and_lose_nothing() {
        TwoInstancesScenario.Outcome outcome = TwoInstancesScenario.run(SETTINGS.twoInstanceLoad(), SETTINGS.rate());

        assertNothingLost(outcome.result());
        assertThat(outcome.pausedBy()).as("the pause answer names the instance").isEqualTo("two-instances-a");
        assertThat(outcome.pauseSeenByB()).as("b obeyed a pause given to a").isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(outcome.ackedForCrmWhilePaused()).as("events for crm acknowledged while it was paused").isPositive();
        assertThat(outcome.crmDeliveredWhilePaused()).as("deliveries to crm while it was paused").isZero();
        assertThat(outcome.ackedA()).as("202s from instance a").isPositive();
        assertThat(outcome.ackedB()).as("202s from instance b").isPositive();
        assertThat(outcome.deliveredA()).as("deliveries by instance a").isPositive();
        assertThat(outcome.deliveredB()).as("deliveries by instance b").isPositive();
    }

    @Test
    @Order(5)
    void a_kill_9_with_256_calls_in_flight_to_a_slow_destination_loses_nothing_and_keeps_each_subject_in_order() {
        InFlightKillScenario.Outcome outcome = InFlightKillScenario.run(SETTINGS.inFlightKill());

        assertNothingLost(outcome.result());
        assertThat(outcome.exitStatus()).as("the kill was a SIGKILL").isEqualTo(GatewayProcess.SIGKILL_EXIT);
        assertThat(outcome.inFlightAtKill()).as("calls in flight at the destination when the gateway was killed")
                .isGreaterThanOrEqualTo(InFlightKillScenario.MAX_IN_FLIGHT);
        assertThat(outcome.result().acked()).as("every event sent was acknowledged").isEqualTo(outcome.sent());
        assertThat(outcome.outOfOrder()).as("subjects whose events were first delivered out of order").isEmpty();
    }

    private static void assertNothingLost(FaultResult result) {
        List<String> lost = result.deliveries().lost();
        assertThat(lost.size()).as(result.line() + "; first lost: " + lost.subList(0, Math.min(10, lost.size())))
                .isZero();
    }
}
