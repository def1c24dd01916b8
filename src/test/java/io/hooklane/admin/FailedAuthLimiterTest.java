package io.hooklane.admin;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FailedAuthLimiterTest {

    private final AtomicLong now = new AtomicLong();
    private final FailedAuthLimiter limiter = new FailedAuthLimiter(3, Duration.ofSeconds(60), 100, now::get);

    @Test
    void locks_an_address_out_after_the_limit_and_lets_one_attempt_back_per_refill() {
        assertThat(limiter.lockedForSeconds("203.0.113.7")).isZero();
        assertThat(limiter.failed("203.0.113.7")).isFalse();
        assertThat(limiter.failed("203.0.113.7")).isFalse();
        assertThat(limiter.failed("203.0.113.7")).as("the third failure is the last allowed").isTrue();

        assertThat(limiter.lockedForSeconds("203.0.113.7")).isEqualTo(60);
        assertThat(limiter.lockedForSeconds("203.0.113.8")).isZero();

        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(limiter.lockedForSeconds("203.0.113.7")).isEqualTo(1);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(limiter.lockedForSeconds("203.0.113.7")).isZero();
        assertThat(limiter.failed("203.0.113.7")).isTrue();
        assertThat(limiter.lockedForSeconds("203.0.113.7")).isEqualTo(60);
    }

    @Test
    void checking_an_address_costs_it_nothing_and_remembers_nothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.lockedForSeconds("198.51.100.1")).isZero();
        }
        assertThat(limiter.trackedClients()).isZero();
    }

    @Test
    void ipv6_addresses_in_one_slash_64_share_their_failures() {
        limiter.failed("2001:db8:1:2::1");
        limiter.failed("2001:db8:1:2::2");
        limiter.failed("2001:db8:1:2:ffff::3");

        assertThat(limiter.lockedForSeconds("2001:db8:1:2::99")).isPositive();
        assertThat(limiter.lockedForSeconds("2001:db8:1:3::1")).isZero();
    }

    @Test
    void a_spray_of_addresses_cannot_grow_memory_past_the_bound() {
        for (int i = 0; i < 10_000; i++) {
            limiter.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(limiter.trackedClients()).isEqualTo(100);
    }

    @Test
    void refuses_limits_out_of_range_naming_the_setting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new FailedAuthLimiter(0, Duration.ofSeconds(60)))
                .withMessageContaining("hooklane.admin.failed-auth-limit").withMessageContaining("0");
        assertThatIllegalArgumentException().isThrownBy(() -> new FailedAuthLimiter(5, Duration.ZERO))
                .withMessageContaining("hooklane.admin.failed-auth-refill-seconds");
    }
}
