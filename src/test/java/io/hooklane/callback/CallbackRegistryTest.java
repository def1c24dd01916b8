package io.hooklane.callback;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallbackWaiter.Reported;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.Outcome;
import io.hooklane.testing.SignedCallback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The callback waits on a clock and a timer the test moves: no sleeping, no scheduler thread. */
class CallbackRegistryTest {

    private static final String SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("callback-registry-test-secret".getBytes(StandardCharsets.UTF_8));
    private static final String OTHER_SECRET = "whsec_" + java.util.Base64.getEncoder()
            .encodeToString("somebody-else".getBytes(StandardCharsets.UTF_8));
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final ManualTime time = new ManualTime(Instant.parse("2026-12-02T09:00:00Z"));
    private final DestinationCredentials credentials = new DestinationCredentials(
            key -> key.equals("SUPPORT_AGENT_SIGNING_SECRET") ? SECRET : null, false);
    private final CallbackRegistry registry = registry(new CallbackRegistry.Limits(100, Duration.ofMinutes(60),
            Duration.ofSeconds(300)));

    /** The attempt's result the wait ends with. */
    private CompletableFuture<AttemptResult> awaitResult(String webhookId, Duration timeout) {
        return registry.await("support-agent", webhookId, timeout).thenApply(Reported::result);
    }

    private CallbackRegistry registry(CallbackRegistry.Limits limits) {
        return new CallbackRegistry(d -> credentials.verifier(d, limits.tolerance(), time), time, time, limits);
    }

    @Test
    void a_completed_callback_completes_the_wait_as_delivered() throws Exception {
        CompletableFuture<AttemptResult> wait = awaitResult("msg_1", TIMEOUT);
        registry.receive("msg_1", signed("{\"status\":\"completed\",\"reason\":\"answered the customer\"}"),
                body("{\"status\":\"completed\",\"reason\":\"answered the customer\"}"));
        assertThat(wait).isCompletedWithValue(new AttemptResult(200, "callback: answered the customer", null));
        assertThat(wait.join().outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(registry.waiting()).isZero();
        assertThat(time.pending()).isZero();
    }

    @Test
    void a_failed_callback_is_a_retry_after_the_time_asked_and_a_rejected_one_is_permanent() throws Exception {
        CompletableFuture<AttemptResult> failed = awaitResult("msg_f", TIMEOUT);
        CompletableFuture<AttemptResult> rejected = awaitResult("msg_r", TIMEOUT);
        String failure = "{\"status\":\"failed\",\"reason\":\"model overloaded\",\"retryAfterSeconds\":120}";
        registry.receive("msg_f", signed(failure), body(failure));
        registry.receive("msg_r", signed("{\"status\":\"rejected\"}"), body("{\"status\":\"rejected\"}"));
        assertThat(failed.join())
                .isEqualTo(new AttemptResult(503, "callback: model overloaded", Duration.ofSeconds(120)));
        assertThat(failed.join().outcome()).isEqualTo(Outcome.RETRY);
        assertThat(rejected.join()).isEqualTo(new AttemptResult(422, "callback: rejected", null));
        assertThat(rejected.join().outcome()).isEqualTo(Outcome.PERMANENT);
    }

    @Test
    void the_wait_ends_at_its_timeout_and_a_later_callback_is_refused_as_late() {
        CompletableFuture<AttemptResult> wait = awaitResult("msg_slow", Duration.ofSeconds(90));
        time.advance(Duration.ofSeconds(89));
        assertThat(wait).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThat(wait).isCompletedWithValue(new AttemptResult(null, "callback timeout after 90000 ms", null));
        assertThat(wait.join().outcome()).isEqualTo(Outcome.RETRY);
        assertRefused("msg_slow", "{\"status\":\"completed\"}", CallbackRefusal.CALLBACK_LATE);
    }

    @Test
    void a_second_callback_is_refused_as_already_completed() throws Exception {
        CompletableFuture<AttemptResult> wait = awaitResult("msg_2", TIMEOUT);
        registry.receive("msg_2", signed("{\"status\":\"completed\"}"), body("{\"status\":\"completed\"}"));
        assertRefused("msg_2", "{\"status\":\"failed\"}", CallbackRefusal.ALREADY_COMPLETED);
        assertThat(wait.join().status()).isEqualTo(200);
    }

    @Test
    void a_replayed_callback_message_is_refused() throws Exception {
        registry.await("support-agent", "msg_3", TIMEOUT);
        Map<String, String> headers = signed("{\"status\":\"completed\"}");
        registry.receive("msg_3", headers, body("{\"status\":\"completed\"}"));
        assertThatThrownBy(() -> registry.receive("msg_3", headers, body("{\"status\":\"completed\"}")))
                .isInstanceOfSatisfying(CallbackRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(CallbackRefusal.REPLAYED));
    }

    @Test
    void unknown_unsigned_wrongly_signed_stale_and_malformed_callbacks_leave_the_wait_alone() {
        CompletableFuture<AttemptResult> wait = awaitResult("msg_4", TIMEOUT);
        String ok = "{\"status\":\"completed\"}";
        assertRefused("msg_never", ok, CallbackRefusal.UNKNOWN_DELIVERY);
        assertRefused("msg_4", Map.of(), ok, CallbackRefusal.MISSING_SIGNATURE);
        assertRefused("msg_4", signedWith(OTHER_SECRET, time.instant(), ok), ok, CallbackRefusal.INVALID_SIGNATURE);
        assertRefused("msg_4", signedWith(SECRET, time.instant().minusSeconds(301), ok), ok,
                CallbackRefusal.TIMESTAMP_OUT_OF_TOLERANCE);
        Map<String, String> bad = signed(ok);
        bad.put("webhook-signature", "v1,not*base64");
        assertRefused("msg_4", bad, ok, CallbackRefusal.MALFORMED_SIGNATURE);
        assertRefused("msg_4", "{\"status\":\"done\"}", CallbackRefusal.MALFORMED_PAYLOAD);
        assertRefused("msg_4", "{\"status\":\"failed\",\"retryAfterSeconds\":-1}", CallbackRefusal.MALFORMED_PAYLOAD);
        assertRefused("msg_4", "not json", CallbackRefusal.MALFORMED_PAYLOAD);
        assertThat(wait).isNotDone();
        assertThat(registry.waiting()).isEqualTo(1);
    }

    @Test
    void cancelling_an_attempts_wait_leaves_a_newer_attempts_wait_for_the_same_delivery() {
        CompletableFuture<Reported> older = registry.await("crm", "msg_6", TIMEOUT);
        CompletableFuture<Reported> newer = registry.await("crm", "msg_6", TIMEOUT);
        registry.cancel("msg_6", older);
        assertThat(newer).isNotDone();
        assertThat(registry.waiting()).isEqualTo(1);
        registry.cancel("msg_6", newer);
        assertThat(newer.join().result().outcome()).isEqualTo(Outcome.RETRY);
        assertThat(registry.waiting()).isZero();
    }

    @Test
    void a_cancelled_wait_ends_and_its_callback_is_refused_as_abandoned() {
        CompletableFuture<AttemptResult> wait = awaitResult("msg_5", TIMEOUT);
        registry.cancel("msg_5");
        assertThat(wait.join().outcome()).isEqualTo(Outcome.RETRY);
        assertThat(time.pending()).isZero();
        assertRefused("msg_5", "{\"status\":\"completed\"}", CallbackRefusal.DELIVERY_ABANDONED);
    }

    @Test
    void the_callbacks_status_reason_and_output_go_to_the_wait() throws Exception {
        CompletableFuture<Reported> completed = registry.await("support-agent", "msg_out", TIMEOUT);
        CompletableFuture<Reported> rejected = registry.await("support-agent", "msg_no", TIMEOUT);
        CompletableFuture<Reported> bare = registry.await("support-agent", "msg_bare", TIMEOUT);
        CompletableFuture<Reported> nulled = registry.await("support-agent", "msg_null", TIMEOUT);
        String answer = "{\"status\":\"completed\",\"reason\":\"refund issued\","
                + "\"output\":{\"reply\":\"Refund issued\",\"ticket\":42}}";
        registry.receive("msg_out", signed(answer), body(answer));
        String refusal = "{\"status\":\"rejected\",\"reason\":\"not our customer\",\"output\":[\"blocked\"]}";
        registry.receive("msg_no", signed(refusal), body(refusal));
        registry.receive("msg_bare", signed("{\"status\":\"completed\"}"), body("{\"status\":\"completed\"}"));
        String nullOutput = "{\"status\":\"completed\",\"output\":null}";
        registry.receive("msg_null", signed(nullOutput), body(nullOutput));

        assertThat(completed.join().result()).isEqualTo(new AttemptResult(200, "callback: refund issued", null));
        assertThat(completed.join().status()).isEqualTo("completed");
        assertThat(completed.join().reason()).isEqualTo("refund issued");
        assertThat(new String(completed.join().output(), StandardCharsets.UTF_8))
                .isEqualTo("{\"reply\":\"Refund issued\",\"ticket\":42}");
        assertThat(rejected.join().status()).isEqualTo("rejected");
        assertThat(rejected.join().result().outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(new String(rejected.join().output(), StandardCharsets.UTF_8)).isEqualTo("[\"blocked\"]");
        // without an output, or with "output": null, there is none
        assertThat(bare.join().output()).isNull();
        assertThat(nulled.join().output()).isNull();
        assertThat(nulled.join().status()).isEqualTo("completed");
    }

    @Test
    void a_wait_that_no_callback_ended_carries_no_answer() {
        CompletableFuture<Reported> timedOut = registry.await("support-agent", "msg_t", Duration.ofSeconds(5));
        CompletableFuture<Reported> cancelled = registry.await("support-agent", "msg_c", TIMEOUT);
        time.advance(Duration.ofSeconds(5));
        registry.cancel("msg_c");
        assertThat(timedOut.join().status()).isNull();
        assertThat(timedOut.join().output()).isNull();
        assertThat(cancelled.join().status()).isNull();
        assertThat(cancelled.join().result().outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void finished_deliveries_are_forgotten_after_the_remember_time() throws Exception {
        registry.await("support-agent", "msg_old", TIMEOUT);
        registry.receive("msg_old", signed("{\"status\":\"completed\"}"), body("{\"status\":\"completed\"}"));
        time.advance(Duration.ofMinutes(61));
        assertRefused("msg_old", "{\"status\":\"completed\"}", CallbackRefusal.UNKNOWN_DELIVERY);
    }

    @Test
    void finished_deliveries_beyond_the_remembered_count_are_forgotten_oldest_first() throws Exception {
        for (int i = 0; i < 101; i++) {
            registry.await("support-agent", "msg_n" + i, TIMEOUT);
            registry.cancel("msg_n" + i);
        }
        assertRefused("msg_n0", "{\"status\":\"completed\"}", CallbackRefusal.UNKNOWN_DELIVERY);
        assertRefused("msg_n100", "{\"status\":\"completed\"}", CallbackRefusal.DELIVERY_ABANDONED);
    }

    @Test
    void a_callback_for_another_instances_wait_is_checked_here_and_reported_to_it() throws Exception {
        List<String> told = new ArrayList<>();
        registry.connect(new CallbackRegistry.Peers() {
            @Override
            public void waiting(String webhookId, String destination, Instant until) {
                told.add("waiting " + webhookId + " until " + until);
            }

            @Override
            public void ended(String webhookId, String destination, CallbackRegistry.Ended how) {
                told.add(how + " " + webhookId);
            }

            @Override
            public void reported(String webhookId, String destination, byte[] callback) {
                told.add("reported " + webhookId + " " + new String(callback, StandardCharsets.UTF_8));
            }
        });
        registry.peerWaiting("msg_there", "support-agent", time.instant().plusSeconds(60));
        String unsigned = "{\"status\":\"completed\"}";
        assertRefused("msg_there", Map.of(), unsigned, CallbackRefusal.MISSING_SIGNATURE);

        registry.receive("msg_there", signed(unsigned), body(unsigned));

        assertThat(told).containsExactly("reported msg_there " + unsigned);
        assertRefused("msg_there", unsigned, CallbackRefusal.ALREADY_COMPLETED);

        // and the instance that waits completes its delivery from the report, with what the callback said
        CompletableFuture<Reported> wait = registry.await("support-agent", "msg_here", TIMEOUT);
        registry.peerReported("msg_here", body("{\"status\":\"failed\",\"retryAfterSeconds\":5,"
                + "\"output\":{\"retry\":true}}"));
        assertThat(wait.join().result()).isEqualTo(new AttemptResult(503, "callback: failed", Duration.ofSeconds(5)));
        assertThat(wait.join().status()).isEqualTo("failed");
        assertThat(new String(wait.join().output(), StandardCharsets.UTF_8)).isEqualTo("{\"retry\":true}");
        assertThat(told).contains("waiting msg_here until " + time.instant().plus(TIMEOUT), "COMPLETED msg_here");
    }

    @Test
    void a_callback_for_another_instances_wait_past_its_deadline_is_late() {
        registry.peerWaiting("msg_gone", "support-agent", time.instant().plusSeconds(60));
        time.advance(Duration.ofSeconds(61));
        assertRefused("msg_gone", "{\"status\":\"completed\"}", CallbackRefusal.CALLBACK_LATE);
    }

    @Test
    void limits_name_the_setting_they_refuse() {
        assertThatThrownBy(() -> new CallbackRegistry.Limits(5, Duration.ofMinutes(60), Duration.ofSeconds(300)))
                .hasMessageContaining("hooklane.callbacks.remembered").hasMessageContaining("5");
        assertThatThrownBy(() -> new CallbackRegistry.Limits(100, Duration.ofMinutes(60), Duration.ZERO))
                .hasMessageContaining("hooklane.callbacks.tolerance-seconds");
    }

    private void assertRefused(String webhookId, String json, CallbackRefusal reason) {
        assertRefused(webhookId, signed(json), json, reason);
    }

    private void assertRefused(String webhookId, Map<String, String> headers, String json, CallbackRefusal reason) {
        assertThatThrownBy(() -> registry.receive(webhookId, headers, body(json)))
                .isInstanceOfSatisfying(CallbackRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).doesNotContain(SECRET.substring(6));
                });
    }

    private Map<String, String> signed(String json) {
        return signedWith(SECRET, time.instant(), json);
    }

    private Map<String, String> signedWith(String secret, Instant at, String json) {
        return new HashMap<>(SignedCallback.headers(secret, at, json));
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** A clock and a timer that move only when the test advances them. */
    static final class ManualTime extends Clock implements CallbackTimer {

        private record Task(Instant due, Runnable run) {
        }

        private final List<Task> tasks = new ArrayList<>();
        private Instant now;

        ManualTime(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
            List<Task> due = tasks.stream().filter(t -> !t.due().isAfter(now)).toList();
            tasks.removeAll(due);
            due.forEach(t -> t.run().run());
        }

        int pending() {
            return tasks.size();
        }

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            Task scheduled = new Task(now.plus(delay), task);
            tasks.add(scheduled);
            return () -> tasks.remove(scheduled);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
