package io.hooklane.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hooklane.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * One record of the routing dead-letter topic ({@code io.hooklane.dispatch.RoutingDeadLetter}), with where it sits.
 * The original record's value is recovered byte for byte ({@code value} cut out of the JSON, or
 * {@code valueBase64} decoded); key and headers are the dead-letter record's own, copied from the original.
 */
public record RoutingDeadLetterEntry(int partition, long offset, Instant deadLetteredAt, String reason, String error,
                                     Integer attempts, String topic, Integer originalPartition, Long originalOffset,
                                     String originalTimestamp, List<String> writes, boolean valueKept, byte[] value,
                                     ConsumerRecord<byte[], byte[]> record) {

    private static final JsonFactory JSON = new JsonFactory();

    public String entryId() {
        return DeadLetterEntry.entryId(partition, offset);
    }

    /** The attributes of the original value when it is a CloudEvent, else null. */
    public EventEnvelope envelope() {
        try {
            return value == null ? null : EventEnvelope.read(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The original key as text when it is UTF-8 (as routing wrote it), else null. */
    public String key() {
        return record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    }

    /** The original record, to write back to {@code eventsTopic}; null when its value was not kept. */
    public ProducerRecord<byte[], byte[]> replayTo(String eventsTopic) {
        if (!valueKept) {
            return null;
        }
        return new ProducerRecord<>(eventsTopic, null, record.key(), value,
                new RecordHeaders(record.headers().toArray()));
    }

    public static RoutingDeadLetterEntry parse(ConsumerRecord<byte[], byte[]> record) {
        byte[] json = record.value();
        String reason = null;
        String error = null;
        Integer attempts = null;
        String topic = null;
        Integer originalPartition = null;
        Long originalOffset = null;
        String originalTimestamp = null;
        List<String> writes = new ArrayList<>();
        boolean valueKept = false;
        byte[] value = null;
        if (json != null) {
            try (JsonParser parser = JSON.createParser(json)) {
                if (parser.nextToken() == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken token = parser.nextToken();
                        boolean isNull = token == JsonToken.VALUE_NULL;
                        if ("value".equals(name)) {
                            valueKept = true;
                            if (token.isStructStart()) {
                                long start = parser.currentTokenLocation().getByteOffset();
                                parser.skipChildren();
                                long end = parser.currentTokenLocation().getByteOffset() + 1;
                                value = Arrays.copyOfRange(json, (int) start, (int) end);
                            }
                            continue;
                        }
                        if ("writes".equals(name) && token == JsonToken.START_ARRAY) {
                            while (parser.nextToken() == JsonToken.VALUE_STRING) {
                                writes.add(parser.getText());
                            }
                            continue;
                        }
                        if (token.isStructStart()) {
                            parser.skipChildren();
                            continue;
                        }
                        switch (name) {
                            case "reason" -> reason = isNull ? null : parser.getValueAsString();
                            case "error" -> error = isNull ? null : parser.getValueAsString();
                            case "attempts" -> attempts = isNull ? null : parser.getValueAsInt();
                            case "topic" -> topic = isNull ? null : parser.getValueAsString();
                            case "partition" -> originalPartition = isNull ? null : parser.getValueAsInt();
                            case "offset" -> originalOffset = isNull ? null : parser.getValueAsLong();
                            case "timestamp" -> originalTimestamp = isNull ? null : parser.getValueAsString();
                            case "valueBase64" -> {
                                value = Base64.getDecoder().decode(parser.getValueAsString());
                                valueKept = true;
                            }
                            default -> { }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not what routing writes: listed, never replayed
                valueKept = false;
                value = null;
            }
        }
        return new RoutingDeadLetterEntry(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                reason, error, attempts, topic, originalPartition, originalOffset, originalTimestamp,
                List.copyOf(writes), valueKept, value, record);
    }
}
