package io.hooklane.deliver;

import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.CamelContext;

/** The running destinations and their circuit breakers, for health, metrics and the admin API. */
public final class DeliveryRegistry {

    public static final String NAME = "hooklaneDeliveries";

    private final Map<String, CircuitBreaker> breakers = new TreeMap<>();
    private final DeliveryListener listener;

    public DeliveryRegistry(DeliveryListener listener) {
        this.listener = listener;
    }

    static DeliveryRegistry of(CamelContext context) {
        DeliveryRegistry registry = context.getRegistry().lookupByNameAndType(NAME, DeliveryRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("no " + NAME + " bean in the registry");
        }
        return registry;
    }

    synchronized void register(String destination, CircuitBreaker breaker) {
        breakers.put(destination, breaker);
    }

    synchronized void unregister(String destination) {
        breakers.remove(destination);
    }

    public synchronized Map<String, CircuitBreaker> breakers() {
        return Map.copyOf(breakers);
    }

    DeliveryListener listener() {
        return listener;
    }
}
