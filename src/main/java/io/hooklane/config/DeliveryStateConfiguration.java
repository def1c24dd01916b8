package io.hooklane.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import io.hooklane.callback.CallbackBodyLimit;
import io.hooklane.callback.CallbackReceiver;
import io.hooklane.callback.CallbackRegistry;
import io.hooklane.callback.CallbackTimer;
import io.hooklane.callback.CallbackTopic;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.KafkaRetryMemory;
import io.hooklane.ingest.IngestComponent;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.Topics;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.Service;
import org.apache.camel.support.SimpleEventNotifierSupport;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.spi.CamelEvent;

/**
 * The delivery state that outlives an attempt: each retried event's history ({@code deliveryRetryMemory}) and the
 * deliveries waiting for a signed callback ({@code deliveryCallbacks}, served at {@code POST /callbacks/*}).
 * <p>
 * A class of its own: Camel sorts a configuration class's bean methods with a comparator that reads the list while
 * sorting it, which holds only while a class has fewer than 32 of them (TimSort then never merges). Beans that
 * inject another bean are lazy, as in {@link HooklaneConfiguration}.
 */
public class DeliveryStateConfiguration implements CamelConfiguration {

    private static final String MAX_BODY_SIZE = "hooklane.callbacks.max-body-size";

    /**
     * Read to its end before any destination delivers (started in configure()), then followed, so a restart or a
     * rebalance keeps each event's backoff and retry budget.
     */
    @BindToRegistry(value = "deliveryRetryMemory", lazy = true)
    public KafkaRetryMemory deliveryRetryMemory(CamelContext context, @BeanInject("clock") Clock clock,
            @PropertyInject("hooklane.topic.delivery-retries") String topic,
            @PropertyInject("hooklane.delivery.retry-memory-max-age-hours") long maxAgeHours,
            @PropertyInject("hooklane.delivery.retry-memory-max-entries") int maxEntries,
            @PropertyInject("hooklane.delivery.retry-for-millis") long retryForMillis,
            @PropertyInject("hooklane.admin.kafka-timeout-millis") long timeoutMillis) {
        if (maxAgeHours * 3_600_000L < retryForMillis) {
            throw new IllegalArgumentException("hooklane.delivery.retry-memory-max-age-hours must cover "
                    + "hooklane.delivery.retry-for-millis (" + retryForMillis + " ms) but was " + maxAgeHours);
        }
        if (maxEntries < 1_000 || maxEntries > 10_000_000) {
            throw new IllegalArgumentException("hooklane.delivery.retry-memory-max-entries must be between 1000 and "
                    + "10000000 but was " + maxEntries);
        }
        KafkaConnection kafka = KafkaConnection.of(context);
        ensure(context, kafka, topic, Map.of("cleanup.policy", "compact", "max.message.bytes", "16384"));
        return new KafkaRetryMemory(topic, kafka, Duration.ofMillis(timeoutMillis), Duration.ofHours(maxAgeHours),
                maxEntries, clock);
    }

    /** The callback waits, their timeouts on one scheduler thread (stopped with Camel). */
    @BindToRegistry(value = "deliveryCallbacks", lazy = true)
    public CallbackRegistry deliveryCallbacks(CamelContext context, @BeanInject("clock") Clock clock,
            @BeanInject("destinationCredentials") DestinationCredentials credentials,
            @PropertyInject("hooklane.callbacks.tolerance-seconds") long toleranceSeconds,
            @PropertyInject("hooklane.callbacks.remembered") int remembered,
            @PropertyInject("hooklane.callbacks.remember-minutes") long rememberMinutes) throws Exception {
        CallbackRegistry.Limits limits = new CallbackRegistry.Limits(remembered, Duration.ofMinutes(rememberMinutes),
                Duration.ofSeconds(toleranceSeconds));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "hooklane-callback-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                scheduler.shutdownNow();
            }
        }, true, true);
        return new CallbackRegistry(destination -> credentials.verifier(destination, limits.tolerance(), clock),
                CallbackTimer.on(scheduler), clock, limits);
    }

    /** POST /callbacks/{webhookId} (routes/callbacks.camel.yaml). */
    @BindToRegistry(value = "callbackReceiver", lazy = true)
    public CallbackReceiver callbackReceiver(@BeanInject("deliveryCallbacks") CallbackRegistry callbacks,
            @PropertyInject(MAX_BODY_SIZE) int maxBodySize) {
        return new CallbackReceiver(callbacks, maxBodySize(maxBodySize));
    }

    @Override
    public void configure(CamelContext context) {
        // both read their topic to its end when Camel starts its services, before any route
        start(context, context.getRegistry().lookupByNameAndType("deliveryRetryMemory", KafkaRetryMemory.class));
        start(context, callbackTopic(context));
        int maxBodySize = maxBodySize(Integer.parseInt(
                context.resolvePropertyPlaceholders("{{" + MAX_BODY_SIZE + "}}").trim()));
        SimpleEventNotifierSupport bodyLimit = new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                // the HTTP server's router exists from here on, and no request is served yet
                if (event instanceof CamelEvent.CamelContextStartingEvent) {
                    CallbackBodyLimit.install(IngestComponent.router(context), maxBodySize);
                }
            }
        };
        bodyLimit.setIgnoreExchangeEvents(true);
        bodyLimit.setIgnoreRouteEvents(true);
        bodyLimit.setIgnoreServiceEvents(true);
        bodyLimit.setIgnoreStepEvents(true);
        context.getManagementStrategy().addEventNotifier(bodyLimit);
    }

    /**
     * Every instance's callback waits, so a callback may reach any instance: compacted and deleted after a day (a
     * wait lasts minutes), records up to the largest callback.
     */
    private static CallbackTopic callbackTopic(CamelContext context) {
        KafkaConnection kafka = KafkaConnection.of(context);
        String topic = context.resolvePropertyPlaceholders("{{hooklane.topic.delivery-callbacks}}");
        ensure(context, kafka, topic, Map.of("cleanup.policy", "compact,delete", "retention.ms", "86400000",
                "segment.ms", "3600000", "max.message.bytes", String.valueOf(2 << 20)));
        return new CallbackTopic(topic, kafka, Duration.ofMillis(Long.parseLong(
                context.resolvePropertyPlaceholders("{{hooklane.admin.kafka-timeout-millis}}").trim())),
                context.getRegistry().lookupByNameAndType("deliveryCallbacks", CallbackRegistry.class));
    }

    private static void ensure(CamelContext context, KafkaConnection kafka, String topic, Map<String, String> configs) {
        Topics.ensure(kafka, Set.of(topic), 1,
                Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}")),
                configs);
    }

    private static void start(CamelContext context, Service service) {
        try {
            context.addService(service, true, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start " + service, e);
        }
    }

    private static int maxBodySize(int maxBodySize) {
        if (maxBodySize < 1024 || maxBodySize > 1 << 20) {
            throw new IllegalArgumentException(MAX_BODY_SIZE + " must be between 1024 and 1048576 but was "
                    + maxBodySize);
        }
        return maxBodySize;
    }
}
