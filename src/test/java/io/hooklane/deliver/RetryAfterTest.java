package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    /** Wed, 21 Oct 2015 07:28:00 GMT. */
    private static final Clock NOW = Clock.fixed(Instant.parse("2015-10-21T07:28:00Z"), ZoneOffset.UTC);

    @Test
    void reads_delta_seconds() {
        assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void reads_zero_seconds() {
        assertThat(RetryAfter.parse("0", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void trims_surrounding_whitespace() {
        assertThat(RetryAfter.parse("  30 ", NOW)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void reads_an_http_date_in_the_future_as_the_time_until_it() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:30:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void reads_an_http_date_a_day_ahead() {
        assertThat(RetryAfter.parse("Thu, 22 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void an_http_date_in_the_past_means_no_wait() {
        assertThat(RetryAfter.parse("Tue, 20 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @Test
    void an_http_date_equal_to_now_means_no_wait() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).isEqualTo(Duration.ZERO);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t", "soon", "-5", "+5", "1.5", "12s", "0x10",
            "Wed, 32 Oct 2015 07:28:00 GMT", "2015-10-21T07:30:00Z", "Wed 21 Oct 2015"})
    void blank_or_garbage_is_null(String value) {
        assertThat(RetryAfter.parse(value, NOW)).isNull();
    }

    @Test
    void date_with_the_wrong_weekday_is_null_not_an_exception() {
        assertThat(RetryAfter.parse("Mon, 21 Oct 2015 07:30:00 GMT", NOW)).isNull();
    }

    @Test
    void number_too_large_for_a_long_is_null_not_an_exception() {
        assertThat(RetryAfter.parse("99999999999999999999999999", NOW)).isNull();
    }

    @Test
    void largest_long_is_read_without_overflow() {
        assertThat(RetryAfter.parse(String.valueOf(Long.MAX_VALUE), NOW))
                .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
    }

    @Test
    void huge_delay_is_capped_by_the_retry_policy() {
        RetryPolicy policy = new RetryPolicy("d", Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
                Duration.ofDays(1));
        Duration asked = RetryAfter.parse("9223372036854775807", NOW);
        assertThat(policy.nextDelay(1, asked, () -> 0.0)).isEqualTo(Duration.ofHours(1));
    }
}
