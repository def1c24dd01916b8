package io.hooklane.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private static final String CLIENT = "203.0.113.7";

    private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);

    private SourceRateLimiter limiter(double permitsPerSecond, int burst) {
        return limiter(permitsPerSecond, burst, SourceRateLimiter.DEFAULT_MAX_CLIENTS);
    }

    private SourceRateLimiter limiter(double permitsPerSecond, int burst, int maxClients) {
        return new SourceRateLimiter("shop", permitsPerSecond, burst, maxClients, nanos::get);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static int allowedOf(SourceRateLimiter limiter, String client, int attempts) {
        int allowed = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(client).allowed()) {
                allowed++;
            }
        }
        return allowed;
    }

    @Test
    void allows_a_burst_then_refuses() {
        SourceRateLimiter limiter = limiter(1, 5);

        assertThat(allowedOf(limiter, CLIENT, 5)).isEqualTo(5);
        assertThat(limiter.tryAcquire(CLIENT).allowed()).isFalse();
    }

    @Test
    void a_refusal_says_when_a_token_will_be_back() {
        SourceRateLimiter limiter = limiter(0.5, 1);
        limiter.tryAcquire(CLIENT);

        assertThat(limiter.tryAcquire(CLIENT)).isEqualTo(SourceRateLimiter.Decision.retryAfter(2));
        advance(Duration.ofMillis(1500));
        assertThat(limiter.tryAcquire(CLIENT).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void retry_after_is_at_least_one_second_even_for_fast_refills() {
        SourceRateLimiter limiter = limiter(100, 1);
        limiter.tryAcquire(CLIENT);

        SourceRateLimiter.Decision refused = limiter.tryAcquire(CLIENT);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void tokens_come_back_at_the_configured_rate() {
        SourceRateLimiter limiter = limiter(2, 4);
        allowedOf(limiter, CLIENT, 4);

        advance(Duration.ofMillis(500));
        assertThat(allowedOf(limiter, CLIENT, 10)).isEqualTo(1);
        advance(Duration.ofSeconds(1));
        assertThat(allowedOf(limiter, CLIENT, 10)).isEqualTo(2);
    }

    @Test
    void tokens_come_back_gradually_not_in_one_lump_per_window() {
        SourceRateLimiter limiter = limiter(10, 10);
        allowedOf(limiter, CLIENT, 10);

        advance(Duration.ofMillis(100));
        assertThat(allowedOf(limiter, CLIENT, 10)).isEqualTo(1);
    }

    @Test
    void a_quiet_client_never_saves_up_more_than_the_burst() {
        SourceRateLimiter limiter = limiter(10, 3);
        allowedOf(limiter, CLIENT, 3);

        advance(Duration.ofHours(1));
        assertThat(allowedOf(limiter, CLIENT, 10)).isEqualTo(3);
    }

    @Test
    void each_client_has_its_own_bucket() {
        SourceRateLimiter limiter = limiter(1, 2);
        allowedOf(limiter, CLIENT, 5);

        assertThat(limiter.tryAcquire("198.51.100.1").allowed()).isTrue();
    }

    @Test
    void one_source_flood_does_not_touch_another_source() {
        SourceRateLimiter shop = new SourceRateLimiter("shop", 1, 2, 10, nanos::get);
        SourceRateLimiter payments = new SourceRateLimiter("payments", 1, 2, 10, nanos::get);
        allowedOf(shop, CLIENT, 1000);

        assertThat(shop.tryAcquire(CLIENT).allowed()).isFalse();
        assertThat(allowedOf(payments, CLIENT, 2)).isEqualTo(2);
    }

    @Test
    void the_same_address_written_differently_shares_a_bucket() {
        SourceRateLimiter limiter = limiter(1, 1);

        assertThat(limiter.tryAcquire("2001:db8::1").allowed()).isTrue();
        assertThat(limiter.tryAcquire("2001:0db8:0:0:0:0:0:1").allowed()).isFalse();
        assertThat(limiter.tryAcquire("10.1.2.3").allowed()).isTrue();
        assertThat(limiter.tryAcquire("::ffff:10.1.2.3").allowed()).isFalse();
    }

    @Test
    void ipv6_clients_in_one_slash_64_share_a_bucket() {
        SourceRateLimiter limiter = limiter(1, 1);

        assertThat(limiter.tryAcquire("2001:db8:1:2::1").allowed()).isTrue();
        assertThat(limiter.tryAcquire("2001:db8:1:2:ffff:ffff:ffff:ffff").allowed()).isFalse();
        assertThat(limiter.tryAcquire("2001:db8:1:3::1").allowed()).isTrue();
    }

    @Test
    void keeps_at_most_max_clients_and_forgets_the_least_recently_seen() {
        SourceRateLimiter limiter = limiter(1, 1, 3);
        limiter.tryAcquire("192.0.2.1");
        limiter.tryAcquire("192.0.2.2");
        limiter.tryAcquire("192.0.2.3");
        limiter.tryAcquire("192.0.2.1"); // seen again: now the most recent
        limiter.tryAcquire("192.0.2.4"); // evicts 192.0.2.2

        assertThat(limiter.trackedClients()).isEqualTo(3);
        assertThat(limiter.tryAcquire("192.0.2.1").allowed()).as("kept, still empty").isFalse();
        assertThat(limiter.tryAcquire("192.0.2.2").allowed()).as("forgotten, starts full").isTrue();
    }

    @Test
    void a_spray_of_addresses_cannot_grow_memory_past_the_default_bound() {
        SourceRateLimiter limiter = limiter(1, 1);

        for (int i = 0; i < 150_000; i++) {
            limiter.tryAcquire("10." + (i >> 16) + "." + ((i >> 8) & 0xff) + "." + (i & 0xff));
        }

        assertThat(limiter.trackedClients()).isEqualTo(SourceRateLimiter.DEFAULT_MAX_CLIENTS);
    }

    @Test
    void never_grants_more_than_the_burst_to_concurrent_callers() throws Exception {
        SourceRateLimiter limiter = limiter(1, 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return allowedOf(limiter, CLIENT, 100);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Integer> result : results) {
                granted += result.get(10, TimeUnit.SECONDS);
            }
            assertThat(granted).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refills_with_the_system_clock_by_default() {
        SourceRateLimiter limiter = new SourceRateLimiter("shop", 20, 1);
        limiter.tryAcquire(CLIENT);

        await().atMost(Duration.ofSeconds(5)).until(() -> limiter.tryAcquire(CLIENT).allowed());
    }

    @Test
    void refuses_a_configuration_out_of_range() {
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(0, 1)).withMessageContaining("permitsPerSecond");
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(-1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(Double.NaN, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(Double.POSITIVE_INFINITY, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(1, 0)).withMessageContaining("burst");
        assertThatIllegalArgumentException().isThrownBy(() -> limiter(1, 1, 0)).withMessageContaining("maxClients");
    }

    @Test
    void a_decision_is_either_allowed_or_a_retry_delay_of_at_least_a_second() {
        assertThat(SourceRateLimiter.Decision.ALLOWED.allowed()).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> SourceRateLimiter.Decision.retryAfter(0));
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceRateLimiter.Decision(true, 3));
    }

    @Test
    void the_security_reasons_carry_their_status_and_code() {
        assertThat(SecurityReason.IP_NOT_ALLOWED.status()).isEqualTo(403);
        assertThat(SecurityReason.IP_NOT_ALLOWED.code()).isEqualTo("ip_not_allowed");
        assertThat(SecurityReason.RATE_LIMITED.status()).isEqualTo(429);
        assertThat(SecurityReason.RATE_LIMITED.code()).isEqualTo("rate_limited");
    }
}
