package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryPolicyTest {

    private static final DoubleSupplier ZERO = () -> 0.0;
    private static final DoubleSupplier HALF = () -> 0.5;
    private static final DoubleSupplier ALMOST_ONE = () -> 0.999;

    /** 1 s, doubling, capped at 30 s, for 10 minutes. */
    private final RetryPolicy policy = new RetryPolicy("orders", Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
            Duration.ofMinutes(10));

    @Test
    void first_ceiling_is_the_initial_backoff() {
        assertThat(policy.ceiling(1)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void ceiling_grows_by_the_multiplier_per_attempt() {
        assertThat(policy.ceiling(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.ceiling(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.ceiling(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(policy.ceiling(5)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void ceiling_uses_a_fractional_multiplier() {
        RetryPolicy slow = new RetryPolicy("d", Duration.ofMillis(1000), 1.5, Duration.ofMinutes(1),
                Duration.ofHours(1));
        assertThat(slow.ceiling(2)).isEqualTo(Duration.ofMillis(1500));
        assertThat(slow.ceiling(3)).isEqualTo(Duration.ofMillis(2250));
    }

    @Test
    void ceiling_caps_at_the_max_backoff() {
        assertThat(policy.ceiling(6)).isEqualTo(Duration.ofSeconds(30)); // 32 s uncapped
        assertThat(policy.ceiling(7)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void ceiling_stays_at_max_for_huge_attempt_numbers_without_overflow() {
        assertThat(policy.ceiling(10_000)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void multiplier_of_one_keeps_the_ceiling_constant() {
        RetryPolicy flat = new RetryPolicy("d", Duration.ofMillis(700), 1.0, Duration.ofSeconds(5),
                Duration.ofMinutes(1));
        assertThat(flat.ceiling(1)).isEqualTo(Duration.ofMillis(700));
        assertThat(flat.ceiling(50)).isEqualTo(Duration.ofMillis(700));
    }

    @Test
    void attempt_zero_or_below_is_treated_as_the_first() {
        assertThat(policy.ceiling(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.ceiling(-3)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void full_jitter_with_zero_random_waits_nothing() {
        assertThat(policy.nextDelay(4, null, ZERO)).isEqualTo(Duration.ZERO);
    }

    @Test
    void full_jitter_scales_the_ceiling_by_the_random_share() {
        assertThat(policy.nextDelay(4, null, HALF)).isEqualTo(Duration.ofSeconds(4)); // ceiling 8 s
    }

    @Test
    void full_jitter_stays_below_the_ceiling_for_a_random_just_below_one() {
        Duration delay = policy.nextDelay(4, null, ALMOST_ONE);
        assertThat(delay).isEqualTo(Duration.ofMillis(7992));
        assertThat(delay).isLessThanOrEqualTo(policy.ceiling(4));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 6, 20})
    void jittered_delay_stays_within_zero_and_the_ceiling(int attempt) {
        for (DoubleSupplier random : new DoubleSupplier[] {ZERO, HALF, ALMOST_ONE}) {
            assertThat(policy.nextDelay(attempt, null, random))
                    .isBetween(Duration.ZERO, policy.ceiling(attempt));
        }
    }

    @Test
    void jitter_at_the_cap_is_a_share_of_the_max() {
        assertThat(policy.nextDelay(12, null, HALF)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void waits_at_least_retry_after() {
        assertThat(policy.nextDelay(1, Duration.ofSeconds(120), ALMOST_ONE)).isEqualTo(Duration.ofSeconds(120));
        assertThat(policy.nextDelay(1, Duration.ofSeconds(120), ZERO)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void jitter_wins_over_a_shorter_retry_after() {
        // ceiling(5) = 16 s, half = 8 s > 3 s
        assertThat(policy.nextDelay(5, Duration.ofSeconds(3), HALF)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void zero_retry_after_does_not_lengthen_the_jittered_delay() {
        assertThat(policy.nextDelay(5, Duration.ZERO, HALF)).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void retry_after_longer_than_an_hour_is_capped_at_one_hour() {
        assertThat(policy.nextDelay(1, Duration.ofDays(3), ZERO)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.nextDelay(1, Duration.ofSeconds(Long.MAX_VALUE), ZERO)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void retry_after_of_exactly_one_hour_is_honoured() {
        assertThat(policy.nextDelay(1, Duration.ofHours(1), ZERO)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void may_retry_while_elapsed_plus_delay_is_within_the_budget() {
        assertThat(policy.mayRetry(Duration.ofMinutes(5), Duration.ofMinutes(4))).isTrue();
        assertThat(policy.mayRetry(Duration.ZERO, Duration.ZERO)).isTrue();
    }

    @Test
    void may_retry_when_landing_exactly_on_the_budget() {
        assertThat(policy.mayRetry(Duration.ofMinutes(9), Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void may_not_retry_past_the_budget() {
        assertThat(policy.mayRetry(Duration.ofMinutes(9), Duration.ofMinutes(1).plusMillis(1))).isFalse();
        assertThat(policy.mayRetry(Duration.ofMinutes(11), Duration.ZERO)).isFalse();
    }

    @Test
    void a_capped_retry_after_beyond_the_budget_forbids_retrying() {
        Duration delay = policy.nextDelay(1, Duration.ofHours(5), ZERO);
        assertThat(policy.mayRetry(Duration.ofSeconds(1), delay)).isFalse();
    }

    @Test
    void rejects_zero_initial_backoff_naming_key_and_value() {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ZERO, 2.0, Duration.ofSeconds(30),
                Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("initialBackoffMillis")
                .hasMessageContaining("was 0");
    }

    @Test
    void rejects_negative_max_backoff_naming_key_and_value() {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ofSeconds(1), 2.0, Duration.ofMillis(-5),
                Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoffMillis")
                .hasMessageContaining("-5");
    }

    @Test
    void rejects_missing_retry_budget_naming_key() {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
                null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retryForMillis")
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.0, -2.0, Double.NaN})
    void rejects_multiplier_below_one_naming_key_and_value(double multiplier) {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ofSeconds(1), multiplier,
                Duration.ofSeconds(30), Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders")
                .hasMessageContaining("backoffMultiplier")
                .hasMessageContaining(String.valueOf(multiplier));
    }

    @Test
    void rejects_max_below_initial_naming_both_values() {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ofSeconds(10), 2.0, Duration.ofSeconds(5),
                Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxBackoffMillis (5000)")
                .hasMessageContaining("initialBackoffMillis (10000)");
    }

    @Test
    void accepts_max_equal_to_initial() {
        RetryPolicy same = new RetryPolicy("d", Duration.ofSeconds(2), 3.0, Duration.ofSeconds(2),
                Duration.ofMinutes(1));
        assertThat(same.ceiling(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(same.ceiling(4)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void caps_a_retry_after_at_the_configured_maximum() {
        RetryPolicy capped = new RetryPolicy("d", Duration.ofMillis(100), 2.0, Duration.ofMillis(300),
                Duration.ofMinutes(10), Duration.ofMillis(500));

        assertThat(capped.nextDelay(1, Duration.ofSeconds(999_999), ZERO)).isEqualTo(Duration.ofMillis(500));
        assertThat(capped.nextDelay(1, Duration.ofMillis(200), ZERO)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void rejects_a_non_positive_retry_after_cap_naming_the_parameter() {
        assertThatThrownBy(() -> new RetryPolicy("orders", Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxRetryAfterMillis");
    }

    @Test
    void the_longest_wait_is_the_retry_after_cap_when_it_exceeds_the_backoff_ceiling() {
        assertThat(policy.longestWait()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void the_longest_wait_is_the_backoff_ceiling_when_retry_after_is_capped_lower() {
        RetryPolicy shortCap = new RetryPolicy("d", Duration.ofSeconds(1), 2.0, Duration.ofMinutes(30),
                Duration.ofHours(24), Duration.ofMinutes(2));
        assertThat(shortCap.longestWait()).isEqualTo(Duration.ofMinutes(30));
    }
}
