package io.hooklane.agent;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

import io.hooklane.event.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what agents decide to the inbound events topic ({@link AgentResponseEvent}), keyed by the triggering
 * event's key so a subject's events stay in order, for the routing rules to send on like any provider's event. The
 * delivery engine waits for the write before it counts the delivery done, so an agent's answer has the guarantees of
 * a webhook: acknowledged by Kafka (acks=all) or the delivery is tried again.
 *
 * <p>Chains are bounded: an answer that would be hop {@code maxHops + 1} is not written (logged and counted as
 * {@code hop_limit}), and routing never sends an agent's answer back to the destination that gave it.
 */
public final class AgentResponses {

    public static final String MAX_HOPS_KEY = "hooklane.agents.max-hops";
    public static final int MAX_HOPS_LIMIT = 20;

    /** What became of an answer. */
    public enum Published {
        WRITTEN, HOP_LIMIT
    }

    private static final Logger LOG = LoggerFactory.getLogger(AgentResponses.class);

    private final Producer<byte[], byte[]> producer;
    private final String eventsTopic;
    private final int maxHops;
    private final int maxEventBytes;
    private final Clock clock;
    private final MeterRegistry meters;
    /** Each destination's protocol and counters, so an answer finds its counter without building tags. */
    private final java.util.Map<String, DestinationCounters> counters = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param maxHops       the longest chain of agent answers (1 to {@value #MAX_HOPS_LIMIT})
     * @param maxEventBytes the largest event the topic takes; a larger answer is written without its output
     */
    public AgentResponses(Producer<byte[], byte[]> producer, String eventsTopic, int maxHops, int maxEventBytes,
                          Clock clock, MeterRegistry meters) {
        if (maxHops < 1 || maxHops > MAX_HOPS_LIMIT) {
            throw new IllegalArgumentException(MAX_HOPS_KEY + " must be between 1 and " + MAX_HOPS_LIMIT + " but was "
                    + maxHops);
        }
        this.producer = producer;
        this.eventsTopic = eventsTopic;
        this.maxHops = maxHops;
        this.maxEventBytes = maxEventBytes;
        this.clock = clock;
        this.meters = meters;
    }

    public int maxHops() {
        return maxHops;
    }

    /**
     * @param trigger the delivery record the agent answered (its value is the triggering CloudEvent)
     * @param reply   the agent's output as JSON, or null
     * @return completes once Kafka acknowledged the event (or at once when the hop limit stops it); completes
     *         exceptionally when the write fails
     */
    public CompletableFuture<Published> publish(String destination, String webhookId, String outcome,
                                                ConsumerRecord<byte[], byte[]> trigger, byte[] reply) {
        return publish(destination, webhookId, outcome, trigger, reply, null);
    }

    /**
     * As {@link #publish(String, String, String, ConsumerRecord, byte[])}, with the reason the agent gave for its
     * answer (a callback's {@code reason}), carried as the event's {@code reason} attribute.
     */
    public CompletableFuture<Published> publish(String destination, String webhookId, String outcome,
                                                ConsumerRecord<byte[], byte[]> trigger, byte[] reply, String reason) {
        EventEnvelope triggerEvent = EventEnvelope.of(trigger.headers(), trigger.value());
        AgentChain chain = AgentChain.of(trigger.value(), triggerEvent.id());
        if (chain.hops() + 1 > maxHops) {
            LOG.warn("Agent {} answered {} ({}): not routed on, the chain {} already has {} agent answer(s), the most"
                    + " {} allows", destination, triggerEvent.id(), outcome, chain.correlationId(), chain.hops(),
                    MAX_HOPS_KEY);
            counters(destination).dropped().increment();
            return CompletableFuture.completedFuture(Published.HOP_LIMIT);
        }
        AgentResponseEvent event = AgentResponseEvent.of(destination, webhookId, outcome, triggerEvent, chain, reply,
                reason, clock.instant());
        byte[] json = event.json();
        if (json.length > maxEventBytes) {
            byte[] note = ("{\"error\":\"reply_too_large\",\"bytes\":" + (reply == null ? 0 : reply.length) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            event = AgentResponseEvent.of(destination, webhookId, outcome, triggerEvent, chain, note, reason,
                    clock.instant());
            json = event.json();
        }
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(eventsTopic, trigger.key(), json);
        event.envelope().writeTo(record.headers());
        CompletableFuture<Published> written = new CompletableFuture<>();
        String type = event.envelope().type();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    written.completeExceptionally(failure);
                } else {
                    counters(destination).written(type).increment();
                    written.complete(Published.WRITTEN);
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    /**
     * Registers a destination's series at 0, so dashboards show 0 before its first answer, labelled with the protocol
     * its agent is reached by ({@code http}, {@code mcp}, {@code a2a}).
     */
    public void register(String destination, String protocol) {
        DestinationCounters registered = counters.compute(destination, (name, known) ->
                known != null && known.protocol.equals(protocol) ? known : new DestinationCounters(name, protocol));
        for (String outcome : AgentResponseEvent.OUTCOMES) {
            registered.written(AgentResponseEvent.TYPE_PREFIX + outcome);
        }
    }

    private DestinationCounters counters(String destination) {
        DestinationCounters found = counters.get(destination);
        return found != null ? found : counters.computeIfAbsent(destination,
                name -> new DestinationCounters(name, "http"));
    }

    /** One destination's answer counters: written by type, dropped at the hop limit. */
    private final class DestinationCounters {
        private final String destination;
        private final String protocol;
        private final Counter dropped;
        private final java.util.Map<String, Counter> written = new java.util.concurrent.ConcurrentHashMap<>();

        private DestinationCounters(String destination, String protocol) {
            this.destination = destination;
            this.protocol = protocol;
            this.dropped = Counter.builder("hooklane.agent.responses.dropped").tag("destination", destination)
                    .tag("protocol", protocol).tag("reason", "hop_limit").register(meters);
        }

        Counter dropped() {
            return dropped;
        }

        Counter written(String type) {
            Counter found = written.get(type);
            return found != null ? found : written.computeIfAbsent(type, t -> Counter
                    .builder("hooklane.agent.responses").tag("destination", destination).tag("protocol", protocol)
                    .tag("type", t).register(meters));
        }
    }
}
