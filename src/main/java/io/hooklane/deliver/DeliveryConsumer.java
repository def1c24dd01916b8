package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.LoopThreads;
import io.hooklane.kafka.RecordLimits;
import io.hooklane.kafka.RestartingLoop;
import io.hooklane.kafka.Topics;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a destination's {@link DeliveryLoop}s and turns each attempt into one exchange through the route, within
 * the destination's {@link AttemptDeadline}. Each loop gets a pool of {@code concurrency} threads to deliver
 * different partitions at the same time.
 */
final class DeliveryConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConsumer.class);
    /** camel-http's default connectionsPerRoute: simultaneous calls to one host:port through one endpoint. */
    private static final int HTTP_CONNECTIONS_PER_ROUTE = 20;
    /**
     * Bytes one fetch returns per partition (Kafka's default is 1 MiB). A poll hands out the fetched records partition
     * by partition, draining one partition's fetched data before the next: with 1 MiB per partition, a backlog fills
     * every poll from a single partition and nothing would be delivered in parallel. 32 KiB (some 30 events of about
     * 1 KiB) lets one poll of maxPollRecords (100) span several partitions. Chosen by reasoning, not measured. A larger
     * event is still fetched (the limit is soft).
     */
    private static final int MAX_PARTITION_FETCH_BYTES = 32 * 1024;

    private final DeliveryEndpoint endpoint;
    private LoopThreads loops;
    private final List<ExecutorService> partitionPools = new ArrayList<>();
    private KafkaProducer<byte[], byte[]> deadLetters;
    private CircuitBreaker breaker;

    DeliveryConsumer(DeliveryEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        CamelContext context = endpoint.getCamelContext();
        KafkaConnection kafka = KafkaConnection.of(context);
        DeliverySettings settings = endpoint.settings(kafka.bootstrapServers(),
                context.resolvePropertyPlaceholders("{{hooklane.group-prefix}}"),
                context.resolvePropertyPlaceholders("{{hooklane.topic.deliveries-prefix}}"),
                context.resolvePropertyPlaceholders("{{hooklane.topic.dead-letter-prefix}}"));
        // sized for the largest event; a dead letter wraps one in a few fields more
        RecordLimits limits = RecordLimits.of(context);
        int partitions = Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}"));
        short replication = Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}"));
        Topics.ensureForRecords(kafka, Set.of(settings.topic()), partitions, replication, limits.eventBytes());
        Topics.ensureForRecords(kafka, Set.of(settings.deadLetterTopic()), partitions, replication,
                limits.deadLetterBytes());
        // a destination without a usable signing secret fails start-up here, not at its first delivery
        context.getRegistry().lookupByNameAndType("destinationCredentials", DestinationCredentials.class)
                .signature(settings.destination());
        breaker = settings.newBreaker();
        DeliveryRegistry registry = DeliveryRegistry.of(context);
        DeliveryRegistry.Destination control = registry.register(settings, breaker);
        deadLetters = new KafkaProducer<>(kafka.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.deadLetterBytes(),
                ProducerConfig.CLIENT_ID_CONFIG, "hooklane-deadletter-" + settings.destination())),
                new ByteArraySerializer(), new ByteArraySerializer());
        loops = new LoopThreads(context.getExecutorServiceManager(), this, "deliver-" + settings.destination(),
                endpoint.getConsumers());
        int concurrency = endpoint.getConcurrency();
        if (endpoint.getConsumers() * concurrency > HTTP_CONNECTIONS_PER_ROUTE) {
            LOG.warn("Destination {}: {} consumer(s) x concurrency {} may make more simultaneous calls than camel-http's"
                    + " default {} connections per host; the others wait for a connection unless the destination's"
                    + " URL sets connectionsPerRoute", settings.destination(), endpoint.getConsumers(), concurrency,
                    HTTP_CONNECTIONS_PER_ROUTE);
        }
        Clock clock = Clock.systemUTC();
        // a delivered replay closes its dead-letter entry (the state topic is created at start-up)
        ReplayStates replays = new ReplayStates(deadLetters,
                context.resolvePropertyPlaceholders("{{hooklane.topic.dead-letter-state}}"),
                settings.deadLetterTopic(), clock);
        int sessionTimeout = Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.kafka.session-timeout-ms}}"));
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            int number = i;
            // attempts run on the pool even at concurrency 1: the loop's thread stays free to keep the waiting
            // count up to date while a slow receiver holds them
            ExecutorService pool = context.getExecutorServiceManager()
                    .newFixedThreadPool(this, "deliver-" + settings.destination() + "-" + i, concurrency);
            partitionPools.add(pool);
            // a loop that fails unexpectedly is replaced by a new one (new consumer, from the committed offsets)
            RestartingLoop loop = new RestartingLoop("Delivery loop " + number + " of " + settings.destination(),
                    () -> new DeliveryLoop(settings, newKafkaConsumer(kafka, settings, sessionTimeout, number),
                            deadLetters, breaker, this::attempt, clock, registry.listener(), control, number, pool,
                            replays),
                    Duration.ofSeconds(1));
            loops.start(loop);
        }
    }

    private static KafkaConsumer<byte[], byte[]> newKafkaConsumer(KafkaConnection kafka, DeliverySettings settings,
                                                                 int sessionTimeout, int number) {
        return new KafkaConsumer<>(kafka.consumerConfig(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_PARTITION_FETCH_BYTES,
                ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, sessionTimeout,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId() + "-" + number)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private AttemptResult attempt(ConsumerRecord<byte[], byte[]> record, String webhookId, int attempt)
            throws Exception {
        Exchange exchange = createExchange(false);
        try (AttemptDeadline deadline = AttemptDeadline.start(endpoint.timeout())) {
            exchange.setProperty(OutboundSigner.DESTINATION, endpoint.getDestination());
            exchange.setProperty(OutboundSigner.WEBHOOK_ID, webhookId);
            exchange.setProperty("hooklane.attempt", attempt);
            exchange.getMessage().setBody(record.value());
            getProcessor().process(exchange);
            return AttemptResults.of(exchange, deadline);
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
        // the loops have ended, and each waited for its partition tasks: the pools are idle (interrupted otherwise)
        partitionPools.forEach(endpoint.getCamelContext().getExecutorServiceManager()::shutdownNow);
        partitionPools.clear();
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
        if (breaker != null) {
            DeliveryRegistry.of(endpoint.getCamelContext()).unregister(endpoint.getDestination());
        }
        super.doStop();
    }
}
