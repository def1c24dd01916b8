package io.hooklane.callback;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.kafka.KafkaConnection;
import io.hooklane.kafka.SharedTopic;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback waits of every instance ({@code hooklane.topic.delivery-callbacks}), so a callback may reach any
 * instance behind the load balancer: key the webhook id, value
 * {@code {"state": "waiting", "destination": "...", "until": <epoch ms>}}, then
 * {@code {"state": "completed" | "timed_out" | "abandoned", "destination": "..."}} when the wait ends, or
 * {@code {"state": "reported", "destination": "...", "callback": {...}}} when another instance accepted the callback
 * (the instance that waits completes the delivery when it reads it). Read at start-up, then followed.
 */
public final class CallbackTopic extends ServiceSupport implements CallbackRegistry.Peers {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackTopic.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final CallbackRegistry registry;
    private final SharedTopic shared;

    public CallbackTopic(String topic, KafkaConnection kafka, Duration timeout, CallbackRegistry registry) {
        this.topic = topic;
        this.registry = registry;
        this.shared = new SharedTopic(topic, "hooklane.topic.delivery-callbacks", kafka, timeout, this::apply);
    }

    @Override
    protected void doStart() {
        int read = shared.start("hooklane-callbacks");
        registry.connect(this);
        LOG.info("Callback waits read from {}: {} records", topic, read);
    }

    @Override
    public void waiting(String webhookId, String destination, Instant until) {
        shared.write(webhookId, record("waiting", destination).put("until", until.toEpochMilli()).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void ended(String webhookId, String destination, CallbackRegistry.Ended how) {
        shared.write(webhookId, record(how.name().toLowerCase(Locale.ROOT), destination).toString()
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void reported(String webhookId, String destination, byte[] callback) {
        try {
            ObjectNode record = record("reported", destination);
            record.set("callback", JSON.readTree(callback));
            shared.write(webhookId, JSON.writeValueAsBytes(record));
        } catch (IOException e) {
            // checked before: cannot happen
            throw new IllegalStateException("a verified callback is no longer JSON", e);
        }
    }

    private static ObjectNode record(String state, String destination) {
        return JSON.createObjectNode().put("state", state).put("destination", destination);
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(record.value());
            String destination = node.path("destination").asText("");
            if (destination.isEmpty()) {
                SharedTopic.skip(record, "callback");
                return;
            }
            switch (node.path("state").asText("")) {
                case "waiting" -> registry.peerWaiting(record.key(), destination,
                        Instant.ofEpochMilli(node.path("until").asLong()));
                case "completed" -> registry.peerEnded(record.key(), destination, CallbackRegistry.Ended.COMPLETED);
                case "timed_out" -> registry.peerEnded(record.key(), destination, CallbackRegistry.Ended.TIMED_OUT);
                case "abandoned" -> registry.peerEnded(record.key(), destination, CallbackRegistry.Ended.ABANDONED);
                case "reported" -> registry.peerReported(record.key(), JSON.writeValueAsBytes(node.path("callback")));
                default -> SharedTopic.skip(record, "callback");
            }
        } catch (IOException | CallbackRefusedException e) {
            SharedTopic.skip(record, "callback");
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        registry.connect(CallbackRegistry.Peers.NONE);
        shared.stop();
    }

    @Override
    public String toString() {
        return "CallbackTopic[" + topic + "]";
    }
}
