package io.hooklane.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.deliver.DeliveryListener;
import io.hooklane.deliver.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Hooklane's own metrics, served by Camel at {@code /observe/metrics} (Prometheus). Names and labels are documented
 * in README "Operations"; the Grafana dashboard under docker/ queries them.
 */
public final class HooklaneMetrics implements DeliveryListener {

    private final Supplier<MeterRegistry> lookup;
    private volatile MeterRegistry registry;
    /**
     * Meters already registered, by name and tag values: a Micrometer builder's register() builds an id and runs the
     * registry's filters on every call, which the hot paths (every webhook, every delivery) should not pay.
     */
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();

    public HooklaneMetrics(MeterRegistry registry) {
        this(() -> registry);
    }

    /** @param lookup finds the registry Camel serves, once it exists (looked up at first use) */
    public HooklaneMetrics(Supplier<MeterRegistry> lookup) {
        this.lookup = lookup;
    }

    public MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            found = lookup.get();
            if (found == null) {
                throw new IllegalStateException("no meter registry yet");
            }
            registry = found;
        }
        return found;
    }

    public void received(String source) {
        counter("hooklane.webhooks.received", "Webhooks that reached a configured source", "source", source).increment();
    }

    public void accepted(String source) {
        counter("hooklane.webhooks.accepted", "Webhooks acknowledged with 202 after the broker's ack",
                "source", source).increment();
    }

    public void duplicate(String source) {
        counter("hooklane.webhooks.duplicate", "Verified webhooks whose id was already accepted",
                "source", source).increment();
    }

    public void rejected(String source, String reason) {
        cached("hooklane.webhooks.rejected", source + '\0' + reason, () -> Counter.builder("hooklane.webhooks.rejected")
                .description("Webhooks refused, by reason code")
                .tags("source", source, "reason", reason).register(registry()), Counter.class).increment();
    }

    public void unrouted() {
        cached("hooklane.events.unrouted", "", () -> Counter.builder("hooklane.events.unrouted")
                .description("Events no routing rule matched").register(registry()), Counter.class).increment();
    }

    /** An inbound record written to the routing dead-letter topic, by reason (unreadable_record, rule_failed, ...). */
    public void routingDeadLettered(String reason) {
        counter("hooklane.events.routing.dead.lettered", "Inbound records written to the routing dead-letter topic",
                "reason", reason).increment();
    }

    @Override
    public void attempted(String destination, Outcome outcome, Duration took) {
        cached("hooklane.delivery.duration", destination + '\0' + outcome.name(), () -> Timer
                .builder("hooklane.delivery.duration").description("Duration of one delivery attempt (HTTP call)")
                .tags("destination", destination, "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                .publishPercentileHistogram().register(registry()), Timer.class).record(took);
    }

    @Override
    public void delivered(String destination, String webhookId, int attempts, long enqueuedAtMillis) {
        counter("hooklane.deliveries.succeeded", "Events delivered (2xx)", "destination", destination).increment();
        long millis = System.currentTimeMillis() - enqueuedAtMillis;
        cached("hooklane.delivery.end.to.end", destination, () -> Timer.builder("hooklane.delivery.end.to.end")
                .description("From the event's routing to a destination to its successful delivery")
                .tag("destination", destination).publishPercentileHistogram().register(registry()), Timer.class)
                .record(Duration.ofMillis(Math.max(0, millis)));
    }

    @Override
    public void retrying(String destination) {
        counter("hooklane.deliveries.retried", "Delivery attempts that will be retried", "destination", destination)
                .increment();
    }

    @Override
    public void deadLettered(String destination, String reason) {
        Counter.builder("hooklane.deliveries.dead.lettered").description("Events written to the dead-letter topic")
                .tags("destination", destination, "reason", reason).register(registry()).increment();
    }

    /** The count of dedup id records that could not be written to the ids topic. */
    public void dedupFailedWrites(LongSupplier failedWrites) {
        FunctionCounter.builder("hooklane.dedup.failed.writes", failedWrites, LongSupplier::getAsLong)
                .description("Dedup id records that failed to reach Kafka (their events stand; a replay of such an "
                        + "id is caught only by the instance that saw it)")
                .register(registry());
    }

    /** Bytes of request bodies held by unfinished webhooks, against hooklane.ingest.max-pending-body-bytes. */
    public void pendingBodyBytes(LongSupplier held) {
        Gauge.builder("hooklane.ingest.pending.body.bytes", held, LongSupplier::getAsLong)
                .description("Bytes of request bodies held by webhooks not yet answered (read or waiting for Kafka)")
                .strongReference(true).register(registry());
    }

    /** Gauges for one destination: circuit-breaker state (one series per state, 1 for the current), waiting events. */
    public void destination(String destination, CircuitBreaker breaker, Supplier<Number> waiting,
                            Supplier<Boolean> paused) {
        for (CircuitBreaker.State state : new CircuitBreaker.State[] {
                CircuitBreaker.State.CLOSED, CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN}) {
            Gauge.builder("hooklane.circuit.breaker.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("1 for the destination's current circuit-breaker state")
                    .tags("destination", destination, "state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .strongReference(true).register(registry());
        }
        Gauge.builder("hooklane.destination.waiting.events", waiting, s -> s.get().doubleValue())
                .description("Events in the destination's queue not yet delivered (consumer lag)")
                .tag("destination", destination).strongReference(true).register(registry());
        Gauge.builder("hooklane.destination.paused", paused, s -> s.get() ? 1 : 0)
                .description("1 while an operator has paused the destination").tag("destination", destination)
                .strongReference(true).register(registry());
    }

    private Counter counter(String name, String description, String tag, String value) {
        return cached(name, value, () -> Counter.builder(name).description(description).tag(tag, value)
                .register(registry()), Counter.class);
    }

    private <M extends Meter> M cached(String name, String tagValues, Supplier<M> register, Class<M> type) {
        return type.cast(meters.computeIfAbsent(name + '\0' + tagValues, key -> register.get()));
    }
}
