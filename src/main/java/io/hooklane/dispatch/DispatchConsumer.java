package io.hooklane.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import io.hooklane.event.EventEnvelope;
import io.hooklane.kafka.Backlog;
import io.hooklane.kafka.KafkaClients;
import io.hooklane.kafka.LoopThreads;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.runtime.ThreadPriority;
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
    private final List<ExecutorService> lanes = new ArrayList<>();

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
        Backlog backlog = new Backlog(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(
                context.resolvePropertyPlaceholders("{{hooklane.background-after-millis}}"))));
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            int number = i;
            // a poll that is behind is routed on a background thread, so a backlog yields the CPU to the event loops
            ExecutorService behindLane = null;
            if (ThreadPriority.enabled()) {
                behindLane = context.getExecutorServiceManager()
                        .newSingleThreadExecutor(this, "dispatch-" + endpoint.getTopic() + "-" + i + "-behind");
                lanes.add(behindLane);
            }
            ExecutorService lane = behindLane;
            // a loop that fails unexpectedly is replaced by a new one (new consumer, from the committed offsets)
            RestartingLoop loop = new RestartingLoop("Routing loop " + number + " of " + endpoint.getTopic(),
                    () -> new DispatchLoop(endpoint.getTopic(), newKafkaConsumer(brokers, number), this::route,
                            endpoint.getWriteTimeoutMillis(), Duration.ofMillis(endpoint.getInitialBackoffMillis()),
                            Duration.ofMillis(endpoint.getMaxBackoffMillis()), Clock.systemUTC(), lane, backlog),
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
        // the loops have ended, each after its last poll was routed: the lanes are idle
        lanes.forEach(endpoint.getCamelContext().getExecutorServiceManager()::shutdownNow);
        lanes.clear();
        super.doStop();
    }
}
