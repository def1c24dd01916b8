package io.hooklane.deliver;

import java.time.Duration;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** One destination's delivery queue; its options come from the destination template's parameters. */
public final class DeliveryEndpoint extends DefaultEndpoint {

    private final String destination;
    private long initialBackoffMillis = 1_000;
    private double backoffMultiplier = 2.0;
    private long maxBackoffMillis = 300_000;
    private long retryForMillis = 86_400_000;
    private long maxRetryAfterMillis = 3_600_000;
    private long timeoutMillis = 30_000;
    private float failureRateThreshold = 50;
    private int slidingWindowSize = 20;
    private int minimumCalls = 10;
    private long openWaitMillis = 30_000;
    private int halfOpenCalls = 1;
    private int maxPollRecords = 100;
    private int consumers = 1;
    /** Replaced by maxInFlight: 0 when a destination does not set it; any other value is ignored with a warning. */
    private int concurrency;
    private int maxInFlight = 256;
    private int maxBuffered = 1024;
    private String ordering = "subject";
    private String completion = "response";
    private long callbackTimeoutMillis = 600_000;
    private String protocol = CallResults.HTTP;
    /** http: the receiver is an agent whose answers (a 2xx JSON body, a callback's output) become events. */
    private boolean replies;

    DeliveryEndpoint(String uri, DeliveryComponent component, String destination) {
        super(uri, component);
        if (!destination.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("destination name must be kebab-case (a-z, 0-9, -) but was '"
                    + destination + "'");
        }
        this.destination = destination;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("hooklane-delivery endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = new DeliveryConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    DeliverySettings settings(String brokers, String groupPrefix, String topicPrefix, String deadLetterPrefix) {
        if (consumers < 1 || maxPollRecords < 1) {
            throw new IllegalArgumentException("destination '" + destination + "': consumers (" + consumers
                    + ") and maxPollRecords (" + maxPollRecords + ") must be at least 1");
        }
        EngineSettings engine = EngineSettings.of(destination, maxInFlight, maxBuffered, ordering, completion,
                timeoutMillis, callbackTimeoutMillis);
        RetryPolicy retry = new RetryPolicy(destination, Duration.ofMillis(initialBackoffMillis), backoffMultiplier,
                Duration.ofMillis(maxBackoffMillis), Duration.ofMillis(retryForMillis),
                Duration.ofMillis(maxRetryAfterMillis));
        return new DeliverySettings(destination, brokers, topicPrefix + destination, deadLetterPrefix + destination,
                groupPrefix + "deliver-" + destination, retry,
                DeliverySettings.breakerConfig(destination, failureRateThreshold, slidingWindowSize, minimumCalls,
                        Duration.ofMillis(openWaitMillis), halfOpenCalls),
                // a poll takes at most a quarter of the buffer, so polling goes on while records are still held
                Math.min(maxPollRecords, Math.max(1, maxBuffered / 4)), engine);
    }

    public String getDestination() { return destination; }
    /** How the route reaches the destination: {@code http}, {@code mcp} or {@code a2a} (a label for metrics). */
    boolean replies() {
        return replies;
    }

    String protocol() {
        if (!CallResults.PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("destination '" + destination + "': protocol must be one of "
                    + String.join(", ", CallResults.PROTOCOLS) + " but was '" + protocol + "'");
        }
        return protocol;
    }
    public int getConsumers() { return consumers; }
    /** The hard deadline of one attempt: connection, request and the whole answer. */
    Duration timeout() { return Duration.ofMillis(timeoutMillis); }
    /** The former per-consumer partition parallelism, now maxInFlight: 0 unless a destination still sets it. */
    public int getConcurrency() { return concurrency; }
    public void setInitialBackoffMillis(long v) { this.initialBackoffMillis = v; }
    public void setBackoffMultiplier(double v) { this.backoffMultiplier = v; }
    public void setMaxBackoffMillis(long v) { this.maxBackoffMillis = v; }
    public void setRetryForMillis(long v) { this.retryForMillis = v; }
    public void setMaxRetryAfterMillis(long v) { this.maxRetryAfterMillis = v; }
    public void setTimeoutMillis(long v) { this.timeoutMillis = v; }
    public void setFailureRateThreshold(float v) { this.failureRateThreshold = v; }
    public void setSlidingWindowSize(int v) { this.slidingWindowSize = v; }
    public void setMinimumCalls(int v) { this.minimumCalls = v; }
    public void setOpenWaitMillis(long v) { this.openWaitMillis = v; }
    public void setHalfOpenCalls(int v) { this.halfOpenCalls = v; }
    public void setMaxPollRecords(int v) { this.maxPollRecords = v; }
    public void setConsumers(int v) { this.consumers = v; }
    public void setConcurrency(int v) { this.concurrency = v; }
    public void setMaxInFlight(int v) { this.maxInFlight = v; }
    public void setMaxBuffered(int v) { this.maxBuffered = v; }
    public void setOrdering(String v) { this.ordering = v; }
    public void setCompletion(String v) { this.completion = v; }
    public void setCallbackTimeoutMillis(long v) { this.callbackTimeoutMillis = v; }
    public void setProtocol(String v) { this.protocol = v == null ? null : v.strip(); }
    public void setReplies(boolean v) { this.replies = v; }
}
