package io.hooklane.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimesTest {

    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Test
    void reads_the_timestamps_providers_send() {
        assertThat(Times.iso("2024-05-01T12:00:00Z")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(Times.iso("2024-05-01T12:00:00.123Z")).isEqualTo(Instant.parse("2024-05-01T12:00:00.123Z"));
        assertThat(Times.iso("2024-05-01T14:00:00+02:00")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(Times.iso(" 2024-05-01T07:30:00.000000001-04:30 ")).isEqualTo(Instant.parse("2024-05-01T12:00:00.000000001Z"));
        // shapes outside the fast path still go through the formatter
        assertThat(Times.iso("2024-05-01T12:00:00.Z")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(Times.iso("2024-05-01t12:00z")).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T12:00:00Z", "2024-04-31T12:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:60:00Z",
            "2024-05-01T12:00:60Z", "2024-13-01T12:00:00Z", "2024-05-01T12:00:00+19:00", "2024-05-01T12:00:00+05:60",
            "2024-05-01T12:00:00.1234567890Z", "2024-05-01T12:00:00", "2024-05-01 12:00:00Z",
            "1969-12-31T23:59:59Z", "2024-05-01T12:00:00+0200", "２０２４-05-01T12:00:00Z", ""})
    void refuses_what_the_iso_formatter_refuses_or_is_out_of_range(String text) {
        assertThat(Times.iso(text)).isNull();
        assertThat(Times.iso(text)).isEqualTo(formatter(text));
    }

    @Test
    void reads_every_timestamp_exactly_as_the_iso_formatter_does() {
        Random random = new Random(20261128);
        List<String> texts = new ArrayList<>();
        String[] offsets = {"Z", "z", "+00:00", "-00:00", "+02:00", "-04:30", "+14:00", "+18:00", "-18:00", "+18:01",
                "+05:59", "+05:60", "+5:00", "+05:00:30", "+0500", "UTC", ""};
        for (int i = 0; i < 20_000; i++) {
            int year = random.nextInt(10) == 0 ? random.nextInt(10_000) : 1960 + random.nextInt(80);
            String date = String.format("%04d-%02d-%02d", year, 1 + random.nextInt(13), 1 + random.nextInt(32));
            String time = String.format("%02d:%02d:%02d", random.nextInt(25), random.nextInt(61), random.nextInt(61));
            int fraction = random.nextInt(12) - 1;
            int start = random.nextInt(3);
            String digits = fraction < 0 ? "" : "." + "9876543210987".substring(start, start + fraction);
            String separator = random.nextInt(20) == 0 ? "t" : "T";
            String text = date + separator + time + digits + offsets[random.nextInt(offsets.length)];
            texts.add(text);
            texts.add(mutate(text, random));
        }
        for (String text : texts) {
            assertThat(Times.iso(text)).as(text).isEqualTo(formatter(text));
        }
        assertThat(texts.stream().filter(t -> Times.iso(t) != null).count()).as("readable samples").isGreaterThan(5_000);
    }

    /** One character replaced, removed or doubled. */
    private static String mutate(String text, Random random) {
        int at = random.nextInt(text.length());
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + "0:-.+ZT9x".charAt(random.nextInt(9)) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + text.substring(at + 1);
            default -> text.substring(0, at) + text.charAt(at) + text.substring(at);
        };
    }

    /** What Times.iso answered before its fast path: the ISO formatter, then the 1970..9999 range. */
    private static Instant formatter(String text) {
        try {
            Instant instant = OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            return instant.isBefore(Instant.EPOCH) || instant.isAfter(MAX) ? null : instant;
        } catch (DateTimeException e) {
            return null;
        }
    }
}
