package io.hooklane.admin;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hooklane.event.EventEnvelope;

/**
 * One record of a dead-letter topic as written by {@code DeadLetter.toJson}, with where it sits in Kafka. The
 * embedded {@code event} is kept as the exact bytes that were dead-lettered, so a replay sends what the receiver
 * would have got. A record that cannot be read is kept with {@code readable() == false} (listed, never replayed).
 */
public record DeadLetterEntry(int partition, long offset, Instant deadLetteredAt, byte[] key, String destination,
                              String webhookId, String reason, Integer attempts, String firstAttemptAt,
                              String lastAttemptAt, Integer lastStatus, String lastError, byte[] event,
                              EventEnvelope envelope) {

    private static final JsonFactory JSON = new JsonFactory();

    /** {@code "<partition>-<offset>"}: how the admin API names an entry. */
    public String entryId() {
        return entryId(partition, offset);
    }

    public static String entryId(int partition, long offset) {
        return partition + "-" + offset;
    }

    /** @return {partition, offset} */
    public static long[] parseEntryId(String entryId) {
        if (entryId == null || !entryId.matches("\\d{1,9}-\\d{1,19}")) {
            throw AdminException.badRequest("entryId must look like \"<partition>-<offset>\", e.g. \"0-12\"");
        }
        int dash = entryId.indexOf('-');
        try {
            return new long[] {Integer.parseInt(entryId.substring(0, dash)), Long.parseLong(entryId.substring(dash + 1))};
        } catch (NumberFormatException e) {
            throw AdminException.badRequest("entryId out of range: " + entryId);
        }
    }

    public boolean readable() {
        return event != null && envelope != null;
    }

    public static DeadLetterEntry parse(int partition, long offset, long timestamp, byte[] key, byte[] value) {
        String destination = null;
        String webhookId = null;
        String reason = null;
        Integer attempts = null;
        String firstAttemptAt = null;
        String lastAttemptAt = null;
        Integer lastStatus = null;
        String lastError = null;
        byte[] event = null;
        EventEnvelope envelope = null;
        if (value != null) {
            try (JsonParser json = JSON.createParser(value)) {
                if (json.nextToken() == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String name = json.currentName();
                        JsonToken token = json.nextToken();
                        if ("event".equals(name) && token == JsonToken.START_OBJECT) {
                            long start = json.currentTokenLocation().getByteOffset();
                            json.skipChildren();
                            long end = json.currentTokenLocation().getByteOffset() + 1;
                            event = Arrays.copyOfRange(value, (int) start, (int) end);
                            continue;
                        }
                        if (token.isStructStart()) {
                            json.skipChildren();
                            continue;
                        }
                        boolean isNull = token == JsonToken.VALUE_NULL;
                        switch (name) {
                            case "destination" -> destination = isNull ? null : json.getValueAsString();
                            case "webhookId" -> webhookId = isNull ? null : json.getValueAsString();
                            case "reason" -> reason = isNull ? null : json.getValueAsString();
                            case "attempts" -> attempts = isNull ? null : json.getValueAsInt();
                            case "firstAttemptAt" -> firstAttemptAt = isNull ? null : json.getValueAsString();
                            case "lastAttemptAt" -> lastAttemptAt = isNull ? null : json.getValueAsString();
                            case "lastStatus" -> lastStatus = isNull ? null : json.getValueAsInt();
                            case "lastError" -> lastError = isNull ? null : json.getValueAsString();
                            default -> { }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not what DeadLetter.toJson writes (e.g. an unreadable event embedded as is): listed, not replayable
                event = null;
            }
        }
        if (event != null) {
            try {
                envelope = EventEnvelope.read(event);
            } catch (IllegalArgumentException e) {
                envelope = null;
            }
        }
        return new DeadLetterEntry(partition, offset, Instant.ofEpochMilli(timestamp), key, destination, webhookId,
                reason, attempts, firstAttemptAt, lastAttemptAt, lastStatus, lastError, event, envelope);
    }
}
