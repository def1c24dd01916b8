package io.hooklane.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.hooklane.agent.AgentResponseEvent;
import io.hooklane.event.EventEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes the body (the event's bytes) to the destination's queue, keyed like the inbound record (header
 * {@value #KEY}), so one subject's events stay in order, with the event's attributes as {@link EventEnvelope}
 * headers. Inside a dispatch batch the write is only sent and tracked (the dispatch loop waits for the whole poll's
 * writes at once), and skipped when an earlier attempt at the same event already wrote it. Anywhere else it waits for the broker's acknowledgement.
 */
final class QueueProducer extends DefaultProducer {

    /** The Kafka key of the delivery record (bytes), as set by the dispatch consumer from the inbound record. */
    static final String KEY = "kafka.KEY";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QueueProducer.class);
    private static final long STANDALONE_TIMEOUT_SECONDS = 30;

    private final QueueEndpoint endpoint;

    QueueProducer(QueueEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        byte[] value = exchange.getMessage().getMandatoryBody(byte[].class);
        byte[] key = exchange.getMessage().getHeader(KEY, byte[].class);
        Producer<byte[], byte[]> kafka = endpoint.kafka();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(endpoint.topic(), key, value);
        // the attributes go along as headers, so delivery need not parse the event for them
        try {
            EventEnvelope envelope = InboundEvent.envelopeOf(
                    exchange.getProperty(InboundEvent.PROPERTY, InboundEvent.class), value);
            if (AgentResponseEvent.producedBy(envelope, endpoint.getDestination())) {
                // an agent's answer never goes back to the agent that gave it, whatever the rules say: no loops
                LOG.debug("Not routing {} back to {}, the destination that produced it", envelope.id(),
                        endpoint.getDestination());
                return;
            }
            envelope.writeTo(record.headers());
        } catch (IllegalArgumentException notACloudEvent) {
            // a rule replaced the body with something that is not a CloudEvent: written as it is, without headers;
            // delivery cannot read it either and dead-letters it (routing must not hold the partition for it)
        }
        DispatchBatch batch = exchange.getProperty(DispatchBatch.PROPERTY, DispatchBatch.class);
        if (batch == null) {
            kafka.send(record).get(STANDALONE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return;
        }
        String slot = batch.slot(endpoint.topic());
        if (slot == null) {
            // an earlier attempt at this event wrote this record and the broker acknowledged it: not a second time
            return;
        }
        Future<RecordMetadata> write;
        try {
            write = kafka.send(record);
        } catch (RuntimeException e) {
            // a failed write (e.g. no metadata within max.block.ms), not a failed rule: retried with backoff
            write = CompletableFuture.failedFuture(e);
        }
        batch.sent(slot, kafka, write);
    }
}
