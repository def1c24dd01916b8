package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Lenient reads of provider timestamps: anything unparsable or outside 1970..9999 (which RFC 3339 cannot write)
 * yields null, so the caller falls back to the receive time.
 */
final class Times {

    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Times() {
    }

    /** An ISO-8601 / RFC 3339 date-time with offset, e.g. {@code 2024-05-01T12:00:00.123Z}; else null. */
    static Instant iso(String text) {
        if (text == null) {
            return null;
        }
        try {
            return inRange(OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Unix seconds written as decimal digits; else null. */
    static Instant epochSeconds(String text) {
        if (text == null || text.isBlank() || text.trim().length() > 12) {
            return null;
        }
        try {
            return epochSeconds(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Instant epochSeconds(long seconds) {
        return seconds < 0 || seconds > MAX.getEpochSecond() ? null : Instant.ofEpochSecond(seconds);
    }

    /** A JSON integer as unix seconds, or a JSON string as ISO-8601; else null. */
    static Instant fromNode(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? epochSeconds(node.longValue()) : null;
        }
        return node.isTextual() ? iso(node.asText()) : null;
    }

    /** The first non-null of the candidates. */
    static Instant firstOf(Instant... candidates) {
        for (Instant candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static Instant inRange(Instant instant) {
        return instant.isBefore(Instant.EPOCH) || instant.isAfter(MAX) ? null : instant;
    }
}
