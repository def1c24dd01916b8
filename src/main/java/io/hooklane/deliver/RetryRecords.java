package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@link RetryMemory.Entry} as the retry topic holds it: key the webhook id, value
 * {@code {"attempts":3,"firstAttempt":"<RFC 3339>"}}, a tombstone (null value) once forgotten.
 */
final class RetryRecords {

    /** A longer value is not a retry record: it is skipped rather than parsed. */
    static final int MAX_VALUE_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryRecords() {
    }

    static byte[] toJson(RetryMemory.Entry entry) {
        return JSON.createObjectNode().put("attempts", entry.attempts())
                .put("firstAttempt", entry.firstAttempt().toString()).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value read back; empty when it is too long or not of this shape. */
    static Optional<RetryMemory.Entry> parse(byte[] value) {
        if (value == null || value.length > MAX_VALUE_BYTES) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node == null || !node.path("attempts").canConvertToInt() || !node.path("attempts").isIntegralNumber()
                    || node.get("attempts").intValue() < 1 || !node.path("firstAttempt").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new RetryMemory.Entry(node.get("attempts").intValue(),
                    Instant.parse(node.get("firstAttempt").textValue())));
        } catch (java.io.IOException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
