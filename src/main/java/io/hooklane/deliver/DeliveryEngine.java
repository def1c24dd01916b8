package io.hooklane.deliver;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * One delivery loop's records between Kafka and the destination: which may start (per subject, up to the
 * destination's {@code maxInFlight}, while neither an operator pause nor the circuit breaker stops new attempts),
 * and what an attempt's result means (delivered, dead-lettered, or retried after its backoff, its subject parked
 * meanwhile). Attempts are asynchronous: their results, callbacks, dead-letter writes and retry timers come back
 * through {@link #post} and are handled on the loop's thread in {@link #step}, the only thread that uses this class.
 * Never touches the Kafka consumer: {@link #committable} says how far each partition is done.
 */
final class DeliveryEngine {

    /** Sends one attempt through the destination's route; {@code done} receives its result exactly once. */
    @FunctionalInterface
    interface Attempt {
        void start(ConsumerRecord<byte[], byte[]> record, String webhookId, int attempt, Consumer<AttemptResult> done);
    }

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLoop.class);
    private static final Duration DEAD_LETTER_RECHECK = Duration.ofSeconds(1);

    private final DeliverySettings settings;
    private final EngineSettings engine;
    private final Collaborators with;
    private final DeliveryRegistry.Destination control;
    private final DestinationLoad load;
    private final Clock clock;
    private final SubjectQueues<SubjectKey, Delivery> queues = new SubjectQueues<>();
    private final IncompleteOffsets offsets = new IncompleteOffsets();
    private final Set<SubjectKey> parked = new HashSet<>();
    private final Set<Delivery> awaitingCallback = new HashSet<>();
    private final ConcurrentLinkedQueue<Runnable> completions = new ConcurrentLinkedQueue<>();
    /** Calls in flight from this loop (attempts and callback waits), and dead-letter writes under way. */
    private int busy;
    private boolean stopping;

    /**
     * What the engine works with besides its settings; {@code callbacks} null: a 202 counts as delivered;
     * {@code answers} null: a callback's {@code output} becomes no event.
     */
    record Collaborators(Attempt attempt, Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker,
                         DeliveryListener listener, ReplayStates replays, RetryMemory memory,
                         CallbackWaiter callbacks, CallbackAnswers answers) {

        Collaborators(Attempt attempt, Producer<byte[], byte[]> deadLetters, CircuitBreaker breaker,
                      DeliveryListener listener, ReplayStates replays, RetryMemory memory, CallbackWaiter callbacks) {
            this(attempt, deadLetters, breaker, listener, replays, memory, callbacks, null);
        }
    }

    DeliveryEngine(DeliverySettings settings, Collaborators with, DeliveryRegistry.Destination control,
                   DestinationLoad load, Clock clock) {
        this.settings = settings;
        this.engine = settings.engine();
        this.with = with;
        this.control = control;
        this.load = load;
        this.clock = clock;
    }

    /** A record taken from Kafka (its room was reserved in the destination's load). */
    void accept(TopicPartition partition, ConsumerRecord<byte[], byte[]> record) {
        Delivery delivery = new Delivery(record, partition, SubjectKey.of(engine.ordering(), partition, record));
        offsets.taken(partition, record.offset(), record.timestamp());
        queues.add(delivery.subject, delivery);
    }

    /** Handles what came back, then starts what may start. */
    void step() {
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
        while (!stopping && queues.hasReady() && !control.paused()) {
            if (!load.tryStart()) {
                return;
            }
            if (!with.breaker().tryAcquirePermission()) {
                load.finished();
                return;
            }
            start(queues.take());
        }
    }

    /** Hands work back to the loop's thread (from any thread). */
    void post(Runnable work) {
        completions.add(work);
    }

    /** From now on no new attempt starts (the loop is stopping); results of those in flight are still handled. */
    void stopStarting() {
        stopping = true;
    }

    /** Whether calls, callback waits or dead-letter writes are under way. */
    boolean inFlight() {
        return busy > 0 || !completions.isEmpty();
    }

    /** Whether anything is under way whose result will come back (the loop then polls Kafka briefly). */
    boolean busy() {
        return busy > 0 || !parked.isEmpty() || !completions.isEmpty();
    }

    OptionalLong committable(TopicPartition partition) {
        return offsets.committable(partition);
    }

    Collection<TopicPartition> partitions() {
        return offsets.partitions();
    }

    int held() {
        return queues.size();
    }

    int parkedSubjects() {
        return parked.size();
    }

    OptionalLong oldestTimestamp() {
        return offsets.oldestTimestamp();
    }

    /**
     * The partitions are no longer this loop's (revoked, or the loop stops): their records are dropped (Kafka gives
     * them to the next owner from the committed offset), nothing that comes back for them is applied, and their
     * callback waits are cancelled.
     */
    void drop(Collection<TopicPartition> partitions) {
        List<Delivery> dropped = queues.removeKeys(key -> partitions.contains(key.partition()));
        for (Delivery delivery : dropped) {
            delivery.abandoned = true;
            parked.remove(delivery.subject);
            if (awaitingCallback.remove(delivery)) {
                // its wait counted in flight; whatever the waiter still reports is ignored
                load.finished();
                busy--;
                with.callbacks().cancel(delivery.webhookId, delivery.callback);
            }
        }
        load.release(dropped.size());
        offsets.forget(partitions);
    }

    private void start(Delivery delivery) {
        if (delivery.webhookId == null && !prepare(delivery)) {
            return;
        }
        delivery.attempts++;
        busy++;
        // asked for before the request leaves: a destination that calls back before its 202 reaches us (a fast agent,
        // a slow network) finds the wait, and its report is kept until the 202 is read
        delivery.callback = engine.completion() == EngineSettings.Completion.CALLBACK && with.callbacks() != null
                ? with.callbacks().await(settings.destination(), delivery.webhookId, engine.callbackTimeout())
                : null;
        long started = System.nanoTime();
        withMdc(delivery, () -> with.attempt().start(delivery.record, delivery.webhookId, delivery.attempts,
                result -> post(() -> attempted(delivery, result, System.nanoTime() - started))));
    }

    /** Before the first attempt: the event's id, and its retry history if it was tried before. */
    private boolean prepare(Delivery delivery) {
        EventEnvelope event;
        try {
            event = EventEnvelope.of(delivery.record.headers(), delivery.record.value());
        } catch (IllegalArgumentException e) {
            with.breaker().releasePermission();
            load.finished();
            delivery.webhookId = "unreadable";
            delivery.firstAttempt = clock.instant();
            deadLetter(delivery, DeadLetter.PERMANENT_FAILURE, new AttemptResult(null, e.getMessage(), null));
            return false;
        }
        delivery.eventId = event.id();
        delivery.webhookId = WebhookIds.of(settings.destination(), event.source(), event.id());
        RetryMemory.Entry history = with.memory().recall(delivery.webhookId).orElse(null);
        if (history == null) {
            delivery.firstAttempt = clock.instant();
            return true;
        }
        delivery.attempts = history.attempts();
        delivery.firstAttempt = history.firstAttempt();
        Instant now = clock.instant();
        if (history.nextAttempt() != null && history.nextAttempt().isAfter(now)) {
            // tried before a restart or a rebalance and still in its backoff: its subject waits until it is due
            with.breaker().releasePermission();
            load.finished();
            withMdc(delivery, () -> LOG.info("Delivery {} to {} was tried {} time(s) before: next attempt at {}, "
                    + "as its backoff says", delivery.webhookId, settings.destination(), delivery.attempts,
                    history.nextAttempt()));
            // a remembered time further off than the policy could have asked for (a clock jump, a damaged record)
            // is capped: a subject never waits longer than the longest backoff
            Duration wait = Duration.between(now, history.nextAttempt());
            Duration longest = settings.retryPolicy().longestWait();
            park(delivery, wait.compareTo(longest) > 0 ? longest : wait);
            return false;
        }
        return true;
    }

    private void attempted(Delivery delivery, AttemptResult result, long tookNanos) {
        Outcome outcome = result.outcome();
        if (outcome == Outcome.RETRY) {
            with.breaker().onError(tookNanos, TimeUnit.NANOSECONDS, new DeliveryFailedException(result.describe()));
        } else {
            with.breaker().onSuccess(tookNanos, TimeUnit.NANOSECONDS);
        }
        with.listener().attempted(settings.destination(), outcome, Duration.ofNanos(tookNanos));
        CompletableFuture<CallbackWaiter.Reported> callback = delivery.callback;
        // an attempt whose answer was lost (the connection broke, the read timed out) after the destination had
        // already called back: its callback is how the event went, and sending the event again would repeat work the
        // destination reported done
        boolean waiting = callback != null && !delivery.abandoned;
        boolean answerLost = waiting && result.status() == null && calledBack(callback);
        boolean awaited = answerLost || waiting && result.status() != null && result.status() == 202;
        if (answerLost) {
            withMdc(delivery, () -> LOG.info("Delivery {} to {}: the answer to attempt {} was lost ({}), but its "
                    + "callback had come: the callback's report stands and the event is not sent again",
                    delivery.webhookId, settings.destination(), delivery.attempts, result.describe()));
        }
        if (callback != null && !awaited) {
            // abandoned, answered without a 202, or no answer and no callback yet: this attempt's wait ends here
            delivery.callback = null;
            with.callbacks().cancel(delivery.webhookId, callback);
        }
        if (delivery.abandoned) {
            load.finished();
            busy--;
            return;
        }
        if (awaited) {
            // the subject stays busy and the wait counts in flight while the destination works; no thread waits
            awaitingCallback.add(delivery);
            callback.whenComplete((reported, failure) -> post(() -> {
                        if (delivery.abandoned) {
                            return;
                        }
                        awaitingCallback.remove(delivery);
                        if (reported == null) {
                            decide(delivery, new AttemptResult(null, "callback wait failed: " + failure, null));
                        } else {
                            reported(delivery, reported);
                        }
                    }));
            return;
        }
        decide(delivery, result);
    }

    /** Whether a callback, not a timeout or a cancellation, has already ended {@code wait}. */
    private static boolean calledBack(CompletableFuture<CallbackWaiter.Reported> wait) {
        if (!wait.isDone() || wait.isCompletedExceptionally()) {
            return false;
        }
        CallbackWaiter.Reported reported = wait.getNow(null);
        return reported != null && reported.status() != null;
    }

    /**
     * A callback ended the wait. A final one (completed, or rejected: dead-lettered) with an {@code output}, for a
     * destination whose answers are events, is written as the agent's answer first: the delivery is done, or
     * dead-lettered, only once Kafka acknowledged it; a failed write makes the attempt a retryable failure, as for
     * an answer given in the call. A {@code failed} callback is retried and writes nothing: only the answer that
     * ends the delivery travels on, under the delivery's one response id.
     */
    private void reported(Delivery delivery, CallbackWaiter.Reported reported) {
        String outcome = answerOutcome(reported);
        if (outcome == null || with.answers() == null) {
            decide(delivery, reported.result());
            return;
        }
        CompletableFuture<?> written;
        try {
            written = with.answers().write(delivery.record, delivery.webhookId, outcome, reported.output(),
                    reported.reason());
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        written.whenComplete((ignored, failure) -> post(() -> {
            if (delivery.abandoned) {
                // dropped while its answer was written: counted in flight until now
                load.finished();
                busy--;
                return;
            }
            decide(delivery, failure == null ? reported.result() : new AttemptResult(null,
                    "the agent's answer given in its callback could not be written to Kafka: "
                            + (failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure).getMessage(), null));
        }));
    }

    /** The answer's outcome when the callback's output is to become an event, else null. */
    private static String answerOutcome(CallbackWaiter.Reported reported) {
        if (reported.output() == null || reported.status() == null) {
            return null;
        }
        return switch (reported.status()) {
            case "completed" -> "completed";
            case "rejected" -> "rejected";
            default -> null;
        };
    }

    private void decide(Delivery delivery, AttemptResult result) {
        load.finished();
        busy--;
        withMdc(delivery, () -> {
            MDC.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            switch (result.outcome()) {
                case DELIVERED -> delivered(delivery);
                case PERMANENT -> deadLetter(delivery, DeadLetter.PERMANENT_FAILURE, result);
                default -> retryLater(delivery, result);
            }
        });
    }

    private void delivered(Delivery delivery) {
        LOG.debug("Delivered {} to {} (attempt {})", delivery.webhookId, settings.destination(), delivery.attempts);
        with.listener().delivered(settings.destination(), delivery.webhookId, delivery.attempts,
                delivery.record.timestamp());
        with.replays().delivered(delivery.record);
        finish(delivery);
    }

    private void retryLater(Delivery delivery, AttemptResult result) {
        RetryPolicy policy = settings.retryPolicy();
        Duration delay = policy.nextDelay(delivery.attempts, result.retryAfter(),
                ThreadLocalRandom.current()::nextDouble);
        Instant now = clock.instant();
        if (!policy.mayRetry(Duration.between(delivery.firstAttempt, now), delay)) {
            deadLetter(delivery, DeadLetter.RETRIES_EXHAUSTED, result);
            return;
        }
        Instant backoffEnd = now.plus(delay);
        Instant due = control.transitions().due(backoffEnd);
        if (due.equals(backoffEnd)) {
            LOG.info("Delivery {} to {} failed ({}), attempt {}: retrying in {} ms, at {}", delivery.webhookId,
                    settings.destination(), result.describe(), delivery.attempts, delay.toMillis(), due);
        } else {
            LOG.info("Delivery {} to {} failed ({}), attempt {}: retrying at {}, when the open circuit breaker lets a"
                    + " probe through (backoff {} ms)", delivery.webhookId, settings.destination(), result.describe(),
                    delivery.attempts, due, delay.toMillis());
        }
        with.listener().retrying(settings.destination());
        with.memory().remember(delivery.webhookId,
                new RetryMemory.Entry(delivery.attempts, delivery.firstAttempt, backoffEnd));
        park(delivery, Duration.between(now, due));
    }

    /** Only this subject waits: its later events stay behind it, every other subject keeps going. */
    private void park(Delivery delivery, Duration wait) {
        parked.add(delivery.subject);
        DeliveryTimer.after(wait, () -> post(() -> {
            if (!delivery.abandoned) {
                parked.remove(delivery.subject);
                queues.again(delivery.subject);
            }
        }));
    }

    private void deadLetter(Delivery delivery, String reason, AttemptResult last) {
        DeadLetter letter = new DeadLetter(settings.destination(), delivery.webhookId, reason, delivery.attempts,
                delivery.firstAttempt, clock.instant(), last.status(), last.describe(), last.location(),
                delivery.record.value());
        busy++;
        try {
            with.deadLetters().send(new ProducerRecord<>(settings.deadLetterTopic(), delivery.record.key(),
                    letter.toJson()), (meta, failure) -> post(() -> deadLettered(delivery, reason, last, failure)));
        } catch (RuntimeException e) {
            post(() -> deadLettered(delivery, reason, last, e));
        }
    }

    private void deadLettered(Delivery delivery, String reason, AttemptResult last, Exception failure) {
        busy--;
        if (delivery.abandoned) {
            return;
        }
        withMdc(delivery, () -> {
            if (failure != null) {
                LOG.warn("Could not write dead letter {} for {}: {}; will try again", delivery.webhookId,
                        settings.destination(), failure.toString());
                busy++;
                DeliveryTimer.after(DEAD_LETTER_RECHECK, () -> post(() -> {
                    busy--;
                    if (!delivery.abandoned) {
                        deadLetter(delivery, reason, last);
                    }
                }));
                return;
            }
            LOG.warn("Dead-lettered {} for {}: {} after {} attempt(s), last {}", delivery.webhookId,
                    settings.destination(), reason, delivery.attempts, last.describe());
            with.listener().deadLettered(settings.destination(), reason);
            finish(delivery);
        });
    }

    private void finish(Delivery delivery) {
        with.memory().forget(delivery.webhookId);
        queues.done(delivery.subject);
        offsets.completed(delivery.partition, delivery.record.offset());
        load.release(1);
    }

    private void withMdc(Delivery delivery, Runnable work) {
        MDC.put("destination", settings.destination());
        MDC.put("eventId", delivery.eventId);
        MDC.put("webhookId", delivery.webhookId);
        MDC.put("attempt", String.valueOf(delivery.attempts));
        try {
            work.run();
        } finally {
            MDC.remove("destination");
            MDC.remove("eventId");
            MDC.remove("webhookId");
            MDC.remove("attempt");
            MDC.remove("outcome");
        }
    }
}
