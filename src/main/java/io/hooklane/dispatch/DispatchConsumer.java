package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.hooklane.event.EventEnvelope;
import io.hooklane.kafka.KafkaClients;
import io.hooklane.kafka.LoopThreads;
import io.hooklane.kafka.RestartingLoop;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Runs the {@link DispatchLoop}s of the routing route and turns each inbound event into one exchange through it. */
final class DispatchConsumer extends DefaultConsumer {

    private final DispatchEndpoint endpoint;
    private LoopThreads loops;

    DispatchConsumer(DispatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = endpoint.getCamelContext();
        String brokers = context.resolvePropertyPlaceholders("{{camel.component.kafka.brokers}}");
        loops = new LoopThreads(context.getExecutorServiceManager(), this, "dispatch-" + endpoint.getTopic(),
                endpoint.getConsumers());
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            int number = i;
            // a loop that fails unexpectedly is replaced by a new one (new consumer, from the committed offsets)
            RestartingLoop loop = new RestartingLoop("Routing loop " + number + " of " + endpoint.getTopic(),
                    () -> new DispatchLoop(endpoint.getTopic(), newKafkaConsumer(brokers, number), this::route,
                            endpoint.getWriteTimeoutMillis(), Duration.ofMillis(endpoint.getInitialBackoffMillis()),
                            Duration.ofMillis(endpoint.getMaxBackoffMillis()), Clock.systemUTC()),
                    Duration.ofSeconds(1));
            loops.start(loop);
        }
    }

    private KafkaConsumer<byte[], byte[]> newKafkaConsumer(String brokers, int number) {
        return new KafkaConsumer<>(KafkaClients.config(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.GROUP_ID_CONFIG, endpoint.getGroupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, endpoint.getMaxPollRecords(),
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, endpoint.getSessionTimeoutMs(),
                ConsumerConfig.CLIENT_ID_CONFIG, endpoint.getGroupId() + "-" + number)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private void route(ConsumerRecord<byte[], byte[]> event, DispatchBatch batch) throws Exception {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(DispatchBatch.PROPERTY, batch);
            exchange.setProperty(InboundEvent.PROPERTY,
                    new InboundEvent(EventEnvelope.of(event.headers(), event.value()), event.value()));
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
        super.doStop();
    }
}
