package io.hooklane.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

import io.hooklane.kafka.SharedProducerClientFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once every route runs: fetches the events topic's metadata into the ingest producer (the first webhook would
 * otherwise wait for it) and warms up every source's ingest decision ({@link IngestWarmup}), on a thread of its
 * own; then {@link WarmupReadinessCheck} turns UP.
 */
public final class IngestWarmupStarter implements ExtendedStartupListener {

    public static final String WEBHOOKS_KEY = "hooklane.warmup.webhooks";
    public static final String SECONDS_KEY = "hooklane.warmup.max-seconds";
    private static final Logger LOG = LoggerFactory.getLogger(IngestWarmupStarter.class);

    private final WarmupReadinessCheck readiness;
    private final int webhooks;
    private final Duration budget;
    private final String topic;
    private final Executor executor;

    /**
     * @param webhooks synthetic webhooks in all; 0 = no warm-up (ready as soon as the rest is)
     * @param maxSeconds the most the warm-up may take (metadata included); then the gateway is ready anyway
     * @param executor where the warm-up runs (a thread of its own in the gateway)
     */
    public IngestWarmupStarter(WarmupReadinessCheck readiness, int webhooks, int maxSeconds, String topic,
                               Executor executor) {
        if (webhooks < 0) {
            throw new IllegalArgumentException(WEBHOOKS_KEY + " must be 0 (off) or more but was " + webhooks);
        }
        if (maxSeconds < 1) {
            throw new IllegalArgumentException(SECONDS_KEY + " must be at least 1 but was " + maxSeconds);
        }
        this.readiness = readiness;
        this.webhooks = webhooks;
        this.budget = Duration.ofSeconds(maxSeconds);
        this.topic = Objects.requireNonNull(topic, "topic");
        this.executor = executor;
    }

    /** The warm-up's own thread, at normal priority, which ends with the warm-up. */
    public static Executor ownThread() {
        return task -> {
            Thread thread = new Thread(task, "hooklane-warmup");
            thread.setDaemon(true);
            thread.start();
        };
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        if (webhooks == 0) {
            readiness.done(new IngestWarmup.Result(0, 0, 0, Duration.ZERO));
            return;
        }
        executor.execute(() -> warmUp(context));
    }

    private void warmUp(CamelContext context) {
        long started = System.nanoTime();
        try {
            long metadataMillis = fetchMetadata(context, started + budget.toNanos());
            Duration left = budget.minusNanos(System.nanoTime() - started);
            IngestWarmup.Result result = new IngestWarmup(sources(context), webhooks,
                    left.isNegative() ? Duration.ZERO : left).run();
            LOG.info("Ingest path warmed up: {} synthetic webhooks over {} sources in {} ms ({} refused by a source's"
                    + " own checks); metadata of {} in {} ms", result.webhooks(), result.sources(),
                    result.took().toMillis(), result.refused(), topic, metadataMillis);
            readiness.done(result);
        } catch (RuntimeException e) {
            LOG.warn("The ingest warm-up failed ({}): the gateway is ready without it", e.toString());
            readiness.done(new IngestWarmup.Result(0, 0, 0, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /** The events topic's partitions in every ingest producer, retried until the deadline; -1 when not fetched. */
    private long fetchMetadata(CamelContext context, long deadline) {
        SharedProducerClientFactory producers = SharedProducerClientFactory.of(context);
        if (producers == null) {
            return -1;
        }
        long started = System.nanoTime();
        while (true) {
            try {
                producers.fetchMetadata(topic);
                return (System.nanoTime() - started) / 1_000_000;
            } catch (org.apache.kafka.common.KafkaException e) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("Metadata of {} not fetched within {} ({})", topic, SECONDS_KEY, e.toString());
                    return -1;
                }
            }
        }
    }

    private static List<WarmupSource> sources(CamelContext context) {
        return context.getEndpoints().stream()
                .filter(IngestEndpoint.class::isInstance)
                .map(e -> ((IngestEndpoint) e).getGate().warmupSource())
                .filter(Objects::nonNull)
                .toList();
    }
}
