package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the dead-letter entry a delivered replay came from: writes {@code delivered} to the state topic under the
 * key the replayed record carries in {@link DeadLetterState#REPLAYED_FROM}, when that key names an entry of this
 * destination's own dead-letter topic. The write does not hold up the delivery: should it fail, the entry stays
 * {@code replayed} (closed all the same) and a warning says so.
 */
public final class ReplayStates {

    /** Writes nothing. */
    public static final ReplayStates NONE = new ReplayStates(null, null, null, null);

    private static final Logger LOG = LoggerFactory.getLogger(ReplayStates.class);

    private final Producer<byte[], byte[]> producer;
    private final String stateTopic;
    private final String keyPrefix;
    private final Clock clock;

    public ReplayStates(Producer<byte[], byte[]> producer, String stateTopic, String deadLetterTopic, Clock clock) {
        this.producer = producer;
        this.stateTopic = stateTopic;
        this.keyPrefix = deadLetterTopic == null ? null : deadLetterTopic + "/";
        this.clock = clock;
    }

    void delivered(ConsumerRecord<byte[], byte[]> record) {
        if (producer == null) {
            return;
        }
        Header header = record.headers().lastHeader(DeadLetterState.REPLAYED_FROM);
        if (header == null || header.value() == null) {
            return;
        }
        String key = new String(header.value(), StandardCharsets.UTF_8);
        if (!key.startsWith(keyPrefix) || !key.substring(keyPrefix.length()).matches("\\d{1,9}-\\d{1,19}")) {
            return;
        }
        byte[] state = new DeadLetterState(DeadLetterState.State.DELIVERED, clock.instant(), "delivery").toJson();
        producer.send(new ProducerRecord<>(stateTopic, key.getBytes(StandardCharsets.UTF_8), state), (meta, e) -> {
            if (e != null) {
                LOG.warn("Could not record dead-letter entry {} as delivered ({}); it stays replayed", key,
                        e.toString());
            }
        });
    }
}
