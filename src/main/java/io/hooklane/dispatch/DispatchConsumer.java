package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.hooklane.event.EventEnvelope;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.LoopThreads;
import io.hooklane.kafka.RecordLimits;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Runs the {@link DispatchLoop}s of the routing route and turns each inbound event into one exchange through it. */
final class DispatchConsumer extends DefaultConsumer {

    private final DispatchEndpoint endpoint;
    private LoopThreads loops;
    private RoutingDeadLetters deadLetters;

    DispatchConsumer(DispatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = endpoint.getCamelContext();
        KafkaConnection kafka = KafkaConnection.of(context);
        RecordLimits limits = RecordLimits.of(context);
        // a dead letter embeds a record of up to an event's size and stays within the dead-letter topics' size
        deadLetters = new RoutingDeadLetters(
                context.resolvePropertyPlaceholders("{{hooklane.topic.routing-dead-letters}}"),
                deadLetterProducer(kafka, limits.deadLetterBytes()), Clock.systemUTC(), counter(context),
                limits.eventBytes());
        DispatchLoop.Settings settings = new DispatchLoop.Settings(endpoint.getWriteTimeoutMillis(),
                Duration.ofMillis(endpoint.getInitialBackoffMillis()), Duration.ofMillis(endpoint.getMaxBackoffMillis()),
                endpoint.getMaxWriteAttempts());
        loops = new LoopThreads(context.getExecutorServiceManager(), this, "dispatch-" + endpoint.getTopic(),
                endpoint.getConsumers());
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            int number = i;
            // a loop that fails unexpectedly is replaced by a new one (new consumer, from the committed offsets)
            RestartingLoop loop = new RestartingLoop("Routing loop " + number + " of " + endpoint.getTopic(),
                    () -> new DispatchLoop(endpoint.getTopic(), newKafkaConsumer(kafka, number), this::route,
                            deadLetters, settings, Clock.systemUTC()),
                    Duration.ofSeconds(1));
            loops.start(loop);
        }
    }

    private KafkaConsumer<byte[], byte[]> newKafkaConsumer(KafkaConnection kafka, int number) {
        return new KafkaConsumer<>(kafka.consumerConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, endpoint.getGroupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, endpoint.getMaxPollRecords(),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, endpoint.getSessionTimeoutMs(),
                ConsumerConfig.CLIENT_ID_CONFIG, endpoint.getGroupId() + "-" + number)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Shared by this consumer's loops; acks=all and idempotent like the queue writes. */
    private static Producer<byte[], byte[]> deadLetterProducer(KafkaConnection kafka, int maxRecordBytes) {
        return new KafkaProducer<>(kafka.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes,
                ProducerConfig.CLIENT_ID_CONFIG, "hooklane-routing-deadletter")),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** hooklane_events_routing_dead_lettered_total, when metrics are on; the routing series start at 0. */
    private static java.util.function.Consumer<RoutingFailure> counter(CamelContext context) {
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        if (metrics != null) {
            metrics.routing();
        }
        return reason -> {
            if (metrics != null) {
                try {
                    metrics.routingDeadLettered(reason.code());
                } catch (IllegalStateException metricsOff) {
                    // camel.metrics.enabled=false: nothing to count in
                }
            }
        };
    }

    private void route(ConsumerRecord<byte[], byte[]> event, DispatchBatch batch) throws Exception {
        EventEnvelope envelope;
        try {
            if (event.value() == null) {
                throw new IllegalArgumentException("the record has no value");
            }
            envelope = EventEnvelope.of(event.headers(), event.value());
        } catch (IllegalArgumentException e) {
            throw new UnreadableRecordException(e.getMessage());
        } catch (RuntimeException e) {
            throw new UnreadableRecordException("not a CloudEvents JSON document ("
                    + e.getClass().getSimpleName() + ")");
        }
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(DispatchBatch.PROPERTY, batch);
            exchange.setProperty(InboundEvent.PROPERTY, new InboundEvent(envelope, event.value()));
            exchange.getMessage().setHeader(QueueProducer.KEY, event.key());
            exchange.getMessage().setBody(event.value());
            getProcessor().process(exchange);
            Exception failure = exchange.getException();
            if (failure != null) {
                throw failure;
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (loops != null) {
            loops.stop();
            loops = null;
        }
        if (deadLetters != null) {
            deadLetters.producer().close(Duration.ofSeconds(10));
            deadLetters = null;
        }
        super.doStop();
    }
}
