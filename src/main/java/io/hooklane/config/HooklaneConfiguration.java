package io.hooklane.config;

import java.time.Clock;

import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.hooklane.admin.AdminPerimeter;
import io.hooklane.admin.AdminServer;
import io.hooklane.control.ClusterPauses;
import io.hooklane.control.ControlTopic;
import io.hooklane.control.InstanceId;
import io.hooklane.deliver.DeliveryComponent;
import io.hooklane.deliver.DeliveryRegistry;
import io.hooklane.deliver.DemoReceiver;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.OutboundSigner;
import io.hooklane.dispatch.EventAttributes;
import io.hooklane.dispatch.UnroutedEvents;
import io.hooklane.ingest.AcceptedResponder;
import io.hooklane.ingest.DedupGate;
import io.hooklane.ingest.DedupRecorder;
import io.hooklane.ingest.DuplicateResponder;
import io.hooklane.ingest.ErrorResponder;
import io.hooklane.ingest.IngestComponent;
import io.hooklane.ingest.IngestDedup;
import io.hooklane.ingest.IngestEndpoint;
import io.hooklane.ingest.KafkaIngestIds;
import io.hooklane.ingest.PendingBodies;
import io.hooklane.ingest.UnknownSourceHandler;
import io.hooklane.ingest.IngestWarmupStarter;
import io.hooklane.ingest.WarmupReadinessCheck;
import io.hooklane.ingest.HttpEventLoops;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.KafkaReadinessCheck;
import io.hooklane.kafka.RecordLimits;
import io.hooklane.kafka.Topics;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.spi.CamelEvent;

/**
 * All of Hooklane's wiring: beans the routes refer to by name, and start-up work that must precede the routes.
 * <p>
 * Camel binds the eager {@code @BindToRegistry} methods in the order the JVM lists them, which is not the order of
 * this file and differs between JVMs and runs. A bean that injects another bean ({@code @BeanInject}) is therefore
 * always {@code lazy}: it is made on its first lookup, when every bean is bound (ConfigurationsTest checks).
 */
public class HooklaneConfiguration implements CamelConfiguration {

    /**
     * Vert.x for the HTTP server. Webhooks never use a worker thread (IngestComponent); Camel's platform-http routes
     * (admin API, demo receivers) run on this pool.
     */
    @BindToRegistry("vertxOptions")
    public VertxOptions vertxOptions(@PropertyInject("hooklane.http.worker-threads") int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("hooklane.http.worker-threads must be at least 1 but was " + workers);
        }
        return new VertxOptions().setWorkerPoolSize(workers);
    }

    /** The destinations' HTTP client options (camel-vertx-http's {@code webClientOptions}). */
    @BindToRegistry("deliveryWebClientOptions")
    public io.vertx.ext.web.client.WebClientOptions deliveryWebClientOptions() {
        return io.hooklane.deliver.DeliveryHttpBinding.clientOptions();
    }

    /**
     * camel-vertx-http as the destinations use it: its answers are handled on the event loop that received them
     * instead of a worker thread (the options above and {@code camel.component.vertx-http.*} apply as before).
     */
    @BindToRegistry("vertx-http")
    public io.hooklane.deliver.DeliveryHttpComponent vertxHttpComponent() {
        return new io.hooklane.deliver.DeliveryHttpComponent();
    }

    @BindToRegistry("clock")
    public Clock clock() {
        return Clock.systemUTC();
    }

    @BindToRegistry(value = "errorResponder", lazy = true)
    public ErrorResponder errorResponder(@PropertyInject("hooklane.ingest.retry-after-seconds") int retryAfter,
                                         @BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new ErrorResponder(retryAfter, metrics);
    }

    @BindToRegistry(value = "duplicateResponder", lazy = true)
    public DuplicateResponder duplicateResponder(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new DuplicateResponder(metrics);
    }

    /**
     * Provider ids of the events accepted (durable) in the dedup window, shared by every instance on the same Kafka
     * through a topic whose retention is the window, and indexed on local disk by each (caught up from the topic at
     * start-up, rebuilt from it when the index is missing or unreadable, or was read from another topic).
     */
    @BindToRegistry("ingestIds")
    public KafkaIngestIds ingestIds(CamelContext context,
                                    @PropertyInject("hooklane.topic.ingest-ids") String topic,
                                    @PropertyInject("hooklane.ingest.dedup-window-hours") int hours,
                                    @PropertyInject("hooklane.ingest.dedup-cache-size") int cacheSize) {
        if (hours < 1) {
            throw new IllegalArgumentException("hooklane.ingest.dedup-window-hours must be at least 1 but was " + hours);
        }
        if (cacheSize < 1 || cacheSize > KafkaIngestIds.MAX_CACHE_SIZE) {
            throw new IllegalArgumentException("hooklane.ingest.dedup-cache-size must be between 1 and "
                    + KafkaIngestIds.MAX_CACHE_SIZE + " but was " + cacheSize);
        }
        long windowSeconds = positive(context, "hooklane.ingest.dedup-window-seconds", 0);
        java.time.Duration window = windowSeconds > 0 ? java.time.Duration.ofSeconds(windowSeconds)
                : java.time.Duration.ofHours(hours);
        long memoryMb = positive(context, "hooklane.ingest.dedup-memory-mb", 1);
        long startupWait = positive(context, "hooklane.ingest.dedup-startup-wait-seconds", 0);
        String dir = context.resolvePropertyPlaceholders("{{hooklane.ingest.dedup-dir:}}").trim();
        java.nio.file.Path indexDir = dir.isEmpty()
                ? java.nio.file.Path.of(context.resolvePropertyPlaceholders("{{hooklane.data-dir:data}}").trim(),
                        "dedup-" + context.resolvePropertyPlaceholders("{{camel.server.port}}").trim())
                : java.nio.file.Path.of(dir);
        KafkaConnection kafka = KafkaConnection.of(context);
        Topics.ensure(kafka, Set.of(topic), 1,
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                Map.of("retention.ms", String.valueOf(window.toMillis()), "segment.ms",
                        String.valueOf(Math.min(3_600_000L, window.toMillis()))));
        // bounded like the ingest producer: with Kafka down a sender gets its 503 in seconds, not after a minute
        Map<String, Object> producer = new java.util.HashMap<>();
        producer.put("acks", "all");
        // ids are written after their events' acknowledgements and no sender waits for them (this instance's heap front
        // has them already): a fuller batch of small records per request, one request where the events' linger made
        // four (hooklane.ingest.dedup-producer.<setting> overrides these)
        producer.put("linger.ms", "20");
        producer.put("batch.size", String.valueOf(64 << 10));
        producer.put("max.block.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.max-block-ms}}"));
        producer.put("request.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.request-timeout-ms}}"));
        producer.put("delivery.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.delivery-timeout-ms}}"));
        producer.put("enable.idempotence", "true");
        producer.putAll(prefixed(context, "hooklane.ingest.dedup-producer."));
        // hooklane.ingest.dedup-consumer.<kafka consumer setting>: tuning of the reader that fills the index
        Map<String, Object> consumer = new java.util.HashMap<>();
        consumer.put("enable.auto.commit", "false");
        consumer.put("auto.offset.reset", "earliest");
        // a rebuild reads millions of small records: large polls, one index write each
        consumer.put("max.poll.records", "5000");
        consumer.put("max.partition.fetch.bytes", String.valueOf(8 << 20));
        // once caught up, fetch what a tenth of a second brought rather than every few records (the producers linger
        // 5 ms): fewer polls and index writes; this instance's own ids do not wait for it (KafkaIngestIds.add)
        consumer.put("fetch.min.bytes", String.valueOf(64 << 10));
        consumer.put("fetch.max.wait.ms", "100");
        consumer.putAll(prefixed(context, "hooklane.ingest.dedup-consumer."));
        return new KafkaIngestIds(topic, kafka.producerConfig(producer), kafka.consumerConfig(consumer),
                kafka.adminConfig(Map.of()), indexDir, memoryMb << 20, cacheSize, window,
                java.time.Duration.ofSeconds(startupWait), Clock.systemUTC());
    }

    /** The settings given as {@code <prefix><setting>} in the properties files or Main's overrides, prefix removed. */
    private static Map<String, String> prefixed(CamelContext context, String prefix) {
        Map<String, String> settings = new java.util.HashMap<>();
        var properties = context.getPropertiesComponent();
        java.util.List<java.util.Properties> sources = new java.util.ArrayList<>(java.util.List.of(
                properties.loadProperties(key -> key.startsWith(prefix))));
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent component) {
            // settings given to Main as overrides (tests) are not among the loaded sources
            sources.add(component.getInitialProperties());
            sources.add(component.getOverrideProperties());
        }
        for (java.util.Properties source : sources) {
            if (source != null) {
                source.stringPropertyNames().stream().filter(key -> key.startsWith(prefix))
                        .forEach(key -> settings.put(key.substring(prefix.length()), source.getProperty(key)));
            }
        }
        return settings;
    }

    /** A whole-number setting of at least {@code min}, or a start-up error naming it. */
    private static long positive(CamelContext context, String key, long min) {
        String value = context.resolvePropertyPlaceholders("{{" + key + "}}").trim();
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number of at least " + min + " but was '" + value + "'");
    }

    /**
     * The duplicate check of the ingest routes: an id counts as seen once its event is durable; a copy arriving while
     * another is being written waits for that write, at most as long as a write can take (the producer's
     * max-block-ms and delivery-timeout-ms, plus a second).
     */
    @BindToRegistry(value = "ingestDedup", lazy = true)
    public IngestDedup ingestDedup(CamelContext context, @BeanInject("ingestIds") KafkaIngestIds ids) {
        long bound = Long.parseLong(context.resolvePropertyPlaceholders("{{camel.component.kafka.max-block-ms}}").trim())
                + Long.parseLong(context.resolvePropertyPlaceholders("{{camel.component.kafka.delivery-timeout-ms}}").trim())
                + 1_000;
        return new IngestDedup(ids, java.time.Duration.ofMillis(bound));
    }

    @BindToRegistry(value = "dedupGate", lazy = true)
    public DedupGate dedupGate(@BeanInject("ingestDedup") IngestDedup dedup, @BeanInject("ingestIds") KafkaIngestIds ids) {
        return new DedupGate(dedup, ids);
    }

    @BindToRegistry(value = "dedupRecorder", lazy = true)
    public DedupRecorder dedupRecorder(@BeanInject("ingestDedup") IngestDedup dedup) {
        return new DedupRecorder(dedup);
    }

    @BindToRegistry("kafkaCallbackExecutor")
    public io.hooklane.kafka.CallerRunsExecutor kafkaCallbackExecutor() {
        return new io.hooklane.kafka.CallerRunsExecutor();
    }

    @BindToRegistry(value = "acceptedResponder", lazy = true)
    public AcceptedResponder acceptedResponder(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new AcceptedResponder(metrics);
    }

    @BindToRegistry("destinationCredentials")
    public DestinationCredentials destinationCredentials(CamelContext context,
                                                         @PropertyInject("hooklane.demo-secrets-allowed") boolean demo) {
        return new DestinationCredentials(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null), demo);
    }

    /** Sources' missing or demo secrets, collected while their routes are built and refused with the destinations'. */
    @BindToRegistry("startupProblems")
    public StartupProblems startupProblems() {
        return new StartupProblems();
    }

    @BindToRegistry(value = "outboundSigner", lazy = true)
    public OutboundSigner outboundSigner(@BeanInject("destinationCredentials") DestinationCredentials credentials,
                                         @BeanInject("clock") Clock clock) {
        return new OutboundSigner(credentials, clock);
    }

    @BindToRegistry(value = "demoReceiver", lazy = true)
    public DemoReceiver demoReceiver(@BeanInject("destinationCredentials") DestinationCredentials credentials) {
        return new DemoReceiver(credentials);
    }

    @BindToRegistry("eventAttributes")
    public EventAttributes eventAttributes() {
        return new EventAttributes();
    }

    @BindToRegistry(value = "unroutedEvents", lazy = true)
    public UnroutedEvents unroutedEvents(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new UnroutedEvents(metrics);
    }

    /** Hooklane's meters go into the registry Camel's Prometheus support creates and serves at /observe/metrics. */
    @BindToRegistry("hooklaneMetrics")
    public HooklaneMetrics hooklaneMetrics(CamelContext context) {
        return new HooklaneMetrics(() -> context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
    }

    @BindToRegistry(value = DeliveryRegistry.NAME, lazy = true)
    public DeliveryRegistry deliveryRegistry(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics,
            @PropertyInject("hooklane.delivery.unreachable-after") int unreachableAfter,
            @BeanInject("clock") Clock clock) {
        return new DeliveryRegistry(metrics, unreachableAfter, clock);
    }

    /**
     * The compacted control topic every instance shares: pause states, read to its end before any destination
     * delivers (a restart keeps a pause), then followed. Started and stopped with Camel.
     */
    @BindToRegistry(value = "controlTopic", lazy = true)
    public ControlTopic controlTopic(CamelContext context, @BeanInject(DeliveryRegistry.NAME) DeliveryRegistry registry,
            @PropertyInject("hooklane.topic.control") String topic,
            @PropertyInject("hooklane.admin.kafka-timeout-millis") long timeoutMillis) {
        KafkaConnection kafka = KafkaConnection.of(context);
        Topics.ensure(kafka, Set.of(topic), 1,
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                Map.of("cleanup.policy", "compact", "max.message.bytes", "16384"));
        // started in configure(), with Camel and before any route
        return new ControlTopic(topic, kafka, java.time.Duration.ofMillis(timeoutMillis), registry::apply);
    }

    @BindToRegistry(value = "clusterPauses", lazy = true)
    public ClusterPauses clusterPauses(@BeanInject("controlTopic") ControlTopic topic,
            @BeanInject(DeliveryRegistry.NAME) DeliveryRegistry registry, @BeanInject("clock") Clock clock,
            @PropertyInject(value = InstanceId.KEY, defaultValue = "") String instanceId) {
        return new ClusterPauses(topic, registry::apply, InstanceId.resolve(instanceId), clock);
    }

    /** The webhook endpoints; their unfinished requests share one budget of body bytes. */
    @BindToRegistry("hooklane-ingest")
    public IngestComponent ingestComponent(
            @PropertyInject(PendingBodies.LIMIT_KEY) long maxPendingBodyBytes,
            @PropertyInject("hooklane.ingest.max-body-size") long maxBodySize,
            @PropertyInject(IngestComponent.FIRST_BYTE_TIMEOUT_KEY) long firstByteTimeoutMillis) {
        return new IngestComponent(PendingBodies.configured(maxPendingBodyBytes, maxBodySize,
                Runtime.getRuntime().maxMemory()), firstByteTimeoutMillis);
    }

    @BindToRegistry("hooklane-dispatch")
    public io.hooklane.dispatch.DispatchComponent dispatchComponent() {
        return new io.hooklane.dispatch.DispatchComponent();
    }

    @BindToRegistry("hooklane-queue")
    public io.hooklane.dispatch.QueueComponent queueComponent() {
        return new io.hooklane.dispatch.QueueComponent();
    }

    @BindToRegistry("hooklane-delivery")
    public DeliveryComponent deliveryComponent() {
        return new DeliveryComponent();
    }

    @Override
    public void configure(CamelContext context) {
        HttpEventLoops eventLoops = new HttpEventLoops(context,
                Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.http.event-loops}}").trim()));
        // camel.ssl.clientAuthentication: refused here, before anything listens, when it cannot be honoured
        eventLoops.checkClientAuthentication();
        KafkaConnection kafka = KafkaConnection.of(context);
        org.slf4j.LoggerFactory.getLogger(HooklaneConfiguration.class).info("Kafka cluster: {}", kafka);
        RecordLimits limits = RecordLimits.of(context);
        Topics.ensureForRecords(kafka,
                Set.of(context.resolvePropertyPlaceholders("{{hooklane.topic.events}}")),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}")),
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                limits.eventBytes());
        // the routing dead letters embed an inbound record, as a destination's dead letters embed an event
        Topics.ensureForRecords(kafka,
                Set.of(context.resolvePropertyPlaceholders("{{hooklane.topic.routing-dead-letters}}")),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}")),
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                limits.deadLetterBytes());
        // what became of each dead letter (replayed, delivered, discarded): compacted, one record per closed entry
        Topics.ensure(kafka, Set.of(context.resolvePropertyPlaceholders("{{hooklane.topic.dead-letter-state}}")), 1,
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                Map.of("cleanup.policy", "compact"));
        sizeIngestProducer(context, limits);
        secureIngestProducer(context, kafka);
        startControlTopic(context);
        String topics = context.resolvePropertyPlaceholders("{{hooklane.topic.events}}");
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new KafkaReadinessCheck(kafka, topics));
            health.register(new io.hooklane.ingest.DedupReadinessCheck(() -> context.getRegistry()
                    .lookupByNameAndType("ingestIds", KafkaIngestIds.class)));
            health.register(new io.hooklane.deliver.DestinationsReadinessCheck(() -> context.getRegistry()
                    .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class)));
        }
        installIngestWarmup(context, health, topics);
        // routing and delivery threads yield the CPU to the HTTP event loops (senders wait for their 202)
        io.hooklane.runtime.ThreadPriority.configure(Integer.parseInt(
                context.resolvePropertyPlaceholders("{{hooklane.background-thread-nice}}").trim()));
        AdminServer adminServer = adminServer(context);
        // hooklane.routes.reload: edited route files are validated and applied while the gateway runs
        io.hooklane.routes.RoutesReloader.install(context);
        SimpleEventNotifierSupport lifecycle = new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                // Camel's first event after its HTTP server listens (tens of ms later): from then on /webhooks/*
                // answers 503 not_ready until every source's route runs, 404 unknown_source after that
                if (event instanceof CamelEvent.CamelContextStartingEvent) {
                    adminServer.guard(context);
                    installUnknownSourceRoute(context);
                    if (eventLoops.asksForClientCertificates()) {
                        // before any route runs: Camel's own server asks for no client certificate
                        startEventLoops(eventLoops);
                    }
                } else if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    registerDedupMeter(context);
                    registerIngestProducerMeters(context);
                    registerPendingBodiesMeter(context);
                    if (!eventLoops.asksForClientCertificates()) {
                        startEventLoops(eventLoops);
                    }
                } else if (event instanceof CamelEvent.CamelContextStoppedEvent) {
                    eventLoops.stop();
                    adminServer.stop();
                }
            }
        };
        // context events only: a notifier that takes exchange events makes Camel build and fire several per webhook
        lifecycle.setIgnoreExchangeEvents(true);
        lifecycle.setIgnoreRouteEvents(true);
        lifecycle.setIgnoreServiceEvents(true);
        lifecycle.setIgnoreStepEvents(true);
        context.getManagementStrategy().addEventNotifier(lifecycle);
        // the admin port is bound here, not in the notifier: a failure must stop start-up (Camel logs and ignores
        // what a notifier throws)
        try {
            context.addStartupListener(new StartupCheck(
                    context.getRegistry().lookupByNameAndType("startupProblems", StartupProblems.class),
                    context.getRegistry().lookupByNameAndType("destinationCredentials", DestinationCredentials.class)));
            context.addStartupListener(new org.apache.camel.ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    adminServer.start(started);
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the admin server's start", e);
        }
    }

    /**
     * hooklane.warmup.*: once the routes run, synthetic webhooks warm up every source's ingest path and the ingest
     * producer fetches the events topic's metadata; readiness stays DOWN until then.
     */
    private static void installIngestWarmup(CamelContext context, HealthCheckRegistry health, String topic) {
        var properties = context.getPropertiesComponent();
        int webhooks = intSetting(IngestWarmupStarter.WEBHOOKS_KEY,
                properties.resolveProperty(IngestWarmupStarter.WEBHOOKS_KEY).orElse("100000"));
        int seconds = intSetting(IngestWarmupStarter.SECONDS_KEY,
                properties.resolveProperty(IngestWarmupStarter.SECONDS_KEY).orElse("30"));
        WarmupReadinessCheck readiness = new WarmupReadinessCheck();
        int httpWebhooks = intSetting(IngestWarmupStarter.HTTP_WEBHOOKS_KEY,
                properties.resolveProperty(IngestWarmupStarter.HTTP_WEBHOOKS_KEY).orElse("20000"));
        IngestWarmupStarter starter = new IngestWarmupStarter(readiness, webhooks, seconds, topic,
                IngestWarmupStarter.ownThread()).overHttp(httpWebhooks,
                intSetting(IngestWarmupStarter.HTTP_IN_FLIGHT_KEY,
                        properties.resolveProperty(IngestWarmupStarter.HTTP_IN_FLIGHT_KEY).orElse("32")),
                properties.resolveProperty(IngestWarmupStarter.TOPIC_KEY).orElse("hooklane.warmup"));
        if (health != null) {
            health.register(readiness);
        }
        try {
            context.addStartupListener(starter);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the ingest warm-up", e);
        }
    }

    private static int intSetting(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number but was '" + value + "'");
        }
    }

    /**
     * The control topic is read to its end when Camel starts its services, before any route: a destination paused on
     * the topic starts paused. hooklane.instance-id is checked here.
     */
    private static void startControlTopic(CamelContext context) {
        String id = InstanceId.resolve(context.getPropertiesComponent().resolveProperty(InstanceId.KEY).orElse(""));
        org.slf4j.LoggerFactory.getLogger(HooklaneConfiguration.class).info("Instance id {} ({})", id, InstanceId.KEY);
        try {
            context.addService(context.getRegistry().lookupByNameAndType("controlTopic", ControlTopic.class), true,
                    false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start reading the control topic", e);
        }
    }

    /** hooklane.admin.port / .host and hooklane.metrics.on-admin-port, validated at start-up. */
    private static AdminServer adminServer(CamelContext context) {
        var properties = context.getPropertiesComponent();
        return new AdminServer(AdminPerimeter.of(
                context.resolvePropertyPlaceholders("{{camel.server.host}}"),
                context.resolvePropertyPlaceholders("{{camel.server.port}}"),
                properties.resolveProperty(AdminPerimeter.HOST).orElse(""),
                properties.resolveProperty(AdminPerimeter.PORT).orElse(""),
                properties.resolveProperty(AdminPerimeter.METRICS).orElse("")));
    }

    /**
     * The ingest routes' Kafka producer takes the largest event (the body limit, base64 and envelope included):
     * Kafka's default max.request.size (1 MiB) would refuse a valid webhook of more than about 780 KB. A larger
     * camel.component.kafka.max-request-size is kept.
     */
    private static void sizeIngestProducer(CamelContext context, RecordLimits limits) {
        KafkaConfiguration kafka = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Integer configured = kafka.getMaxRequestSize();
        if (configured == null || configured < limits.eventBytes()) {
            kafka.setMaxRequestSize(limits.eventBytes());
        }
    }

    /**
     * The ingest routes' camel-kafka producer gets the same security and passed-through settings as every other
     * client (camel-kafka applies its additional properties last).
     */
    private static void secureIngestProducer(CamelContext context, KafkaConnection kafka) {
        KafkaConfiguration configuration = context.getComponent("kafka", KafkaComponent.class).getConfiguration();
        Map<String, Object> additional = new java.util.HashMap<>();
        if (configuration.getAdditionalProperties() != null) {
            additional.putAll(configuration.getAdditionalProperties());
        }
        additional.putAll(kafka.security().properties(org.apache.kafka.clients.producer.ProducerConfig.configNames()));
        configuration.setAdditionalProperties(additional);
    }

    private static void startEventLoops(HttpEventLoops eventLoops) {
        try {
            eventLoops.start();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(HooklaneConfiguration.class).warn(eventLoops.asksForClientCertificates()
                    ? "HTTP is not served: Hooklane's servers did not start ({})"
                    : "HTTP stays on Camel's single server (one event loop): Hooklane's servers did not start ({})",
                    e.toString());
            eventLoops.stop();
        }
    }

    /** Dedup id records that failed to reach Kafka (their events stand; a later replay is caught locally only). */
    private static void registerDedupMeter(CamelContext context) {
        KafkaIngestIds ids = context.getRegistry().lookupByNameAndType("ingestIds", KafkaIngestIds.class);
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        if (ids != null && metrics != null) {
            try {
                metrics.dedupFailedWrites(ids::failedWrites);
                metrics.kafkaProducer("dedup-ids", () -> io.hooklane.kafka.ProducerLoad.of(
                        java.util.List.of(ids.producerMetrics())));
            } catch (IllegalStateException e) {
                // metrics are off (camel.metrics.enabled=false): nothing to register with
            }
        }
    }

    /** How full the events producer's requests are (every source's ingest route shares it). */
    private static void registerIngestProducerMeters(CamelContext context) {
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        io.hooklane.kafka.SharedProducerClientFactory producers = io.hooklane.kafka.SharedProducerClientFactory.of(context);
        if (metrics != null && producers != null) {
            try {
                metrics.kafkaProducer("ingest", () -> io.hooklane.kafka.ProducerLoad.of(producers.metrics()));
            } catch (IllegalStateException e) {
                // metrics are off (camel.metrics.enabled=false): nothing to register with
            }
        }
    }

    private static void registerPendingBodiesMeter(CamelContext context) {
        IngestComponent ingest = context.getRegistry().lookupByNameAndType("hooklane-ingest", IngestComponent.class);
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        if (ingest != null && metrics != null) {
            try {
                metrics.pendingBodyBytes(ingest.pendingBodies()::held);
            } catch (IllegalStateException e) {
                // metrics are off (camel.metrics.enabled=false): nothing to register with
            }
        }
    }

    private static void installUnknownSourceRoute(CamelContext context) {
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        int retryAfter = Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.ingest.retry-after-seconds}}"));
        IngestComponent.router(context).route(UnknownSourceHandler.PREFIX + "*").last()
                .handler(new UnknownSourceHandler(() -> knownSources(context), context::isStarted, retryAfter, metrics));
    }

    private static Set<String> knownSources(CamelContext context) {
        return context.getEndpoints().stream()
                .filter(IngestEndpoint.class::isInstance)
                .map(e -> ((IngestEndpoint) e).getSource())
                .collect(Collectors.toSet());
    }
}
