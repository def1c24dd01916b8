package io.hooklane.ingest;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IngestDedupTest {

    private final Set<String> durable = new HashSet<>();
    private volatile boolean failing;
    private final IngestDedup dedup = new IngestDedup(new DurableIds() {
        @Override
        public boolean contains(String key) {
            if (failing) {
                throw new UnavailableException("the index failed", null);
            }
            return durable.contains(key);
        }

        @Override
        public void add(String key) {
            durable.add(key);
        }
    }, Duration.ofMillis(200));

    @Test
    void an_id_is_a_duplicate_only_once_its_event_is_written() {
        IngestDedup.Claim first = dedup.claim("stripe/evt_1");
        assertThat(first.verdict()).isEqualTo(IngestDedup.Verdict.WRITE);
        assertThat(durable).isEmpty();

        dedup.written(first);
        dedup.finished(first);

        assertThat(dedup.claim("stripe/evt_1").verdict()).isEqualTo(IngestDedup.Verdict.DUPLICATE);
        assertThat(dedup.writesInProgress()).isZero();
    }

    @Test
    void a_copy_arriving_during_the_write_waits_and_is_a_duplicate_when_the_write_succeeds() throws Exception {
        IngestDedup.Claim first = dedup.claim("stripe/evt_2");
        IngestDedup.Claim retry = dedup.claim("stripe/evt_2");
        assertThat(retry.verdict()).isEqualTo(IngestDedup.Verdict.WAIT);
        CompletableFuture<Boolean> outcome = dedup.outcome(retry);
        assertThat(outcome).isNotDone();

        dedup.written(first);

        assertThat(outcome.get(1, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void a_failed_write_leaves_nothing_behind_and_its_waiting_copy_is_not_accepted() throws Exception {
        IngestDedup.Claim first = dedup.claim("stripe/evt_3");
        CompletableFuture<Boolean> outcome = dedup.outcome(dedup.claim("stripe/evt_3"));

        dedup.finished(first);

        assertThat(outcome.get(1, TimeUnit.SECONDS)).isFalse();
        assertThat(dedup.claim("stripe/evt_3").verdict()).isEqualTo(IngestDedup.Verdict.WRITE);
        assertThat(durable).isEmpty();
    }

    @Test
    void a_copy_waits_no_longer_than_the_bound() throws Exception {
        dedup.claim("stripe/evt_4");
        CompletableFuture<Boolean> outcome = dedup.outcome(dedup.claim("stripe/evt_4"));

        assertThat(outcome.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void a_finished_claim_does_not_release_a_later_copys_claim() {
        IngestDedup.Claim first = dedup.claim("stripe/evt_5");
        dedup.finished(first);
        IngestDedup.Claim second = dedup.claim("stripe/evt_5");

        dedup.finished(first);

        assertThat(dedup.claim("stripe/evt_5").verdict()).isEqualTo(IngestDedup.Verdict.WAIT);
        dedup.finished(second);
        assertThat(dedup.writesInProgress()).isZero();
    }

    @Test
    void a_store_that_fails_to_answer_takes_no_copy_and_keeps_no_claim() {
        failing = true;
        assertThat(dedup.claim("github/1").verdict()).isEqualTo(IngestDedup.Verdict.NOT_READY);
        assertThat(dedup.writesInProgress()).isZero();

        failing = false;
        assertThat(dedup.claim("github/1").verdict()).isEqualTo(IngestDedup.Verdict.WRITE);
    }
}
