package io.hooklane.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.SharedProducerClientFactory;
import io.hooklane.kafka.Topics;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once every route runs, on a thread of its own: fetches the events topic's metadata into the ingest producer (the
 * first webhook would otherwise wait for it), then, when {@link #overHttp} asks for it, warms up the whole ingest path
 * over loopback HTTP ({@link LoopbackWarmup}, its webhooks marked by a {@link WarmupPass} made for this start and
 * closed after); then {@link WarmupReadinessCheck} turns UP.
 * <p>
 * Every source's ingest decision warmed up in-process ({@link IngestWarmup}) is the fallback, run only when the
 * warm-up over HTTP does not get a 202 (off, or skipped: a non-loopback bind address, client certificates required,
 * no warm-up topic). Not both: on 2 cores with JDK 25 and one AOT cache, readiness took 21 to 26 CPU-s with both and
 * 13 to 16 with the one over HTTP alone, more than the in-process webhooks' own cost; in an interleaved run the one
 * over HTTP alone made the gateway ready 1.4 to 4.4 s sooner, and full speed came no later (docs/benchmarks-log.md).
 * All of it shares {@value #SECONDS_KEY}.
 */
public final class IngestWarmupStarter implements ExtendedStartupListener {

    public static final String WEBHOOKS_KEY = "hooklane.warmup.webhooks";
    public static final String SECONDS_KEY = "hooklane.warmup.max-seconds";
    public static final String HTTP_WEBHOOKS_KEY = "hooklane.warmup.http-webhooks";
    public static final String HTTP_IN_FLIGHT_KEY = "hooklane.warmup.http-in-flight";
    public static final String TOPIC_KEY = "hooklane.topic.warmup";
    /** Retention of the warm-up topic: nothing reads its records. */
    static final Duration TOPIC_RETENTION = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(IngestWarmupStarter.class);
    /** What readiness reports of an in-process warm-up that did not run. */
    private static final IngestWarmup.Result NONE = new IngestWarmup.Result(0, 0, 0, Duration.ZERO);

    private final WarmupReadinessCheck readiness;
    private final int webhooks;
    private final Duration budget;
    private final String topic;
    private final Executor executor;
    private int httpWebhooks;
    private int httpInFlight = 1;
    private String warmupTopic;

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

    /**
     * Also sends {@code webhooks} synthetic webhooks over loopback through every source's route, with their
     * CloudEvents going to {@code topic} ({@link LoopbackWarmup}); 0 = none.
     */
    public IngestWarmupStarter overHttp(int webhooks, int inFlight, String topic) {
        if (webhooks < 0) {
            throw new IllegalArgumentException(HTTP_WEBHOOKS_KEY + " must be 0 (off) or more but was " + webhooks);
        }
        if (inFlight < 1 || inFlight > 1024) {
            throw new IllegalArgumentException(HTTP_IN_FLIGHT_KEY + " must be 1 to 1024 but was " + inFlight);
        }
        if (webhooks > 0 && (topic == null || topic.isBlank())) {
            throw new IllegalArgumentException(TOPIC_KEY + " must name a topic when " + HTTP_WEBHOOKS_KEY + " is "
                    + webhooks);
        }
        this.httpWebhooks = webhooks;
        this.httpInFlight = inFlight;
        this.warmupTopic = topic;
        return this;
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
        if (webhooks == 0 && httpWebhooks == 0) {
            readiness.done(NONE);
            return;
        }
        executor.execute(() -> warmUp(context));
    }

    private void warmUp(CamelContext context) {
        long started = System.nanoTime();
        long deadline = started + budget.toNanos();
        try {
            long metadataMillis = fetchMetadata(context, topic, deadline);
            if (metadataMillis >= 0) {
                LOG.info("Metadata of {} fetched in {} ms", topic, metadataMillis);
            }
            // the in-process warm-up only when the one over HTTP did not run
            if (httpWebhooks > 0 && warmUpOverHttp(context, deadline) || webhooks == 0) {
                readiness.done(NONE);
                return;
            }
            Duration left = budget.minusNanos(System.nanoTime() - started);
            IngestWarmup.Result result = new IngestWarmup(sources(context), webhooks,
                    left.isNegative() ? Duration.ZERO : left).run();
            LOG.info("Ingest path warmed up in-process: {} synthetic webhooks over {} sources in {} ms ({} refused by a"
                    + " source's own checks)", result.webhooks(), result.sources(), result.took().toMillis(),
                    result.refused());
            readiness.done(result);
        } catch (RuntimeException e) {
            LOG.warn("The ingest warm-up failed ({}): the gateway is ready without it", e.toString());
            readiness.done(new IngestWarmup.Result(0, 0, 0, Duration.ofNanos(System.nanoTime() - started)));
        }
    }

    /**
     * The loopback warm-up: the warm-up topic made sure of, then the webhooks over HTTP; the pass closed after.
     *
     * @return whether any webhook was answered 202 (false: skipped or refused, and the in-process warm-up runs instead)
     */
    private boolean warmUpOverHttp(CamelContext context, long deadline) {
        IngestComponent component = context.hasComponent("hooklane-ingest") instanceof IngestComponent ingest
                ? ingest : null;
        if (component == null) {
            return false;
        }
        long started = System.nanoTime();
        try {
            KafkaConnection kafka = KafkaConnection.of(context);
            Topics.ensure(kafka, Set.of(warmupTopic),
                    Integer.parseInt(context.resolvePropertyPlaceholders("{{hooklane.topic.partitions}}").trim()),
                    Short.parseShort(context.resolvePropertyPlaceholders("{{hooklane.topic.replication-factor}}").trim()),
                    Map.of("retention.ms", String.valueOf(TOPIC_RETENTION.toMillis()),
                            "segment.ms", String.valueOf(TOPIC_RETENTION.toMillis())));
        } catch (RuntimeException e) {
            LOG.warn("The warm-up topic {} cannot be made sure of ({}): the warm-up over HTTP is skipped", warmupTopic,
                    e.toString());
            return false;
        }
        long topicMillis = (System.nanoTime() - started) / 1_000_000;
        fetchMetadata(context, warmupTopic, deadline);
        WarmupPass pass = new WarmupPass(warmupTopic);
        component.setWarmupPass(pass);
        LoopbackWarmup.Result result;
        try {
            result = new LoopbackWarmup(context, pass, httpWebhooks, httpInFlight).run(deadline);
        } finally {
            pass.close();
        }
        readiness.overHttp(result);
        if (result.sent() == 0) {
            LOG.warn("The ingest warm-up over HTTP did not run: {}", result.firstFailure());
            return false;
        }
        if (result.accepted() < result.sent() && result.firstFailure() != null) {
            LOG.warn("The ingest warm-up over HTTP: {} of {} webhooks answered 202; the first failure: {}",
                    result.accepted(), result.sent(), result.firstFailure());
        }
        if (result.accepted() == 0) {
            return false;
        }
        LOG.info("Ingest path warmed up over HTTP: {} synthetic webhooks answered 202 in {} ms (to {}, made sure of in"
                + " {} ms)", result.accepted(), result.took().toMillis(), warmupTopic, topicMillis);
        return true;
    }

    /** The events topic's partitions in every ingest producer, retried until the deadline; -1 when not fetched. */
    private long fetchMetadata(CamelContext context, String topic, long deadline) {
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
