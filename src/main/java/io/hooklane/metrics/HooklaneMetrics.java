package io.hooklane.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.agent.AgentListener;
import io.hooklane.deliver.CallResults;
import io.hooklane.deliver.DeadLetter;
import io.hooklane.deliver.DeliveryListener;
import io.hooklane.deliver.DestinationLoad;
import io.hooklane.deliver.Outcome;
import io.hooklane.dispatch.RoutingFailure;
import io.hooklane.ingest.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;

/**
 * Hooklane's own metrics, served by Camel at {@code /observe/metrics} (Prometheus). Names and labels are documented
 * in README "Operations"; the Grafana dashboard under docker/ queries them.
 */
public final class HooklaneMetrics implements DeliveryListener, AgentListener {

    private final Supplier<MeterRegistry> lookup;
    private volatile MeterRegistry registry;
    /**
     * Meters already registered, by name and tag values: a Micrometer builder's register() builds an id and runs the
     * registry's filters on every call, which the hot paths (every webhook, every delivery) should not pay.
     */
    private final Map<String, Meter> meters = new ConcurrentHashMap<>();
    /** Each destination's per-attempt meters, found with one lookup by its name. */
    private final Map<String, DestinationMeters> destinations = new ConcurrentHashMap<>();

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

    /**
     * A configured source's series, at 0 until something happens: received, accepted, duplicate, and rejected for
     * every reason a configured source can give (and the unknown source's {@code unknown_source}).
     */
    public void source(String source) {
        if (!served()) {
            return;
        }
        receivedCounter(source);
        acceptedCounter(source);
        duplicateCounter(source);
        for (RejectReason reason : RejectReason.values()) {
            if (reason != RejectReason.UNKNOWN_SOURCE) {
                rejectedCounter(source, reason.code());
            }
        }
        rejectedCounter("unknown", RejectReason.UNKNOWN_SOURCE.code());
    }

    /** The routing tier's series at 0: unrouted events and routing dead letters for every reason. */
    public void routing() {
        if (!served()) {
            return;
        }
        unroutedCounter();
        for (RoutingFailure failure : RoutingFailure.values()) {
            routingDeadLetteredCounter(failure.code());
        }
    }

    public void received(String source) {
        receivedCounter(source).increment();
    }

    public void accepted(String source) {
        acceptedCounter(source).increment();
    }

    public void duplicate(String source) {
        duplicateCounter(source).increment();
    }

    public void rejected(String source, String reason) {
        rejectedCounter(source, reason).increment();
    }

    public void unrouted() {
        unroutedCounter().increment();
    }

    /** An inbound record written to the routing dead-letter topic, by reason (unreadable_record, rule_failed, ...). */
    public void routingDeadLettered(String reason) {
        routingDeadLetteredCounter(reason).increment();
    }

    @Override
    public void attempted(String destination, Outcome outcome, Duration took) {
        meters(destination).durations[outcome.ordinal()].record(took);
    }

    @Override
    public void called(String destination, String result) {
        meters(destination).call(result).increment();
    }

    @Override
    public void mcpSession(String destination, boolean expired) {
        mcpSessionCounter(destination, expired ? "expired" : "initial").increment();
    }

    @Override
    public void a2aPush(String result) {
        a2aPushCounter(result).increment();
    }

    @Override
    public void a2aPoll() {
        a2aPollCounter().increment();
    }

    /**
     * The A2A series, at 0 from the start: pushes by result, polls, and the gauge of tasks waiting to settle.
     *
     * @param pushResults every result a push can have ({@code accepted} and the refusals' codes)
     */
    public void a2a(java.util.function.IntSupplier waitingTasks, java.util.List<String> pushResults) {
        if (!served()) {
            return;
        }
        pushResults.forEach(this::a2aPushCounter);
        a2aPollCounter();
        Gauge.builder("hooklane.a2a.tasks.waiting", waitingTasks, java.util.function.IntSupplier::getAsInt)
                .description("A2A tasks the agents accepted and have not settled yet (Hooklane waits for a push or"
                        + " polls)")
                .strongReference(true).register(registry());
    }

    /**
     * One destination's calls and latency since start, for the admin API: calls by result; the mean, the 99th
     * percentile (to its histogram bucket) and the longest recent duration of its attempts; and what its agent
     * decided (answers written as events, by outcome).
     */
    public CallStats callStats(String destination) {
        if (!served()) {
            return null;
        }
        MeterRegistry found = registry();
        Map<String, Long> byResult = new java.util.TreeMap<>();
        for (Counter counter : found.find("hooklane.destination.calls").tag("destination", destination).counters()) {
            byResult.merge(counter.getId().getTag("result"), (long) counter.count(), Long::sum);
        }
        long count = 0;
        double totalMillis = 0;
        double maxMillis = 0;
        // the timers' histogram buckets (cumulative, since start), added up across outcomes by upper bound
        Map<Double, Double> buckets = new java.util.TreeMap<>();
        for (Timer timer : found.find("hooklane.delivery.duration").tag("destination", destination).timers()) {
            HistogramSnapshot snapshot = timer.takeSnapshot();
            count += snapshot.count();
            totalMillis += snapshot.total(java.util.concurrent.TimeUnit.MILLISECONDS);
            maxMillis = Math.max(maxMillis, snapshot.max(java.util.concurrent.TimeUnit.MILLISECONDS));
            for (CountAtBucket bucket : snapshot.histogramCounts()) {
                buckets.merge(bucket.bucket(java.util.concurrent.TimeUnit.MILLISECONDS), bucket.count(), Double::sum);
            }
        }
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        for (Counter counter : found.find("hooklane.agent.responses").tag("destination", destination).counters()) {
            String type = counter.getId().getTag("type");
            outcomes.merge(type == null ? "unknown" : type.substring(type.lastIndexOf('.') + 1),
                    (long) counter.count(), Long::sum);
        }
        return new CallStats(byResult.values().stream().mapToLong(Long::longValue).sum(), byResult,
                count == 0 ? 0 : totalMillis / count, p99(buckets, count), maxMillis, outcomes);
    }

    /**
     * The upper bound of the first bucket holding 99 % of the attempts, or null when there are no attempts, no
     * buckets (a registry without histograms), counts that are not cumulative, or when the 99th percentile lies past
     * the last bucket.
     */
    private static Double p99(Map<Double, Double> cumulative, long count) {
        if (count == 0) {
            return null;
        }
        double rank = Math.ceil(0.99 * count);
        double previous = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() < previous) {
                return null;
            }
            if (bucket.getValue() >= rank) {
                return bucket.getKey();
            }
            previous = bucket.getValue();
        }
        return null;
    }

    /**
     * @param calls        calls made since start (every attempt's call)
     * @param byResult     those calls by result ({@code http_2xx}, {@code completed}, {@code tool_error}, ...)
     * @param meanMillis   the mean duration of an attempt since start
     * @param p99Millis    the upper bound of the histogram bucket that holds the 99th percentile of the attempts since
     *                     start (null when unknown)
     * @param maxMillis    the longest attempt of the last few minutes
     * @param agentOutcomes the agent's answers written as events, by outcome ({@code completed}, {@code failed}, ...)
     */
    public record CallStats(long calls, Map<String, Long> byResult, double meanMillis, Double p99Millis,
                            double maxMillis, Map<String, Long> agentOutcomes) {
    }

    @Override
    public void delivered(String destination, String webhookId, int attempts, long enqueuedAtMillis) {
        succeededCounter(destination).increment();
        long millis = System.currentTimeMillis() - enqueuedAtMillis;
        endToEndTimer(destination).record(Duration.ofMillis(Math.max(0, millis)));
    }

    @Override
    public void retrying(String destination) {
        retriedCounter(destination).increment();
    }

    @Override
    public void deadLettered(String destination, String reason) {
        deadLetteredCounter(destination, reason).increment();
    }

    /** The count of dedup id records that could not be written to the ids topic. */
    public void dedupFailedWrites(LongSupplier failedWrites) {
        FunctionCounter.builder("hooklane.dedup.failed.writes", failedWrites, LongSupplier::getAsLong)
                .description("Dedup id records that failed to reach Kafka (their events stand; a replay of such an "
                        + "id is caught only by the instance that saw it)")
                .register(registry());
    }

    /**
     * How full one Kafka producer's requests are ({@code producer}: ingest, the events' producer every source shares;
     * dedup-ids, the writer of accepted ids): produce requests a second, records per request, and the seconds a
     * record waits in its batch. Fewer, fuller requests spare the broker; see camel.component.kafka.producer-batch-size.
     */
    public void kafkaProducer(String producer, Supplier<io.hooklane.kafka.ProducerLoad> load) {
        MeterRegistry registry = registry();
        Gauge.builder("hooklane.kafka.producer.requests.per.second", load, l -> l.get().requestsPerSecond())
                .description("Requests a second, nearly all of them produce requests (the producer's last 30 s or so)")
                .tag("producer", producer).strongReference(true).register(registry);
        Gauge.builder("hooklane.kafka.producer.records.per.request", load, l -> l.get().recordsPerRequest())
                .description("Records in one produce request, on average")
                .tag("producer", producer).strongReference(true).register(registry);
        Gauge.builder("hooklane.kafka.producer.record.queue.seconds", load, l -> l.get().queueSeconds())
                .description("How long a record waited in its batch before its request was sent, on average")
                .tag("producer", producer).strongReference(true).register(registry);
    }

    /** Bytes of request bodies held by unfinished webhooks, against hooklane.ingest.max-pending-body-bytes. */
    public void pendingBodyBytes(LongSupplier held) {
        Gauge.builder("hooklane.ingest.pending.body.bytes", held, LongSupplier::getAsLong)
                .description("Bytes of request bodies held by webhooks not yet answered (read or waiting for Kafka)")
                .strongReference(true).register(registry());
    }

    /**
     * One destination's series: gauges for its circuit-breaker state (one series per state, 1 for the current),
     * waiting events and pause; counters (succeeded, retried, dead-lettered by reason, calls by result) and timers
     * (attempt duration by outcome, end to end) at 0 until its first delivery. Its attempt timers and calls carry its
     * protocol ({@code http}, {@code mcp}, {@code a2a}), with one call series per result the protocol has; an
     * {@code mcp} destination's session counters are served too.
     */
    public void destination(String destination, String protocol, CircuitBreaker breaker, Supplier<Number> waiting,
                            Supplier<Boolean> paused) {
        succeededCounter(destination);
        retriedCounter(destination);
        deadLetteredCounter(destination, DeadLetter.PERMANENT_FAILURE);
        deadLetteredCounter(destination, DeadLetter.RETRIES_EXHAUSTED);
        DestinationMeters registered = destinations.compute(destination, (name, known) ->
                known != null && known.protocol.equals(protocol) ? known : new DestinationMeters(name, protocol));
        CallResults.of(protocol).forEach(registered::call);
        if (CallResults.MCP.equals(protocol)) {
            mcpSessionCounter(destination, "initial");
            mcpSessionCounter(destination, "expired");
        }
        endToEndTimer(destination);
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

    /**
     * One destination's delivery engine: calls in flight, parked subjects (waiting for a retry, their later events
     * behind them) and the age of the oldest event not yet delivered or dead-lettered (0 when none).
     */
    public void destinationLoad(String destination, DestinationLoad load) {
        Gauge.builder("hooklane.destination.in.flight", load, DestinationLoad::inFlight)
                .description("Calls to the destination in flight (callback waits included)")
                .tag("destination", destination).strongReference(true).register(registry());
        Gauge.builder("hooklane.destination.parked.subjects", load, DestinationLoad::parkedSubjects)
                .description("Subjects waiting for a retry; their later events wait behind them")
                .tag("destination", destination).strongReference(true).register(registry());
        Gauge.builder("hooklane.destination.oldest.waiting.seconds", load,
                        l -> l.oldestWaitingSeconds(System.currentTimeMillis()))
                .description("Age of the oldest event taken from the queue and not yet delivered or dead-lettered")
                .tag("destination", destination).strongReference(true).register(registry());
    }

    /** 1 while the destination cannot be connected to (unknown host, connection refused), 0 from the start. */
    public void unreachable(String destination, java.util.function.BooleanSupplier unreachable) {
        Gauge.builder("hooklane.destination.unreachable", unreachable, s -> s.getAsBoolean() ? 1 : 0)
                .description("1 while the destination's host does not resolve or refuses connections")
                .tag("destination", destination).strongReference(true).register(registry());
    }

    private Counter receivedCounter(String source) {
        return counter("hooklane.webhooks.received", "Webhooks that reached a configured source", "source", source);
    }

    private Counter acceptedCounter(String source) {
        return counter("hooklane.webhooks.accepted", "Webhooks acknowledged with 202 after the broker's ack",
                "source", source);
    }

    private Counter duplicateCounter(String source) {
        return counter("hooklane.webhooks.duplicate", "Verified webhooks whose id was already accepted",
                "source", source);
    }

    private Counter rejectedCounter(String source, String reason) {
        return cached("hooklane.webhooks.rejected", source + '\0' + reason, () -> Counter
                .builder("hooklane.webhooks.rejected").description("Webhooks refused, by reason code")
                .tags("source", source, "reason", reason).register(registry()), Counter.class);
    }

    private Counter unroutedCounter() {
        return cached("hooklane.events.unrouted", "", () -> Counter.builder("hooklane.events.unrouted")
                .description("Events no routing rule matched").register(registry()), Counter.class);
    }

    private Counter routingDeadLetteredCounter(String reason) {
        return counter("hooklane.events.routing.dead.lettered",
                "Inbound records written to the routing dead-letter topic", "reason", reason);
    }

    private Counter succeededCounter(String destination) {
        return counter("hooklane.deliveries.succeeded", "Events delivered (2xx)", "destination", destination);
    }

    private Counter retriedCounter(String destination) {
        return counter("hooklane.deliveries.retried", "Delivery attempts that will be retried",
                "destination", destination);
    }

    private Counter deadLetteredCounter(String destination, String reason) {
        return cached("hooklane.deliveries.dead.lettered", destination + '\0' + reason, () -> Counter
                .builder("hooklane.deliveries.dead.lettered").description("Events written to the dead-letter topic")
                .tags("destination", destination, "reason", reason).register(registry()), Counter.class);
    }

    private DestinationMeters meters(String destination) {
        DestinationMeters found = destinations.get(destination);
        return found != null ? found : destinations.computeIfAbsent(destination,
                name -> new DestinationMeters(name, CallResults.HTTP));
    }

    private Counter mcpSessionCounter(String destination, String reason) {
        return cached("hooklane.mcp.sessions", destination + '\0' + reason, () -> Counter
                .builder("hooklane.mcp.sessions")
                .description("MCP sessions initialised, by reason: the first, or a new one after the server forgot one")
                .tags("destination", destination, "reason", reason).register(registry()), Counter.class);
    }

    private Counter a2aPushCounter(String result) {
        return counter("hooklane.a2a.pushes", "A2A push notifications received, accepted or refused by reason",
                "result", result);
    }

    private Counter a2aPollCounter() {
        return cached("hooklane.a2a.polls", "", () -> Counter.builder("hooklane.a2a.polls")
                .description("A2A GetTask calls made because no push came in time").register(registry()),
                Counter.class);
    }

    /**
     * A destination's meters on the path of every attempt, kept together so each attempt finds them with one lookup
     * by name and builds no tags: its attempt timers by outcome and its calls by result, labelled with its protocol.
     */
    private final class DestinationMeters {
        private final String name;
        private final String protocol;
        private final Timer[] durations = new Timer[Outcome.values().length];
        private final Map<String, Counter> calls = new ConcurrentHashMap<>();

        private DestinationMeters(String name, String protocol) {
            this.name = name;
            this.protocol = protocol;
            for (Outcome outcome : Outcome.values()) {
                durations[outcome.ordinal()] = Timer.builder("hooklane.delivery.duration")
                        .description("Duration of one delivery attempt (HTTP call, MCP tool call or A2A task)")
                        .tags("destination", name, "protocol", protocol,
                                "outcome", outcome.name().toLowerCase(java.util.Locale.ROOT))
                        .publishPercentileHistogram().register(registry());
            }
        }

        private Counter call(String result) {
            Counter found = calls.get(result);
            return found != null ? found : calls.computeIfAbsent(result, r -> Counter
                    .builder("hooklane.destination.calls")
                    .description("Calls to the destination, by how they ended (HTTP status class, the agent's result)")
                    .tags("destination", name, "protocol", protocol, "result", r).register(registry()));
        }
    }

    private Timer endToEndTimer(String destination) {
        return cached("hooklane.delivery.end.to.end", destination, () -> Timer.builder("hooklane.delivery.end.to.end")
                .description("From the event's routing to a destination to its successful delivery")
                .tag("destination", destination).publishPercentileHistogram().register(registry()), Timer.class);
    }

    /** Whether the registry Camel serves exists (not when camel.metrics.enabled=false). */
    private boolean served() {
        try {
            registry();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private Counter counter(String name, String description, String tag, String value) {
        return cached(name, value, () -> Counter.builder(name).description(description).tag(tag, value)
                .register(registry()), Counter.class);
    }

    private <M extends Meter> M cached(String name, String tagValues, Supplier<M> register, Class<M> type) {
        return type.cast(meters.computeIfAbsent(name + '\0' + tagValues, key -> register.get()));
    }
}
