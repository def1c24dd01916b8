package io.hooklane.kafka;

import org.apache.camel.CamelContext;

/**
 * The largest Kafka records the gateway writes, sized from the largest body it accepts
 * ({@code hooklane.ingest.max-body-size}): a body that is not JSON travels base64-encoded in its CloudEvent
 * ({@code data_base64}, 4 bytes per 3), beside the CloudEvent's attributes and the {@code hooklane.*} headers; a dead
 * letter wraps such an event in a small JSON object. Producers ({@code max.request.size}) and the topics Hooklane
 * creates ({@code max.message.bytes}) are set from these figures, and existing topics are checked against them.
 */
public record RecordLimits(long maxBodyBytes) {

    /** Room for the CloudEvent's attributes and the Kafka headers (which repeat them) beyond the encoded body. */
    static final int ENVELOPE_BYTES = 64 * 1024;
    /** Room for a dead letter's own fields (destination, reason, times, last status and error) around its event. */
    static final int DEAD_LETTER_BYTES = 64 * 1024;
    public static final String MAX_BODY_SIZE = "hooklane.ingest.max-body-size";

    public RecordLimits {
        if (maxBodyBytes <= 0 || encoded(maxBodyBytes) + ENVELOPE_BYTES + DEAD_LETTER_BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(MAX_BODY_SIZE + " must be between 1 and "
                    + (Integer.MAX_VALUE - ENVELOPE_BYTES - DEAD_LETTER_BYTES) / 4 * 3 + " but was " + maxBodyBytes);
        }
    }

    /** From {@code hooklane.ingest.max-body-size}. */
    public static RecordLimits of(CamelContext context) {
        String value = context.resolvePropertyPlaceholders("{{" + MAX_BODY_SIZE + "}}").trim();
        try {
            return new RecordLimits(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(MAX_BODY_SIZE + " must be a number of bytes but was '" + value + "'");
        }
    }

    /** The largest event record (events topic, delivery queues): the body base64-encoded plus the envelope. */
    public int eventBytes() {
        return (int) (encoded(maxBodyBytes) + ENVELOPE_BYTES);
    }

    /** The largest dead-letter record: an event record plus the dead letter's own fields. */
    public int deadLetterBytes() {
        return eventBytes() + DEAD_LETTER_BYTES;
    }

    private static long encoded(long bytes) {
        return (bytes + 2) / 3 * 4;
    }
}
