package io.hooklane.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

/**
 * A routing dead letter, readable by a person: why the record was not routed, where it came from, and the record's
 * value kept byte for byte, as JSON under {@code value} when it is a UTF-8 JSON object or array, else base64 under
 * {@code valueBase64}
 * ({@code value: null} for a null value), and {@code writes}: the delivery topics that got (or, for a rule that
 * failed part-way, were being sent) this event's record before it was dead-lettered. A value larger than the
 * limit given to {@link #toJson(int)} is left out ({@code valueOmitted}); the record stays in the inbound topic until its retention removes it.
 */
public record RoutingDeadLetter(RoutingFailure reason, String error, String topic, int partition, long offset,
                                byte[] key, long timestamp, int attempts, Instant deadLetteredAt,
                                List<String> writes, byte[] value) {

    /** Values larger than this (after base64 when needed) are not embedded, unless told otherwise: below 1 MiB. */
    public static final int MAX_VALUE_BYTES = 900 * 1024;
    private static final int MAX_ERROR_CHARS = 500;
    private static final JsonFactory JSON = new JsonFactory();

    public byte[] toJson() {
        return toJson(MAX_VALUE_BYTES);
    }

    /** The dead letter, embedding the original value when it takes at most {@code maxValueBytes} (after base64). */
    public byte[] toJson(int maxValueBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((value == null ? 0 : value.length) + 512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("reason", reason.code());
            json.writeStringField("error", error == null || error.length() <= MAX_ERROR_CHARS ? error
                    : error.substring(0, MAX_ERROR_CHARS) + "...");
            json.writeStringField("topic", topic);
            json.writeNumberField("partition", partition);
            json.writeNumberField("offset", offset);
            String textKey = key == null ? null : utf8(key);
            if (key != null && textKey == null) {
                json.writeStringField("keyBase64", Base64.getEncoder().encodeToString(key));
            } else {
                json.writeStringField("key", textKey);
            }
            json.writeStringField("timestamp", Instant.ofEpochMilli(timestamp).toString());
            json.writeNumberField("attempts", attempts);
            json.writeStringField("deadLetteredAt", deadLetteredAt.toString());
            json.writeArrayFieldStart("writes");
            for (String write : writes) {
                json.writeString(write);
            }
            json.writeEndArray();
            writeValue(json, maxValueBytes);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void writeValue(JsonGenerator json, int maxValueBytes) throws IOException {
        if (value == null) {
            json.writeNullField("value");
            return;
        }
        String text = utf8(value);
        if (text != null && value.length <= maxValueBytes && isJsonObjectOrArray(text)) {
            json.writeFieldName("value");
            // strict UTF-8 decodes and encodes back to the very same bytes
            json.writeRawValue(text);
        } else if ((long) value.length * 4 / 3 + 4 <= maxValueBytes) {
            json.writeStringField("valueBase64", Base64.getEncoder().encodeToString(value));
        } else {
            json.writeStringField("valueOmitted", "too_large");
            json.writeNumberField("valueSize", value.length);
        }
    }

    /** Strict UTF-8, or null when the bytes are not. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isJsonObjectOrArray(String text) {
        // objects and arrays only, nothing around them: a reader cuts them out by their first and last byte
        boolean object = text.startsWith("{") && text.endsWith("}");
        if (!object && !(text.startsWith("[") && text.endsWith("]"))) {
            return false;
        }
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
