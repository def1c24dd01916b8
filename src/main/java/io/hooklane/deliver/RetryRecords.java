package io.hooklane.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link RetryMemory.Entry} as the retry topic holds it: key the webhook id, value
 * {@code {"attempts":3,"firstAttempt":"<RFC 3339>","nextAttempt":"<RFC 3339>"}}, a tombstone (null value) once
 * forgotten. A value without {@code nextAttempt} (as written before it existed) is a history whose next attempt is
 * due at once.
 */
final class RetryRecords {

    /** A longer value is not a retry record: it is skipped rather than parsed. */
    static final int MAX_VALUE_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RetryRecords() {
    }

    static byte[] toJson(RetryMemory.Entry entry) {
        ObjectNode node = JSON.createObjectNode().put("attempts", entry.attempts())
                .put("firstAttempt", entry.firstAttempt().toString());
        if (entry.nextAttempt() != null) {
            node.put("nextAttempt", entry.nextAttempt().toString());
        }
        return node.toString().getBytes(StandardCharsets.UTF_8);
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
            JsonNode next = node.path("nextAttempt");
            if (!next.isMissingNode() && !next.isNull() && !next.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new RetryMemory.Entry(node.get("attempts").intValue(),
                    Instant.parse(node.get("firstAttempt").textValue()),
                    next.isTextual() ? Instant.parse(next.textValue()) : null));
        } catch (java.io.IOException | java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
