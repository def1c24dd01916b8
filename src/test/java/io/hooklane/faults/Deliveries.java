package io.hooklane.faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.hooklane.e2e.TestReceiver;

/**
 * The receiver's side of the ledger: for every acknowledged event, whether each destination the routing table
 * (routes/routing.camel.yaml) sends it to answered 2xx at least once.
 *
 * @param due          deliveries owed: one per acknowledged event and destination
 * @param distinct     of those, the ones that arrived (2xx) at least once
 * @param deliveries   2xx deliveries of acknowledged events in all, repeats included
 * @param lost         the owed deliveries that never arrived, as {@code eventId -> destination}
 * @param unacknowledged events delivered that no sender saw a 202 for (written, but the answer was lost)
 */
public record Deliveries(long due, long distinct, long deliveries, List<String> lost, long unacknowledged) {

    /** The destinations of the event types the scenarios send, as routes/routing.camel.yaml has them. */
    public static final Map<String, Set<String>> ROUTES = Map.of(
            "customer.updated", Set.of("crm"),
            "payment.failed", Set.of("support-agent", "crm"),
            "inventory.updated", Set.of("pricing"),
            "shipment.updated", Set.of("support-agent"));

    public long duplicates() {
        return deliveries - distinct;
    }

    public static Deliveries count(List<Ledger.Ack> acks, TestReceiver receiver) {
        long due = 0;
        long distinct = 0;
        long deliveries = 0;
        List<String> lost = new ArrayList<>();
        Set<String> acked = new HashSet<>();
        for (Ledger.Ack ack : acks) {
            acked.add(ack.id());
            List<TestReceiver.Received> received = receiver.forEvent(ack.id()).stream()
                    .filter(r -> r.answered() / 100 == 2).toList();
            deliveries += received.size();
            for (String destination : routes(ack.type())) {
                due++;
                if (received.stream().anyMatch(r -> r.destination().equals(destination))) {
                    distinct++;
                } else {
                    lost.add(ack.id() + " -> " + destination);
                }
            }
        }
        long unacknowledged = receiver.eventIds().stream().filter(id -> !acked.contains(id))
                .filter(id -> receiver.forEvent(id).stream().anyMatch(r -> r.answered() / 100 == 2)).count();
        return new Deliveries(due, distinct, deliveries, List.copyOf(lost), unacknowledged);
    }

    private static Set<String> routes(String type) {
        Set<String> destinations = ROUTES.get(type);
        if (destinations == null) {
            throw new IllegalArgumentException("no route known for event type " + type + "; known: " + ROUTES.keySet());
        }
        return destinations;
    }
}
