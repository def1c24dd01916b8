package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * Runs a destination's {@link DeliveryLoop}s (one Kafka consumer each) and turns each attempt into one exchange
 * through the route, invoked asynchronously: a call in flight holds no thread, and its result (or its deadline,
 * whichever comes first) comes back to the loop that started it.
 */
final class DeliveryConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryConsumer.class);
    /** Where a process keeps retry histories ({@link RetryMemory}); absent: in this process only. */
    static final String RETRY_MEMORY = "deliveryRetryMemory";
    static final String AGENT_RESPONSES = "agentResponses";
    /** Where {@code completion: callback} waits ({@link CallbackWaiter}); absent: a 202 counts as delivered. */
    static final String CALLBACKS = "deliveryCallbacks";
    /**
     * Bytes one fetch returns per partition (Kafka's default is 1 MiB). A poll hands out the fetched records partition
     * by partition, draining one partition's fetched data before the next: with 1 MiB per partition, a backlog fills
     * every poll from a single partition. 32 KiB (some 30 events of about 1 KiB) lets one poll span several
     * partitions. Chosen by reasoning, not measured. A larger event is still fetched (the limit is soft).
     */
    private static final int MAX_PARTITION_FETCH_BYTES = 32 * 1024;

    private final DeliveryEndpoint endpoint;
    private LoopThreads loops;
    private KafkaProducer<byte[], byte[]> deadLetters;
    private CircuitBreaker breaker;
    private io.hooklane.agent.AgentResponses agentResponses;
    private DeliveryListener listener;
    private String protocol;
    /** A 202 waits for the destination's callback: its body is an acknowledgement, not the agent's answer. */
    private boolean awaitsCallbacks;

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
        if (endpoint.getConcurrency() > 0) {
            LOG.warn("Destination {}: concurrency ({}) is no longer used and is ignored: maxInFlight ({}) bounds its"
                    + " calls in flight", settings.destination(), endpoint.getConcurrency(),
                    settings.engine().maxInFlight());
        }
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
        protocol = endpoint.protocol();
        breaker = settings.newBreaker();
        agentResponses = agentResponses(context, settings.destination(), protocol);
        DestinationLoad load = new DestinationLoad(settings.engine().maxInFlight(), settings.engine().maxBuffered());
        DeliveryRegistry registry = DeliveryRegistry.of(context);
        DeliveryRegistry.Destination control = registry.register(settings, protocol, breaker, load);
        listener = registry.listener();
        deadLetters = new KafkaProducer<>(kafka.producerConfig(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, limits.deadLetterBytes(),
                ProducerConfig.CLIENT_ID_CONFIG, "hooklane-deadletter-" + settings.destination())),
                new ByteArraySerializer(), new ByteArraySerializer());
        loops = new LoopThreads(context.getExecutorServiceManager(), this, "deliver-" + settings.destination(),
                endpoint.getConsumers());
        Clock clock = Clock.systemUTC();
        // a delivered replay closes its dead-letter entry (the state topic is created at start-up)
        ReplayStates replays = new ReplayStates(deadLetters,
                context.resolvePropertyPlaceholders("{{hooklane.topic.dead-letter-state}}"),
                settings.deadLetterTopic(), clock);
        CallbackWaiter callbacks = callbacks(context, settings);
        awaitsCallbacks = callbacks != null && settings.engine().completion() == EngineSettings.Completion.CALLBACK;
        DeliveryEngine.Collaborators with = new DeliveryEngine.Collaborators(this::attempt, deadLetters, breaker,
                registry.listener(), replays, retryMemory(context), callbacks,
                callbackAnswers(settings.destination()));
        int sessionTimeout = Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.kafka.session-timeout-ms}}"));
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            int number = i;
            // a loop that fails unexpectedly is replaced by a new one (new consumer, from the committed offsets)
            RestartingLoop loop = new RestartingLoop("Delivery loop " + number + " of " + settings.destination(),
                    () -> new DeliveryLoop(settings, newKafkaConsumer(kafka, settings, sessionTimeout, number), with,
                            clock, control, load, number),
                    Duration.ofSeconds(1));
            loops.start(loop);
        }
    }

    /** Where agents' answers go as events (null in a context without the agent beans, e.g. unit tests). */
    private static io.hooklane.agent.AgentResponses agentResponses(CamelContext context, String destination,
                                                                   String protocol) {
        io.hooklane.agent.AgentResponses responses = context.getRegistry()
                .lookupByNameAndType(AGENT_RESPONSES, io.hooklane.agent.AgentResponses.class);
        if (responses != null) {
            responses.register(destination, protocol);
        }
        return responses;
    }

    /**
     * A callback's output as the agent's answer, for a destination whose answers are events ({@code replies: true});
     * null otherwise.
     */
    private CallbackAnswers callbackAnswers(String destination) {
        io.hooklane.agent.AgentResponses responses = agentResponses;
        if (!endpoint.replies() || responses == null) {
            return null;
        }
        return (record, webhookId, outcome, output, reason) -> responses.publish(destination, webhookId, outcome,
                record, output, reason);
    }

    private static RetryMemory retryMemory(CamelContext context) {
        RetryMemory memory = context.getRegistry().lookupByNameAndType(RETRY_MEMORY, RetryMemory.class);
        return memory != null ? memory : RetryMemory.inMemory();
    }

    private static CallbackWaiter callbacks(CamelContext context, DeliverySettings settings) {
        CallbackWaiter waiter = context.getRegistry().lookupByNameAndType(CALLBACKS, CallbackWaiter.class);
        if (waiter == null && settings.engine().completion() == EngineSettings.Completion.CALLBACK) {
            LOG.warn("Destination {} has completion: callback, but callbacks are not available in this gateway: a 202"
                    + " counts as delivered", settings.destination());
        }
        return waiter;
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

    /**
     * One attempt: an exchange through the route, asynchronously. Its result is whichever comes first: the route's
     * end, or the attempt's deadline (then the call is also cut off on the client side, see
     * {@link DeliveryHttpBinding}).
     */
    private void attempt(ConsumerRecord<byte[], byte[]> record, String webhookId, int attempt,
                         java.util.function.Consumer<AttemptResult> done) {
        Duration timeout = endpoint.timeout();
        AtomicBoolean reported = new AtomicBoolean();
        Exchange exchange = createExchange(false);
        exchange.setProperty(AttemptExchange.DESTINATION, endpoint.getDestination());
        exchange.setProperty(AttemptExchange.WEBHOOK_ID, webhookId);
        exchange.setProperty(AttemptExchange.ATTEMPT, attempt);
        exchange.setProperty(DeliveryHttpBinding.DEADLINE_NANOS, System.nanoTime() + timeout.toNanos());
        exchange.setProperty(DeliveryHttpBinding.TIMEOUT_MILLIS, timeout.toMillis());
        exchange.getMessage().setBody(record.value());
        ScheduledFuture<?> deadline = DeliveryTimer.after(timeout, () -> {
            if (reported.compareAndSet(false, true)) {
                listener.called(endpoint.getDestination(), CallResults.deadline(protocol));
                done.accept(AttemptResults.timedOut(timeout.toMillis()));
            }
        });
        try {
            getAsyncProcessor().process(exchange, doneSync -> {
                deadline.cancel(false);
                AttemptResult result = AttemptResults.of(exchange);
                String agentOutcome = exchange.getProperty(AttemptExchange.AGENT_OUTCOME, String.class);
                byte[] agentReply = exchange.getProperty(AttemptExchange.AGENT_REPLY, byte[].class);
                String callResult = exchange.getProperty(AttemptExchange.CALL_RESULT, String.class);
                releaseExchange(exchange, false);
                if (!reported.compareAndSet(false, true)) {
                    return;
                }
                listener.called(endpoint.getDestination(), callResult != null ? callResult : CallResults.of(result));
                // a 202 that waits for a callback is no answer yet: the callback's output is (DeliveryEngine)
                if (agentOutcome == null || result.outcome() != Outcome.DELIVERED || agentResponses == null
                        || awaitsCallbacks && result.status() != null && result.status() == 202) {
                    done.accept(result);
                    return;
                }
                // the agent's answer is an event: durable before the delivery counts as done, else tried again
                agentResponses.publish(endpoint.getDestination(), webhookId, agentOutcome, record, agentReply)
                        .whenComplete((published, failure) -> done.accept(failure == null ? result
                                : new AttemptResult(null, "the agent's answer could not be written to Kafka: "
                                        + failure.getMessage(), null)));
            });
        } catch (RuntimeException e) {
            deadline.cancel(false);
            if (reported.compareAndSet(false, true)) {
                listener.called(endpoint.getDestination(), CallResults.ERROR);
                done.accept(new AttemptResult(null, e.getClass().getSimpleName() + ": " + e.getMessage(), null));
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (loops != null) {
            loops.stop();
            loops = null;
        }
        if (deadLetters != null) {
            deadLetters.close(Duration.ofSeconds(5));
        }
        if (breaker != null) {
            DeliveryRegistry.of(endpoint.getCamelContext()).unregister(endpoint.getDestination());
        }
        super.doStop();
    }
}
