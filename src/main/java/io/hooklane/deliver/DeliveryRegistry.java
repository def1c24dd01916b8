package io.hooklane.deliver;

import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.control.PauseState;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.CamelContext;

/**
 * The running destinations: circuit breaker, pause state and waiting events, for metrics and the admin API. Pause
 * states come from the control topic ({@link #apply}), in its order: they are kept for destinations not (yet)
 * running here too, so a destination starts paused when the topic says so.
 */
public final class DeliveryRegistry {

    public static final String NAME = "hooklaneDeliveries";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeliveryRegistry.class);

    /** One destination's live state. */
    public static final class Destination {
        private final String name;
        private final DeliverySettings settings;
        private final String protocol;
        private final CircuitBreaker breaker;
        private volatile PauseState pause;
        private final Map<Integer, Long> lagByLoop = new java.util.concurrent.ConcurrentHashMap<>();
        private final BreakerTransitions transitions;
        private final DestinationLoad load;
        private volatile ReachabilityState reachability;

        Destination(String name, DeliverySettings settings, String protocol, CircuitBreaker breaker,
                    DestinationLoad load) {
            this.name = name;
            this.settings = settings;
            this.protocol = protocol;
            this.breaker = breaker;
            this.transitions = new BreakerTransitions(name, breaker);
            this.load = load;
        }

        /** Calls in flight, records held, parked subjects and the oldest undelivered record's age. */
        public DestinationLoad load() { return load; }

        public String name() { return name; }
        public DeliverySettings settings() { return settings; }
        /** How its route reaches it: {@code http}, {@code mcp} or {@code a2a}. */
        public String protocol() { return protocol; }
        public CircuitBreaker breaker() { return breaker; }
        public boolean paused() {
            PauseState state = pause;
            return state != null && state.paused();
        }

        /** Who paused the destination, and when; null while it is not paused. */
        public PauseState pause() {
            PauseState state = pause;
            return state != null && state.paused() ? state : null;
        }

        /** Events in the queue not yet delivered, as last seen by the destination's consumers. */
        public long waitingEvents() {
            return lagByLoop.values().stream().mapToLong(Long::longValue).sum();
        }

        void reportLag(int loop, long lag) {
            lagByLoop.put(loop, lag);
        }

        /** Whether the destination could not be connected to (unknown host, connection refused), since when. */
        public ReachabilityState.Unreachable unreachable() {
            ReachabilityState state = reachability;
            return state == null ? null : state.unreachable();
        }

        /** Logs the breaker's transitions; knows until when it is open. */
        BreakerTransitions transitions() {
            return transitions;
        }
    }

    /** The most pause states kept: the control topic is written by other parties too (docs/security.md). */
    static final int MAX_PAUSE_STATES = 10_000;

    private record Applied(PauseState state, long offset) {
    }

    private final Map<String, Destination> destinations = new TreeMap<>();
    private final Map<String, Applied> pauses = new java.util.HashMap<>();
    private final HooklaneMetrics metrics;
    private final int unreachableAfter;
    private final java.time.Clock clock;

    public DeliveryRegistry(HooklaneMetrics metrics) {
        this(metrics, 3, java.time.Clock.systemUTC());
    }

    /** @param unreachableAfter consecutive attempts that cannot connect before a destination counts as unreachable */
    public DeliveryRegistry(HooklaneMetrics metrics, int unreachableAfter, java.time.Clock clock) {
        if (unreachableAfter < 1) {
            throw new IllegalArgumentException("hooklane.delivery.unreachable-after must be at least 1, not "
                    + unreachableAfter);
        }
        this.metrics = metrics;
        this.unreachableAfter = unreachableAfter;
        this.clock = clock;
    }

    static DeliveryRegistry of(CamelContext context) {
        DeliveryRegistry registry = context.getRegistry().lookupByNameAndType(NAME, DeliveryRegistry.class);
        if (registry == null) {
            throw new IllegalStateException("no " + NAME + " bean in the registry");
        }
        return registry;
    }

    synchronized Destination register(DeliverySettings settings, CircuitBreaker breaker, DestinationLoad load) {
        return register(settings, CallResults.HTTP, breaker, load);
    }

    synchronized Destination register(DeliverySettings settings, String protocol, CircuitBreaker breaker,
                                      DestinationLoad load) {
        Destination destination = new Destination(settings.destination(), settings, protocol, breaker, load);
        Applied applied = pauses.get(settings.destination());
        destination.pause = applied == null ? null : applied.state();
        if (destination.paused()) {
            LOG.info("Destination {} starts paused (paused by {} at {})", settings.destination(),
                    applied.state().by(), applied.state().at());
        }
        destinations.put(settings.destination(), destination);
        metrics.destination(settings.destination(), protocol, breaker, destination::waitingEvents,
                destination::paused);
        metrics.destinationLoad(settings.destination(), load);
        destination.reachability = new ReachabilityState(settings.destination(), unreachableAfter, clock);
        metrics.unreachable(settings.destination(), () -> unreachable(settings.destination()));
        return destination;
    }

    synchronized void unregister(String destination) {
        destinations.remove(destination);
    }

    /**
     * A destination's pause state read from (or just written to) the control topic at {@code offset}; a state older
     * than the one applied is ignored.
     */
    public synchronized void apply(String destination, PauseState state, long offset) {
        Applied current = pauses.get(destination);
        if (current != null && current.offset() >= offset) {
            return;
        }
        Destination running = destinations.get(destination);
        if (current == null && running == null && pauses.size() >= MAX_PAUSE_STATES) {
            return;
        }
        pauses.put(destination, new Applied(state, offset));
        if (running != null) {
            boolean was = running.paused();
            running.pause = state;
            if (was != state.paused()) {
                LOG.info("Destination {} {} by {} at {}", destination, state.paused() ? "paused" : "resumed",
                        state.by(), state.at());
            }
        }
    }

    public synchronized Map<String, Destination> destinations() {
        return Map.copyOf(destinations);
    }

    public synchronized Destination destination(String name) {
        return destinations.get(name);
    }

    /**
     * What one attempt to {@code destination} came to, for its reachability: any HTTP answer, or the failure that
     * kept one from arriving (null when unknown).
     */
    public void attempted(String destination, AttemptResult result, Throwable failure) {
        Destination running = destination(destination);
        ReachabilityState state = running == null ? null : running.reachability;
        if (state != null) {
            state.observe(Reachability.of(result.status(), failure), result.error());
        }
    }

    /** Whether the running destination of this name is unreachable (false when none runs). */
    public boolean unreachable(String destination) {
        Destination running = destination(destination);
        return running != null && running.unreachable() != null;
    }

    DeliveryListener listener() {
        return metrics;
    }

}
