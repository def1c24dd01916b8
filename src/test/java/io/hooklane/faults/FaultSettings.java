package io.hooklane.faults;

import java.time.Duration;

/**
 * How hard the fault suite pushes: {@code short} by default (CI), {@code long} with {@code -Dhooklane.faults=long}
 * (the durations of issue 6).
 *
 * @param rate               requests a second the senders send, together (-Dhooklane.faults.rate overrides it)
 * @param loadAround         load before and after each outage
 * @param kills              how many times the gateway is killed with SIGKILL
 * @param loadBetweenKills   load between two kills (and after the last restart)
 * @param brokerOutage       how long the broker stays down
 * @param destinationOutage  how long the crm destination answers 503
 * @param twoInstanceLoad    load on the two instances
 * @param inFlightKill       the kill -9 with a slow destination's calls in flight
 */
public record FaultSettings(String mode, int rate, Duration loadAround, int kills, Duration loadBetweenKills,
                            Duration brokerOutage, Duration destinationOutage, Duration twoInstanceLoad,
                            InFlightKill inFlightKill) {

    /**
     * @param subjects        subjects (more than the destination's maxInFlight, so every place in flight is taken)
     * @param deliveredFirst  events per subject sent and delivered first (committed before the kill)
     * @param beforeKill      events per subject sent next, the kill coming with 256 of them in flight
     * @param afterRestart    events per subject sent to the restarted gateway
     * @param answer          how long the slow destination takes to answer each call
     */
    public record InFlightKill(int subjects, int deliveredFirst, int beforeKill, int afterRestart, Duration answer) {
    }

    public static final String PROPERTY = "hooklane.faults";
    public static final String RATE_PROPERTY = "hooklane.faults.rate";

    public static final FaultSettings SHORT = new FaultSettings("short", 30, Duration.ofSeconds(5), 2,
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(20),
            new InFlightKill(300, 1, 2, 1, Duration.ofSeconds(1)));

    public static final FaultSettings LONG = new FaultSettings("long", 30, Duration.ofSeconds(15), 5,
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(60),
            new InFlightKill(600, 1, 3, 2, Duration.ofSeconds(5)));

    public static FaultSettings fromSystemProperties() {
        String mode = System.getProperty(PROPERTY, "short").trim();
        FaultSettings settings = switch (mode) {
            case "short", "" -> SHORT;
            case "long" -> LONG;
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be 'short' or 'long' but was '" + mode + "'");
        };
        String rate = System.getProperty(RATE_PROPERTY, "").trim();
        if (rate.isEmpty()) {
            return settings;
        }
        if (!rate.matches("[1-9][0-9]{0,5}")) {
            throw new IllegalArgumentException(RATE_PROPERTY + " must be a positive number but was '" + rate + "'");
        }
        return new FaultSettings(settings.mode(), Integer.parseInt(rate), settings.loadAround(), settings.kills(),
                settings.loadBetweenKills(), settings.brokerOutage(), settings.destinationOutage(),
                settings.twoInstanceLoad(), settings.inFlightKill());
    }
}
