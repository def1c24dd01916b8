package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One destination's delivery queue: polls its Kafka topic and delivers each record in order per partition. The
 * offset of a record is committed only once it is delivered or written to the dead-letter topic, so a crash or a
 * stop never loses one (delivery is at least once). A record that must be retried stays in Kafka: its partition is
 * sought back to it and paused until the backoff is over, while the consumer keeps polling (and so keeps its group
 * membership). While the circuit breaker refuses calls, partitions are paused the same way: the events wait in
 * Kafka, not in memory, and the receiver sees only the breaker's half-open probes.
 */
public final class DeliveryLoop implements Runnable {

    /** Sends one attempt through the destination's route and reports what came back. */
    @FunctionalInterface
    public interface Attempt {
        AttemptResult deliver(ConsumerRecord<byte[], byte[]> record, String webhookId, int attempt) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration BREAKER_RECHECK = Duration.ofMillis(250);

    private final DeliverySettings settings;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    private final CircuitBreaker breaker;
    private final Attempt attempt;
    private final Clock clock;
    private final DeliveryListener listener;
    private final DeliveryRegistry.Destination control;
    private final int loopNumber;
    private final Map<TopicPartition, Pending> pending = new HashMap<>();
    private final Map<TopicPartition, Instant> pausedUntil = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private volatile boolean running = true;

    public DeliveryLoop(DeliverySettings settings, Consumer<byte[], byte[]> consumer,
                        Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker, Attempt attempt, Clock clock,
                        DeliveryListener listener, DeliveryRegistry.Destination control, int loopNumber) {
        this.settings = settings;
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.breaker = breaker;
        this.attempt = attempt;
        this.clock = clock;
        this.listener = listener;
        this.control = control;
        this.loopNumber = loopNumber;
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

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(settings.topic()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commit();
                    forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    forget(partitions);
                }
            });
            while (running) {
                resumeDuePartitions();
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                process(records);
                commit();
                reportLag();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                commit();
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) throws InterruptedException {
        long budgetEnd = System.nanoTime() + settings.batchBudget().toNanos();
        Set<TopicPartition> stopped = new HashSet<>();
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (!running || System.nanoTime() > budgetEnd || stopped.contains(partition)) {
                    // leave it, and the rest of this partition, in Kafka for the next poll
                    consumer.seek(partition, record.offset());
                    break;
                }
                if (!handle(partition, record)) {
                    stopped.add(partition);
                    break;
                }
            }
        }
    }

    /** @return false when the partition must wait (its position was sought back to this record) */
    private boolean handle(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        if (control.paused()) {
            // an operator paused this destination: the event waits in Kafka
            waitAndRetry(partition, record, BREAKER_RECHECK);
            return false;
        }
        if (!breaker.tryAcquirePermission()) {
            waitAndRetry(partition, record, BREAKER_RECHECK);
            return false;
        }
        Pending state = pending.get(partition);
        if (state == null || state.offset != record.offset()) {
            state = new Pending(record.offset(), clock.instant());
            pending.put(partition, state);
        }
        state.attempts++;
        EventEnvelope event;
        try {
            event = EventEnvelope.read(record.value());
        } catch (IllegalArgumentException e) {
            breaker.releasePermission();
            return deadLetter(partition, record, state, "unreadable", DeadLetter.PERMANENT_FAILURE,
                    new AttemptResult(null, e.getMessage(), null));
        }
        String webhookId = WebhookIds.of(settings.destination(), event.source(), event.id());
        MDC.put("destination", settings.destination());
        MDC.put("eventId", event.id());
        MDC.put("webhookId", webhookId);
        MDC.put("attempt", String.valueOf(state.attempts));
        try {
            return attemptAndDecide(partition, record, state, webhookId);
        } finally {
            MDC.remove("destination");
            MDC.remove("eventId");
            MDC.remove("webhookId");
            MDC.remove("attempt");
            MDC.remove("outcome");
        }
    }

    private boolean attemptAndDecide(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Pending state,
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
        MDC.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        switch (outcome) {
            case DELIVERED -> {
                LOG.debug("Delivered {} to {} (attempt {})", webhookId, settings.destination(), state.attempts);
                listener.delivered(settings.destination(), webhookId, state.attempts, record.timestamp());
                done(partition, record);
                return true;
            }
            case PERMANENT -> {
                return deadLetter(partition, record, state, webhookId, DeadLetter.PERMANENT_FAILURE, result);
            }
            default -> {
                Duration delay = settings.retryPolicy().nextDelay(state.attempts, result.retryAfter(),
                        ThreadLocalRandom.current()::nextDouble);
                Duration elapsed = Duration.between(state.firstAttempt, clock.instant());
                if (!settings.retryPolicy().mayRetry(elapsed, delay)) {
                    return deadLetter(partition, record, state, webhookId, DeadLetter.RETRIES_EXHAUSTED, result);
                }
                LOG.info("Delivery {} to {} failed ({}), attempt {}: retrying in {} ms", webhookId,
                        settings.destination(), result.describe(), state.attempts, delay.toMillis());
                listener.retrying(settings.destination());
                waitAndRetry(partition, record, delay);
                return false;
            }
        }
    }

    private boolean deadLetter(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Pending state,
                               String webhookId, String reason, AttemptResult last) {
        DeadLetter letter = new DeadLetter(settings.destination(), webhookId, reason, state.attempts,
                state.firstAttempt, clock.instant(), last.status(), last.describe(), record.value());
        try {
            deadLetters.send(new ProducerRecord<>(settings.deadLetterTopic(), record.key(), letter.toJson()))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Could not write dead letter {} for {}: {}; will try again", webhookId, settings.destination(),
                    e.toString());
            state.attempts--;
            waitAndRetry(partition, record, Duration.ofSeconds(1));
            return false;
        }
        LOG.warn("Dead-lettered {} for {}: {} after {} attempt(s), last {}", webhookId, settings.destination(), reason,
                state.attempts, last.describe());
        listener.deadLettered(settings.destination(), reason);
        done(partition, record);
        return true;
    }

    private void done(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        pending.remove(partition);
        toCommit.put(partition, new OffsetAndMetadata(record.offset() + 1));
    }

    private void waitAndRetry(TopicPartition partition, ConsumerRecord<byte[], byte[]> record, Duration delay) {
        consumer.seek(partition, record.offset());
        consumer.pause(List.of(partition));
        pausedUntil.put(partition, clock.instant().plus(delay));
    }

    private void reportLag() {
        long lag = 0;
        for (TopicPartition partition : consumer.assignment()) {
            // from the position, which a waiting record was sought back to: it counts as waiting
            lag += consumer.currentLag(partition).orElse(0);
        }
        control.reportLag(loopNumber, lag);
    }

    private void resumeDuePartitions() {
        if (pausedUntil.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TopicPartition> due = pausedUntil.entrySet().stream()
                .filter(e -> !e.getValue().isAfter(now)).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(pausedUntil::remove);
            Set<TopicPartition> assigned = consumer.assignment();
            consumer.resume(due.stream().filter(assigned::contains).toList());
        }
    }

    private void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(p -> {
            pending.remove(p);
            pausedUntil.remove(p);
            toCommit.remove(p);
        });
    }

    private void commit() {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            try {
                consumer.commitSync(new HashMap<>(toCommit), Duration.ofSeconds(10));
            } catch (WakeupException e) {
                // stop() woke the consumer; the wakeup is spent, so the final commit can go through
                consumer.commitSync(new HashMap<>(toCommit), Duration.ofSeconds(10));
            }
            toCommit.clear();
        } catch (RuntimeException e) {
            LOG.warn("Committing delivery offsets for {} failed ({}); the events may be delivered again",
                    settings.destination(), e.toString());
        }
    }
}
