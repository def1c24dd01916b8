package io.hooklane.faults;

import io.hooklane.e2e.MetricsScrape;

/**
 * One destination's deliveries between two scrapes of a gateway's {@code /observe/metrics}, from the gateway's own
 * {@code hooklane_delivery_end_to_end_seconds} histogram: the time from routing an event to the destination's queue
 * to its successful delivery, so without the time the event waited to be routed.
 *
 * @param deliveries how many succeeded between the scrapes
 * @param seconds    the histogram bucket used: the largest at or under the limit asked for
 * @param within     of those, how many took at most {@code seconds}
 */
public record DeliveryStage(long deliveries, double seconds, long within) {

    private static final String TIMER = "hooklane_delivery_end_to_end_seconds";

    public static DeliveryStage between(MetricsScrape from, MetricsScrape to, String destination, double limitSeconds) {
        String le = to.samples(TIMER + "_bucket").stream()
                .filter(s -> destination.equals(s.labels().get("destination")))
                .map(s -> s.labels().get("le"))
                .filter(bound -> !bound.equals("+Inf") && Double.parseDouble(bound) <= limitSeconds)
                .max((a, b) -> Double.compare(Double.parseDouble(a), Double.parseDouble(b)))
                .orElseThrow(() -> new IllegalStateException("no " + TIMER + " bucket under " + limitSeconds
                        + " s for " + destination));
        long count = delta(from, to, TIMER + "_count", "destination", destination);
        long within = delta(from, to, TIMER + "_bucket", "destination", destination, "le", le);
        return new DeliveryStage(count, Double.parseDouble(le), within);
    }

    /** The share of the deliveries within {@link #seconds}; 0 without deliveries. */
    public double share() {
        return deliveries == 0 ? 0 : (double) within / deliveries;
    }

    @Override
    public String toString() {
        return String.format("%.1f%% of %d within %.1f s", 100 * share(), deliveries, seconds);
    }

    private static long delta(MetricsScrape from, MetricsScrape to, String name, String... labels) {
        return Math.round(to.value(name, labels) - from.value(name, labels));
    }
}
