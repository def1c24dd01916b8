package io.hooklane.config;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.hooklane.deliver.DeliveryComponent;
import io.hooklane.deliver.DeliveryRegistry;
import io.hooklane.deliver.DemoReceiver;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.OutboundSigner;
import io.hooklane.dispatch.EventAttributes;
import io.hooklane.dispatch.UnroutedEvents;
import io.hooklane.ingest.AcceptedResponder;
import io.hooklane.ingest.DuplicateResponder;
import io.hooklane.ingest.ErrorResponder;
import io.hooklane.ingest.UnknownSourceHandler;
import io.hooklane.kafka.KafkaReadinessCheck;
import io.hooklane.kafka.Topics;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.processor.idempotent.kafka.KafkaIdempotentRepository;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.spi.CamelEvent;

/** All of Hooklane's wiring: beans the routes refer to by name, and start-up work that must precede the routes. */
public class HooklaneConfiguration implements CamelConfiguration {

    @BindToRegistry("clock")
    public Clock clock() {
        return Clock.systemUTC();
    }

    @BindToRegistry("errorResponder")
    public ErrorResponder errorResponder(@PropertyInject("hooklane.ingest.retry-after-seconds") int retryAfter,
                                         @BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new ErrorResponder(retryAfter, metrics);
    }

    @BindToRegistry("duplicateResponder")
    public DuplicateResponder duplicateResponder(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new DuplicateResponder(metrics);
    }

    /**
     * Provider event ids seen in the dedup window, shared by every instance on the same Kafka through a topic whose
     * retention is the window, and rebuilt from it at start-up.
     */
    @BindToRegistry("ingestIds")
    public KafkaIdempotentRepository ingestIds(CamelContext context,
                                               @PropertyInject("hooklane.topic.ingest-ids") String topic,
                                               @PropertyInject("hooklane.ingest.dedup-window-hours") int hours,
                                               @PropertyInject("hooklane.ingest.dedup-cache-size") int cacheSize) {
        if (hours < 1 || cacheSize < 1) {
            throw new IllegalArgumentException("hooklane.ingest.dedup-window-hours (" + hours
                    + ") and hooklane.ingest.dedup-cache-size (" + cacheSize + ") must be at least 1");
        }
        String brokers = context.resolvePropertyPlaceholders("{{camel.component.kafka.brokers}}");
        Topics.ensure(brokers, Set.of(topic), 1,
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                Map.of("retention.ms", String.valueOf(hours * 3_600_000L), "segment.ms", "3600000"));
        // bounded like the ingest producer: with Kafka down a sender gets its 503 in seconds, not after a minute
        java.util.Properties producer = new java.util.Properties();
        producer.put("bootstrap.servers", brokers);
        producer.put("acks", "all");
        producer.put("max.block.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.max-block-ms}}"));
        producer.put("request.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.request-timeout-ms}}"));
        producer.put("delivery.timeout.ms", context.resolvePropertyPlaceholders("{{camel.component.kafka.delivery-timeout-ms}}"));
        producer.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        producer.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        java.util.Properties consumer = new java.util.Properties();
        consumer.put("bootstrap.servers", brokers);
        consumer.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        consumer.put("value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        return new KafkaIdempotentRepository(topic, consumer, producer, cacheSize, 100);
    }

    @BindToRegistry("acceptedResponder")
    public AcceptedResponder acceptedResponder(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new AcceptedResponder(metrics);
    }

    @BindToRegistry("destinationCredentials")
    public DestinationCredentials destinationCredentials(CamelContext context,
                                                         @PropertyInject("hooklane.demo-secrets-allowed") boolean demo) {
        return new DestinationCredentials(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null), demo);
    }

    @BindToRegistry("outboundSigner")
    public OutboundSigner outboundSigner(@BeanInject("destinationCredentials") DestinationCredentials credentials,
                                         @BeanInject("clock") Clock clock) {
        return new OutboundSigner(credentials, clock);
    }

    @BindToRegistry("demoReceiver")
    public DemoReceiver demoReceiver(@BeanInject("destinationCredentials") DestinationCredentials credentials) {
        return new DemoReceiver(credentials);
    }

    @BindToRegistry("eventAttributes")
    public EventAttributes eventAttributes() {
        return new EventAttributes();
    }

    @BindToRegistry("unroutedEvents")
    public UnroutedEvents unroutedEvents(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new UnroutedEvents(metrics);
    }

    /** Hooklane's meters go into the registry Camel's Prometheus support creates and serves at /observe/metrics. */
    @BindToRegistry("hooklaneMetrics")
    public HooklaneMetrics hooklaneMetrics(CamelContext context) {
        return new HooklaneMetrics(() -> context.getRegistry()
                .lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class));
    }

    @BindToRegistry(DeliveryRegistry.NAME)
    public DeliveryRegistry deliveryRegistry(@BeanInject("hooklaneMetrics") HooklaneMetrics metrics) {
        return new DeliveryRegistry(metrics);
    }

    @BindToRegistry("hooklane-delivery")
    public DeliveryComponent deliveryComponent() {
        return new DeliveryComponent();
    }

    @Override
    public void configure(CamelContext context) {
        String brokers = context.resolvePropertyPlaceholders("{{camel.component.kafka.brokers}}");
        Topics.ensure(brokers,
                Set.of(context.resolvePropertyPlaceholders("{{hooklane.topic.events}}")),
                Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}")),
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")));
        String topics = context.resolvePropertyPlaceholders("{{hooklane.topic.events}}");
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new KafkaReadinessCheck(brokers, topics));
        }
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    installUnknownSourceRoute(context);
                }
            }
        });
    }

    private static void installUnknownSourceRoute(CamelContext context) {
        int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{camel.server.port}}"));
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(context,
                VertxPlatformHttpRouter.getRouterNameFromPort(port));
        if (router == null) {
            router = VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            throw new IllegalStateException("no platform-http router found for camel.server.port=" + port);
        }
        HooklaneMetrics metrics = context.getRegistry().lookupByNameAndType("hooklaneMetrics", HooklaneMetrics.class);
        router.route(UnknownSourceHandler.PREFIX + "*").last()
                .handler(new UnknownSourceHandler(() -> knownSources(context), metrics));
    }

    private static Set<String> knownSources(CamelContext context) {
        return context.getEndpoints().stream()
                .filter(PlatformHttpEndpoint.class::isInstance)
                .map(e -> ((PlatformHttpEndpoint) e).getPath())
                .filter(p -> p.startsWith(UnknownSourceHandler.PREFIX))
                .map(p -> p.substring(UnknownSourceHandler.PREFIX.length()))
                .collect(Collectors.toSet());
    }
}
