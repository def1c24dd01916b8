package io.hooklane.dispatch;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** The inbound event topic as read by the routing rules; options come from the routing file's {@code from}. */
public final class DispatchEndpoint extends DefaultEndpoint {

    private final String topic;
    private String groupId;
    private int consumers = 1;
    private int maxPollRecords = 200;
    private int sessionTimeoutMs = 10_000;
    private long writeTimeoutMillis = 30_000;
    private long initialBackoffMillis = 500;
    private long maxBackoffMillis = 10_000;
    private int maxWriteAttempts = 10;

    DispatchEndpoint(String uri, DispatchComponent component, String topic) {
        super(uri, component);
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("hooklane-dispatch needs the inbound topic: hooklane-dispatch:<topic>");
        }
        this.topic = topic;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("hooklane-dispatch endpoints only consume");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        validate();
        Consumer consumer = new DispatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    private void validate() {
        require(groupId != null && !groupId.isBlank(), "groupId", groupId);
        require(consumers >= 1, "consumers", consumers);
        require(maxPollRecords >= 1, "maxPollRecords", maxPollRecords);
        require(sessionTimeoutMs >= 1, "sessionTimeoutMs", sessionTimeoutMs);
        require(writeTimeoutMillis >= 1, "writeTimeoutMillis", writeTimeoutMillis);
        require(initialBackoffMillis >= 1 && maxBackoffMillis >= initialBackoffMillis,
                "initialBackoffMillis/maxBackoffMillis", initialBackoffMillis + "/" + maxBackoffMillis);
        require(maxWriteAttempts >= 1, "maxWriteAttempts", maxWriteAttempts);
    }

    private void require(boolean ok, String option, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("hooklane-dispatch:" + topic + ": option " + option
                    + " has a bad value '" + value + "'");
        }
    }

    public String getTopic() { return topic; }
    public String getGroupId() { return groupId; }
    public int getConsumers() { return consumers; }
    public int getMaxPollRecords() { return maxPollRecords; }
    public int getSessionTimeoutMs() { return sessionTimeoutMs; }
    public long getWriteTimeoutMillis() { return writeTimeoutMillis; }
    public long getInitialBackoffMillis() { return initialBackoffMillis; }
    public long getMaxBackoffMillis() { return maxBackoffMillis; }
    public int getMaxWriteAttempts() { return maxWriteAttempts; }
    public void setGroupId(String v) { this.groupId = v; }
    public void setConsumers(int v) { this.consumers = v; }
    public void setMaxPollRecords(int v) { this.maxPollRecords = v; }
    public void setSessionTimeoutMs(int v) { this.sessionTimeoutMs = v; }
    public void setWriteTimeoutMillis(long v) { this.writeTimeoutMillis = v; }
    public void setInitialBackoffMillis(long v) { this.initialBackoffMillis = v; }
    public void setMaxBackoffMillis(long v) { this.maxBackoffMillis = v; }
    public void setMaxWriteAttempts(int v) { this.maxWriteAttempts = v; }
}
