package io.hooklane.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Lenient reads of provider timestamps: anything unparsable or outside 1970..9999 (which RFC 3339 cannot write)
 * yields null, so the caller falls back to the receive time.
 */
final class Times {

    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** Nanoseconds per unit of the last digit of a fraction of 1 to 9 digits. */
    private static final int[] FRACTION_SCALE =
            {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Times() {
    }

    /** An ISO-8601 / RFC 3339 date-time with offset, e.g. {@code 2024-05-01T12:00:00.123Z}; else null. */
    static Instant iso(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        try {
            OffsetDateTime plain = plain(trimmed);
            return inRange((plain != null ? plain
                    : OffsetDateTime.parse(trimmed, DateTimeFormatter.ISO_OFFSET_DATE_TIME)).toInstant());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * The shape providers send, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} or {@code ...±HH:MM} (1 to 9 fraction digits), read
     * without the formatter (which took 2 % of the gateway's CPU samples at 10,000 webhooks/s); null for any other
     * shape, left to the formatter. A field out of range throws DateTimeException, as the formatter refuses it.
     */
    private static OffsetDateTime plain(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int start = ++at;
            while (at < length && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
                at++;
            }
            if (at == start || at - start > 9) {
                return null;
            }
            nanos = digits(text, start, at) * FRACTION_SCALE[at - start];
        }
        ZoneOffset offset;
        if (at == length - 1 && text.charAt(at) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int hours = digits(text, at + 1, at + 3);
            int minutes = digits(text, at + 4, at + 6);
            if ((hours | minutes) < 0) {
                return null;
            }
            offset = text.charAt(at) == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes)
                    : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } else {
            return null;
        }
        return OffsetDateTime.of(year, month, day, hour, minute, second, nanos, offset);
    }

    /** The ASCII decimal digits of text[from, to) as a number; -1 when any is not one. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
