package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers one partition's records of a poll in order, one after the other: attempt, then delivered, dead-lettered
 * or told to wait (retry with backoff, open breaker, operator pause). Never touches the Kafka consumer: what the
 * loop thread must do afterwards is recorded in the {@link PartitionBatch}. Tasks for different partitions run this
 * at the same time; the breaker, the listener, the dead-letter producer and {@code pending} are safe for that, and
 * each partition's entry in {@code pending} is only used by the one task delivering that partition.
 */
final class PartitionDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration BREAKER_RECHECK = Duration.ofMillis(250);
    private static final Duration DEAD_LETTER_RECHECK = Duration.ofSeconds(1);

    private final DeliverySettings settings;
    private final Producer<byte[], byte[]> deadLetters;
    private final CircuitBreaker breaker;
    private final DeliveryLoop.Attempt attempt;
    private final Clock clock;
    private final DeliveryListener listener;
    private final DeliveryRegistry.Destination control;
    private final ReplayStates replays;
    private final Map<TopicPartition, Pending> pending = new ConcurrentHashMap<>();

    PartitionDelivery(DeliverySettings settings, Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker,
                      DeliveryLoop.Attempt attempt, Clock clock, DeliveryListener listener,
                      DeliveryRegistry.Destination control, ReplayStates replays) {
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.breaker = breaker;
        this.attempt = attempt;
        this.clock = clock;
        this.listener = listener;
        this.control = control;
        this.replays = replays;
    }

    /** Per partition: the record being retried, with its history. */
    private static final class Pending {
        final long offset;
        final Instant firstAttempt;
        int attempts;
        AttemptResult last;

        Pending(long offset, Instant firstAttempt) {
            this.offset = offset;
            this.firstAttempt = firstAttempt;
        }
    }

    /**
     * Delivers the batch's records in order until one must wait, the budget is spent ({@code System.nanoTime()} past
     * {@code budgetEnd}) or {@code running} turns false; the rest stay in Kafka.
     */
    void deliver(PartitionBatch batch, long budgetEnd, BooleanSupplier running) throws InterruptedException {
        for (ConsumerRecord<byte[], byte[]> record : batch.records()) {
            if (!running.getAsBoolean() || System.nanoTime() - budgetEnd > 0) {
                return;
            }
            if (!handle(batch, record)) {
                return;
            }
        }
    }

    /** The retry history of these partitions no longer applies (they were revoked or newly assigned). */
    void forget(TopicPartition partition) {
        pending.remove(partition);
    }

    /** @return false when the partition must wait (the batch says until when) */
    private boolean handle(PartitionBatch batch, ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        if (control.paused()) {
            // an operator paused this destination: the event waits in Kafka
            waitAndRetry(batch, BREAKER_RECHECK);
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            waitAndRetry(batch, BREAKER_RECHECK);
            return false;
        }
        TopicPartition partition = batch.partition();
        Pending state = pending.get(partition);
        if (state == null || state.offset != record.offset()) {
            state = new Pending(record.offset(), clock.instant());
            pending.put(partition, state);
        }
        state.attempts++;
        EventEnvelope event;
        try {
            event = EventEnvelope.of(record.headers(), record.value());
        } catch (IllegalArgumentException e) {
            breaker.releasePermission();
            return deadLetter(batch, record, state, "unreadable", DeadLetter.PERMANENT_FAILURE,
                    new AttemptResult(null, e.getMessage(), null));
        }
        String webhookId = WebhookIds.of(settings.destination(), event.source(), event.id());
        MDC.put("destination", settings.destination());
        MDC.put("eventId", event.id());
        MDC.put("webhookId", webhookId);
        MDC.put("attempt", String.valueOf(state.attempts));
        try {
            return attemptAndDecide(batch, record, state, webhookId);
        } finally {
            MDC.remove("destination");
            MDC.remove("eventId");
            MDC.remove("webhookId");
            MDC.remove("attempt");
            MDC.remove("outcome");
        }
    }

    private boolean attemptAndDecide(PartitionBatch batch, ConsumerRecord<byte[], byte[]> record, Pending state,
                                     String webhookId) throws InterruptedException {
        long started = System.nanoTime();
        AttemptResult result;
        try {
            result = attempt.deliver(record, webhookId, state.attempts);
        } catch (InterruptedException e) {
            breaker.releasePermission();
            throw e;
        } catch (Exception e) {
            result = new AttemptResult(null, e.getClass().getSimpleName() + ": " + e.getMessage(), null);
        }
        long took = System.nanoTime() - started;
        state.last = result;
        Outcome outcome = result.outcome();
        if (outcome == Outcome.RETRY) {
            breaker.onError(took, TimeUnit.NANOSECONDS, new DeliveryFailedException(result.describe()));
        } else {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        }
        listener.attempted(settings.destination(), outcome, Duration.ofNanos(took));
        MDC.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        switch (outcome) {
            case DELIVERED -> {
                LOG.debug("Delivered {} to {} (attempt {})", webhookId, settings.destination(), state.attempts);
                listener.delivered(settings.destination(), webhookId, state.attempts, record.timestamp());
                replays.delivered(record);
                done(batch);
                return true;
            }
            case PERMANENT -> {
                return deadLetter(batch, record, state, webhookId, DeadLetter.PERMANENT_FAILURE, result);
            }
            default -> {
                Duration delay = settings.retryPolicy().nextDelay(state.attempts, result.retryAfter(),
                        ThreadLocalRandom.current()::nextDouble);
                Duration elapsed = Duration.between(state.firstAttempt, clock.instant());
                if (!settings.retryPolicy().mayRetry(elapsed, delay)) {
                    return deadLetter(batch, record, state, webhookId, DeadLetter.RETRIES_EXHAUSTED, result);
                }
                Instant now = clock.instant();
                Instant backoffEnd = now.plus(delay);
                Instant due = control.transitions().due(backoffEnd);
                if (due.equals(backoffEnd)) {
                    LOG.info("Delivery {} to {} failed ({}), attempt {}: retrying in {} ms, at {}", webhookId,
                            settings.destination(), result.describe(), state.attempts, delay.toMillis(), due);
                } else {
                    LOG.info("Delivery {} to {} failed ({}), attempt {}: retrying at {}, when the open circuit breaker"
                            + " lets a probe through (backoff {} ms)", webhookId, settings.destination(),
                            result.describe(), state.attempts, due, delay.toMillis());
                }
                listener.retrying(settings.destination());
                batch.pauseUntil(due);
                return false;
            }
        }
    }

    private boolean deadLetter(PartitionBatch batch, ConsumerRecord<byte[], byte[]> record, Pending state,
                               String webhookId, String reason, AttemptResult last) throws InterruptedException {
        DeadLetter letter = new DeadLetter(settings.destination(), webhookId, reason, state.attempts,
                state.firstAttempt, clock.instant(), last.status(), last.describe(), last.location(), record.value());
        try {
            deadLetters.send(new ProducerRecord<>(settings.deadLetterTopic(), record.key(), letter.toJson()))
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            state.attempts--;
            throw e;
        } catch (Exception e) {
            LOG.warn("Could not write dead letter {} for {}: {}; will try again", webhookId, settings.destination(),
                    e.toString());
            state.attempts--;
            waitAndRetry(batch, DEAD_LETTER_RECHECK);
            return false;
        }
        LOG.warn("Dead-lettered {} for {}: {} after {} attempt(s), last {}", webhookId, settings.destination(), reason,
                state.attempts, last.describe());
        listener.deadLettered(settings.destination(), reason);
        done(batch);
        return true;
    }

    private void done(PartitionBatch batch) {
        pending.remove(batch.partition());
        batch.handledNext();
    }

    private void waitAndRetry(PartitionBatch batch, Duration delay) {
        batch.pauseUntil(clock.instant().plus(delay));
    }
}
