package io.hooklane.deliver;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the destinations: each one that cannot be connected to (unknown host, connection refused), in the
 * check's message ({@code /observe/health/ready?exposureLevel=full}) and, with since when, in its details
 * ({@code &data=true}). Always UP: a wrong destination URL must not take ingest out of the load balancer; its
 * events wait in Kafka and are retried.
 */
public final class DestinationsReadinessCheck extends AbstractHealthCheck {

    private final Supplier<DeliveryRegistry> registry;

    /** @param registry the running destinations (null while there are none) */
    public DestinationsReadinessCheck(Supplier<DeliveryRegistry> registry) {
        super("hooklane", "destinations");
        this.registry = registry;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DeliveryRegistry running = registry.get();
        Map<String, DeliveryRegistry.Destination> destinations =
                running == null ? Map.of() : new TreeMap<>(running.destinations());
        StringBuilder unreachable = new StringBuilder();
        StringBuilder message = new StringBuilder();
        destinations.forEach((name, destination) -> {
            ReachabilityState.Unreachable u = destination.unreachable();
            if (u != null) {
                unreachable.append(unreachable.isEmpty() ? "" : ",").append(name);
                message.append(message.isEmpty() ? "unreachable destinations: " : ", ").append(name).append(" (")
                        .append(u.reason().code()).append(')');
                // the reason only: the error text names the receiver's host, for the admin API (GET /admin/destinations)
                builder.detail("destination." + name, "unreachable since " + u.since() + ": " + u.reason().code());
            }
        });
        builder.detail("destinations", destinations.size());
        builder.detail("unreachable", unreachable.toString());
        if (!message.isEmpty()) {
            builder.message(message.toString());
        }
        builder.up();
    }
}
