package io.hooklane.deliver;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.CamelContext;

/** The running destinations: circuit breaker, paused flag and waiting events, for metrics and the admin API. */
public final class DeliveryRegistry {

    public static final String NAME = "hooklaneDeliveries";

    /** One destination's live state. */
    public static final class Destination {
        private final String name;
        private final DeliverySettings settings;
        private final CircuitBreaker breaker;
        private final AtomicBoolean paused = new AtomicBoolean();
        private final Map<Integer, Long> lagByLoop = new java.util.concurrent.ConcurrentHashMap<>();
        private final BreakerTransitions transitions;

        Destination(String name, DeliverySettings settings, CircuitBreaker breaker) {
            this.name = name;
            this.settings = settings;
            this.breaker = breaker;
            this.transitions = new BreakerTransitions(name, breaker);
        }

        public String name() { return name; }
        public DeliverySettings settings() { return settings; }
        public CircuitBreaker breaker() { return breaker; }
        public boolean paused() { return paused.get(); }
        public void pause() { paused.set(true); }
        public void resume() { paused.set(false); }

        /** Events in the queue not yet delivered, as last seen by the destination's consumers. */
        public long waitingEvents() {
            return lagByLoop.values().stream().mapToLong(Long::longValue).sum();
        }

        void reportLag(int loop, long lag) {
            lagByLoop.put(loop, lag);
        }

        /** Logs the breaker's transitions; knows until when it is open. */
        BreakerTransitions transitions() {
            return transitions;
        }
    }

    private final Map<String, Destination> destinations = new TreeMap<>();
    private final HooklaneMetrics metrics;

    public DeliveryRegistry(HooklaneMetrics metrics) {
        this.metrics = metrics;
    }

    static DeliveryRegistry of(CamelContext context) {
        DeliveryRegistry registry = context.getRegistry().lookupByNameAndType(NAME, DeliveryRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("no " + NAME + " bean in the registry");
        }
        return registry;
    }

    synchronized Destination register(DeliverySettings settings, CircuitBreaker breaker) {
        Destination destination = new Destination(settings.destination(), settings, breaker);
        Destination previous = destinations.put(settings.destination(), destination);
        if (previous != null && previous.paused()) {
            destination.pause();
        }
        metrics.destination(settings.destination(), breaker, destination::waitingEvents, destination::paused);
        return destination;
    }

    synchronized void unregister(String destination) {
        destinations.remove(destination);
    }

    public synchronized Map<String, Destination> destinations() {
        return Map.copyOf(destinations);
    }

    public synchronized Destination destination(String name) {
        return destinations.get(name);
    }

    DeliveryListener listener() {
        return metrics;
    }

}
