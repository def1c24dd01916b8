package io.hooklane.deliver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hooklane.kafka.PartitionLogConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeliveryLoop} with asynchronous attempts: different subjects at the same time up to maxInFlight, each
 * subject in order (records without a key share their partition's queue), offsets committed only below what is not
 * yet delivered. A Kafka consumer that keeps its records ({@link PartitionLogConsumer}) and a
 * programmable receiver stand in for the broker and the HTTP call.
 */
class DeliveryLoopConcurrencyTest {

    private static final String TOPIC = "hooklane.deliver.crm";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final PartitionLogConsumer consumer = new PartitionLogConsumer(TOPIC, 3);
    private final MockProducer<byte[], byte[]> deadLetters =
            new MockProducer<>(true, new ByteArraySerializer(), new ByteArraySerializer());
    /** Per partition, the offsets the receiver was called with, in call order. */
    private final Map<Integer, Queue<Long>> calls = new ConcurrentHashMap<>();
    /** Every call: partition, offset, the attempt number the engine gave it, and when it was made. */
    private final Queue<Call> allCalls = new ConcurrentLinkedQueue<>();
    private final Map<Integer, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger mostInFlightInOnePartition = new AtomicInteger();
    private DeliveryRegistry.Destination control;
    /** Where callbacks' outputs are written as answers (replies: true); null: nowhere. */
    private CallbackAnswers answers;
    private ExecutorService pool;
    private DeliveryLoop loop;
    private Thread loopThread;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.stop();
            loopThread.join(WAIT.toMillis());
        }
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    void delivers_different_subjects_concurrently_and_each_subject_in_order() {
        appendEvents(3, 4);
        CountDownLatch firstOfEachPartitionCalled = new CountDownLatch(3);
        Queue<Boolean> sawTheOthersInFlight = new ConcurrentLinkedQueue<>();
        start(3, record -> {
            if (record.offset() == 0) {
                // the first event of each partition answers only once the first of every partition is being sent
                firstOfEachPartitionCalled.countDown();
                sawTheOthersInFlight.add(firstOfEachPartitionCalled.await(3, TimeUnit.SECONDS));
            }
            return new AttemptResult(200, null, null);
        });

        await().atMost(WAIT).until(() -> allCommitted(3, 4));

        assertThat(sawTheOthersInFlight).as("each partition's first call saw the other two in flight")
                .containsExactly(true, true, true);
        for (int p = 0; p < 3; p++) {
            assertThat(calls.get(p)).as("partition " + p).containsExactly(0L, 1L, 2L, 3L);
        }
        assertThat(mostInFlightInOnePartition.get()).as("calls in flight at once within one partition").isEqualTo(1);
    }

    @Test
    void a_retrying_subject_does_not_hold_up_the_others() {
        appendEvents(3, 3);
        AtomicInteger firstCallsOfP0 = new AtomicInteger();
        start(3, record -> {
            if (record.partition() == 0 && record.offset() == 0 && firstCallsOfP0.incrementAndGet() == 1) {
                return new AttemptResult(503, "Service Unavailable", Duration.ofSeconds(2));
            }
            return new AttemptResult(200, null, null);
        });

        await().atMost(WAIT).until(() -> consumer.committedOffset(1).orElse(0) == 3
                && consumer.committedOffset(2).orElse(0) == 3);
        assertThat(consumer.committedOffset(0).orElse(0)).as("nothing of partition 0 committed while it waits")
                .isZero();
        assertThat(control.load().parkedSubjects()).as("partition 0's subject is parked").isEqualTo(1);
        assertThat(calls.get(0)).as("partition 0's later events wait behind the retried one").containsExactly(0L);

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 3);
        assertThat(calls.get(0)).as("retried, then the rest in order, none skipped").containsExactly(0L, 0L, 1L, 2L);
        assertThat(calls.get(1)).containsExactly(0L, 1L, 2L);
        assertThat(calls.get(2)).containsExactly(0L, 1L, 2L);
        assertThat(control.load().parkedSubjects()).isZero();
    }

    @Test
    void with_completion_callback_a_202_waits_for_the_callback_and_holds_its_subject_meanwhile() {
        appendEvents(1, 2);
        CompletableFuture<CallbackWaiter.Reported> callback = new CompletableFuture<>();
        Queue<String> awaited = new ConcurrentLinkedQueue<>();
        CallbackWaiter waiter = new CallbackWaiter() {
            @Override
            public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
                awaited.add(webhookId);
                return callback;
            }

            @Override
            public void cancel(String webhookId) {
            }
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter,
                record -> new AttemptResult(record.offset() == 0 ? 202 : 200, null, null));

        await().atMost(WAIT).until(() -> awaited.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> callsTo(0).size() == 1);
        assertThat(control.load().inFlight()).as("the callback wait counts in flight").isEqualTo(1);
        assertThat(consumer.committedOffset(0).orElse(0)).isZero();

        callback.complete(CallbackWaiter.Reported.without(new AttemptResult(200, null, null)));

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 2);
        assertThat(callsTo(0)).containsExactly(0L, 1L);
    }

    @Test
    void with_completion_callback_the_wait_exists_before_the_request_and_an_answer_without_202_cancels_it() {
        appendEvents(1, 1);
        Queue<String> events = new ConcurrentLinkedQueue<>();
        CallbackWaiter waiter = new CallbackWaiter() {
            @Override
            public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
                events.add("await " + webhookId);
                return new CompletableFuture<>();
            }

            @Override
            public void cancel(String webhookId) {
                events.add("cancel " + webhookId);
            }
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter, record -> {
            events.add("request");
            return new AttemptResult(200, null, null);
        });

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(events).hasSize(3);
        String webhookId = events.peek().substring("await ".length());
        assertThat(events).containsExactly("await " + webhookId, "request", "cancel " + webhookId);
        assertThat(control.load().inFlight()).isZero();
    }

    @Test
    void a_completed_callback_s_output_is_written_before_the_delivery_counts_as_done_and_a_failed_write_is_retried() {
        appendEvents(1, 1);
        String webhookId = WebhookIds.of("crm", "/test", "evt-0-0");
        byte[] output = "{\"decision\":\"refund\"}".getBytes(StandardCharsets.UTF_8);
        CallbackWaiter waiter = reporting(id -> new CallbackWaiter.Reported(new AttemptResult(200, "callback: done",
                null), "completed", "done", output));
        Queue<String> written = new ConcurrentLinkedQueue<>();
        CompletableFuture<Object> secondWrite = new CompletableFuture<>();
        answers = (record, id, outcome, answer, reason) -> {
            written.add(id + " " + outcome + " " + reason + " " + new String(answer, StandardCharsets.UTF_8));
            return written.size() == 1
                    ? CompletableFuture.<Object>failedFuture(new IllegalStateException("broker down")) : secondWrite;
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter,
                record -> new AttemptResult(202, null, null));

        // the first write failed: the event is sent again, and its second answer is written
        await().atMost(WAIT).until(() -> written.size() == 2);
        assertThat(callsTo(0)).containsExactly(0L, 0L);
        assertThat(written).containsOnly(webhookId + " completed done {\"decision\":\"refund\"}");
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> consumer.committedOffset(0).orElse(0) == 0);
        assertThat(control.load().inFlight()).as("the write counts in flight").isEqualTo(1);

        secondWrite.complete(null);

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(deadLetters.history()).isEmpty();
        assertThat(callsTo(0)).hasSize(2);
    }

    @Test
    void a_rejected_callback_s_output_is_written_before_its_dead_letter_and_a_failed_or_bare_one_writes_nothing() {
        appendEvents(2, 1);
        String rejectedId = WebhookIds.of("crm", "/test", "evt-0-0");
        byte[] output = "[\"blocked\"]".getBytes(StandardCharsets.UTF_8);
        AtomicInteger failedReports = new AtomicInteger();
        CallbackWaiter waiter = reporting(id -> id.equals(rejectedId)
                ? new CallbackWaiter.Reported(new AttemptResult(422, "callback: not ours", null), "rejected",
                        "not ours", output)
                // the other: failed (with an output) once, then completed without one
                : failedReports.getAndIncrement() == 0
                        ? new CallbackWaiter.Reported(new AttemptResult(503, "callback: busy", null), "failed", "busy",
                                output)
                        : new CallbackWaiter.Reported(new AttemptResult(200, null, null), "completed", null, null));
        Queue<String> written = new ConcurrentLinkedQueue<>();
        CompletableFuture<Object> write = new CompletableFuture<>();
        answers = (record, id, outcome, answer, reason) -> {
            written.add(id + " " + outcome + " " + reason + " " + new String(answer, StandardCharsets.UTF_8));
            return write;
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter,
                record -> new AttemptResult(202, null, null));

        // the failed one is retried, then completed without an output: delivered, nothing written
        await().atMost(WAIT).until(() -> consumer.committedOffset(1).orElse(0) == 1);
        assertThat(callsTo(1)).containsExactly(0L, 0L);
        assertThat(written).containsExactly(rejectedId + " rejected not ours [\"blocked\"]");
        assertThat(deadLetters.history()).as("no dead letter before the answer is written").isEmpty();
        assertThat(consumer.committedOffset(0).orElse(0)).isZero();

        write.complete(null);

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(deadLetters.history()).hasSize(1);
        assertThat(new String(deadLetters.history().get(0).value(), StandardCharsets.UTF_8))
                .contains("\"reason\":\"permanent_failure\"").contains("callback: not ours");
        assertThat(callsTo(0)).containsExactly(0L);
        assertThat(written).hasSize(1);
    }

    @Test
    void a_callback_that_came_before_the_answer_to_the_request_was_lost_completes_the_delivery_without_a_resend() {
        appendEvents(1, 2);
        Queue<String> cancelled = new ConcurrentLinkedQueue<>();
        CallbackWaiter waiter = new CallbackWaiter() {
            @Override
            public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
                // the agent called back at once; the answer to its request never arrives
                return CompletableFuture.completedFuture(new Reported(new AttemptResult(200, "callback: done", null),
                        "completed", "done", null));
            }

            @Override
            public void cancel(String webhookId) {
                cancelled.add(webhookId);
            }
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter,
                record -> new AttemptResult(null, "java.io.IOException: connection reset", null));

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 2);
        assertThat(callsTo(0)).as("each event sent once").containsExactly(0L, 1L);
        assertThat(cancelled).isEmpty();
        assertThat(deadLetters.history()).isEmpty();
        assertThat(control.load().inFlight()).isZero();
    }

    @Test
    void an_answer_lost_before_any_callback_cancels_the_wait_and_the_event_is_sent_again() {
        appendEvents(1, 1);
        Queue<String> cancelled = new ConcurrentLinkedQueue<>();
        AtomicInteger attempts = new AtomicInteger();
        List<CompletableFuture<CallbackWaiter.Reported>> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
        CallbackWaiter waiter = new CallbackWaiter() {
            @Override
            public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
                CompletableFuture<Reported> wait = new CompletableFuture<>();
                waits.add(wait);
                return wait;
            }

            @Override
            public void cancel(String webhookId) {
                cancelled.add(webhookId);
            }
        };
        start(3, EngineSettings.Completion.CALLBACK, RetryMemory.inMemory(), waiter, record -> {
            // the first request's connection breaks before the agent answered or called back; the second gets a 202
            return attempts.incrementAndGet() == 1
                    ? new AttemptResult(null, "java.io.IOException: connection reset", null)
                    : new AttemptResult(202, null, null);
        });

        await().atMost(WAIT).until(() -> waits.size() == 2 && attempts.get() == 2);
        assertThat(cancelled).containsExactly(WebhookIds.of("crm", "/test", "evt-0-0"));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 0);

        waits.get(1).complete(new CallbackWaiter.Reported(new AttemptResult(200, null, null), "completed", null, null));

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(callsTo(0)).containsExactly(0L, 0L);
    }

    /** A callback waiter whose callbacks come at once, saying what {@code report} says for the webhook id. */
    private static CallbackWaiter reporting(java.util.function.Function<String, CallbackWaiter.Reported> report) {
        return new CallbackWaiter() {
            @Override
            public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
                return CompletableFuture.completedFuture(report.apply(webhookId));
            }

            @Override
            public void cancel(String webhookId) {
            }
        };
    }

    @Test
    void the_retry_memory_s_history_counts_toward_the_retry_budget_and_is_forgotten_once_dead_lettered() {
        appendEvents(1, 1);
        RetryMemory memory = RetryMemory.inMemory();
        String webhookId = WebhookIds.of("crm", "/test", "evt-0-0");
        // tried before (by an instance that stopped) 25 hours ago: past the 24 h budget
        memory.remember(webhookId, new RetryMemory.Entry(7, Instant.now().minus(Duration.ofHours(25))));
        start(3, EngineSettings.Completion.RESPONSE, memory, null,
                record -> new AttemptResult(503, "Service Unavailable", null));

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(deadLetters.history()).hasSize(1);
        assertThat(new String(deadLetters.history().get(0).value(), StandardCharsets.UTF_8))
                .contains("\"reason\":\"retries_exhausted\"").contains("\"attempts\":8");
        assertThat(memory.recall(webhookId)).isEmpty();
    }

    @Test
    void an_event_recalled_in_its_backoff_waits_until_its_next_attempt_is_due_and_only_its_subject_waits() {
        appendEvents(3, 2);
        RetryMemory memory = RetryMemory.inMemory();
        String webhookId = WebhookIds.of("crm", "/test", "evt-0-0");
        Instant first = Instant.now().minus(Duration.ofMinutes(1));
        // tried 3 times before a restart; the last failure's backoff ends in 3 s
        Instant due = Instant.now().plus(Duration.ofSeconds(3));
        memory.remember(webhookId, new RetryMemory.Entry(3, first, due));
        start(3, EngineSettings.Completion.RESPONSE, memory, null, record -> new AttemptResult(200, null, null));

        await().atMost(WAIT).until(() -> consumer.committedOffset(1).orElse(0) == 2
                && consumer.committedOffset(2).orElse(0) == 2);
        if (Instant.now().isBefore(due)) {
            assertThat(callsTo(0)).as("partition 0's subject waits for the remembered backoff").isEmpty();
            assertThat(control.load().parkedSubjects()).as("its subject is parked").isEqualTo(1);
            assertThat(control.load().inFlight()).as("a parked event holds no place in flight").isZero();
        }

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 2);
        Call retried = allCalls.stream().filter(c -> c.partition() == 0 && c.offset() == 0).findFirst().orElseThrow();
        assertThat(retried.at()).as("not attempted before its backoff ended").isAfterOrEqualTo(due);
        assertThat(retried.attempt()).as("the attempt count continues").isEqualTo(4);
        assertThat(callsTo(0)).containsExactly(0L, 1L);
        assertThat(allCalls.stream().filter(c -> c.partition() > 0).map(Call::at))
                .as("the other subjects did not wait").allMatch(at -> at.isBefore(due));
        assertThat(memory.recall(webhookId)).as("forgotten once delivered").isEmpty();
    }

    @Test
    void an_event_recalled_after_its_backoff_ended_is_attempted_at_once_with_its_count() {
        appendEvents(1, 1);
        RetryMemory memory = RetryMemory.inMemory();
        String webhookId = WebhookIds.of("crm", "/test", "evt-0-0");
        memory.remember(webhookId, new RetryMemory.Entry(2, Instant.now().minus(Duration.ofMinutes(5)),
                Instant.now().minus(Duration.ofMinutes(1))));
        Instant started = Instant.now();
        start(3, EngineSettings.Completion.RESPONSE, memory, null, record -> new AttemptResult(200, null, null));

        await().atMost(WAIT).until(() -> consumer.committedOffset(0).orElse(0) == 1);
        assertThat(allCalls).singleElement().satisfies(call -> {
            assertThat(call.attempt()).isEqualTo(3);
            assertThat(Duration.between(started, call.at())).isLessThan(Duration.ofSeconds(5));
        });
    }

    @Test
    void a_stop_mid_poll_commits_only_what_was_delivered_and_leaves_the_rest_in_kafka() throws Exception {
        appendEvents(3, 3);
        CountDownLatch firstCallOfP0 = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        start(3, record -> {
            if (record.partition() == 0 && record.offset() == 0) {
                firstCallOfP0.countDown();
                answer.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            return new AttemptResult(200, null, null);
        });
        // partition 0's first event is in flight; partitions 1 and 2 are done (the loop commits once 0 is too)
        await().atMost(WAIT).until(() -> firstCallOfP0.getCount() == 0
                && callsTo(1).size() == 3 && callsTo(2).size() == 3);

        loop.stop();
        answer.countDown();
        loopThread.join(WAIT.toMillis());

        assertThat(loopThread.isAlive()).isFalse();
        assertThat(consumer.closed()).isTrue();
        assertThat(calls.get(0)).as("the event in flight finishes; the rest are left").containsExactly(0L);
        assertThat(consumer.committedOffset(0)).hasValue(1);
        assertThat(consumer.committedOffset(1)).hasValue(3);
        assertThat(consumer.committedOffset(2)).hasValue(3);
    }

    @Test
    void with_max_in_flight_1_records_are_delivered_one_at_a_time() {
        appendEvents(3, 3);
        AtomicInteger inFlightAnywhere = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        start(1, record -> {
            mostInFlight.accumulateAndGet(inFlightAnywhere.incrementAndGet(), Math::max);
            inFlightAnywhere.decrementAndGet();
            return new AttemptResult(200, null, null);
        });

        await().atMost(WAIT).until(() -> allCommitted(3, 3));

        assertThat(mostInFlight.get()).isEqualTo(1);
        for (int p = 0; p < 3; p++) {
            assertThat(calls.get(p)).containsExactly(0L, 1L, 2L);
        }
    }

    /** One call the receiver got. */
    private record Call(int partition, long offset, int attempt, Instant at) {
    }

    /** A receiver's answer to one record. */
    @FunctionalInterface
    private interface Receiver {
        AttemptResult answer(ConsumerRecord<byte[], byte[]> record) throws Exception;
    }

    private void start(int maxInFlight, Receiver receiver) {
        start(maxInFlight, EngineSettings.Completion.RESPONSE, RetryMemory.inMemory(), null, receiver);
    }

    private void start(int maxInFlight, EngineSettings.Completion completion, RetryMemory memory,
                       CallbackWaiter callbacks, Receiver receiver) {
        DeliverySettings settings = new DeliverySettings("crm", "unused:9092", TOPIC, "hooklane.deadletter.crm",
                "hooklane-deliver-crm",
                new RetryPolicy("crm", Duration.ofSeconds(1), 2, Duration.ofMinutes(5), Duration.ofHours(24)),
                DeliverySettings.breakerConfig("crm", 50, 100, 100, Duration.ofSeconds(30), 1),
                100, new EngineSettings(maxInFlight, 1000, EngineSettings.Ordering.SUBJECT, completion,
                        Duration.ofSeconds(30), Duration.ofMinutes(10)));
        CircuitBreaker breaker = settings.newBreaker();
        DestinationLoad load = new DestinationLoad(maxInFlight, 1000);
        control = new DeliveryRegistry.Destination("crm", settings, "http", breaker, load);
        // a stand-in for the asynchronous HTTP call: answers on a thread of its own
        pool = Executors.newCachedThreadPool();
        DeliveryEngine.Attempt attempt = (record, webhookId, number, done) -> pool.execute(() -> {
            AtomicInteger partitionInFlight = inFlight.computeIfAbsent(record.partition(), p -> new AtomicInteger());
            mostInFlightInOnePartition.accumulateAndGet(partitionInFlight.incrementAndGet(), Math::max);
            calls.computeIfAbsent(record.partition(), p -> new ConcurrentLinkedQueue<>()).add(record.offset());
            allCalls.add(new Call(record.partition(), record.offset(), number, Instant.now()));
            AttemptResult result;
            try {
                result = receiver.answer(record);
            } catch (Exception e) {
                result = new AttemptResult(null, e.toString(), null);
            } finally {
                partitionInFlight.decrementAndGet();
            }
            done.accept(result);
        });
        DeliveryEngine.Collaborators with = new DeliveryEngine.Collaborators(attempt, deadLetters, breaker,
                new DeliveryListener() { }, ReplayStates.NONE, memory, callbacks, answers);
        loop = new DeliveryLoop(settings, consumer, with, Clock.systemUTC(), control, load, 0);
        loopThread = new Thread(loop, "delivery-loop-under-test");
        loopThread.start();
    }

    private void appendEvents(int partitions, int perPartition) {
        for (int i = 0; i < perPartition; i++) {
            for (int p = 0; p < partitions; p++) {
                String event = "{\"specversion\":\"1.0\",\"id\":\"evt-" + p + "-" + i
                        + "\",\"source\":\"/test\",\"type\":\"customer.updated\"}";
                consumer.append(p, event.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private List<Long> callsTo(int partition) {
        return List.copyOf(calls.getOrDefault(partition, new ConcurrentLinkedQueue<>()));
    }

    private boolean allCommitted(int partitions, long offset) {
        for (int p = 0; p < partitions; p++) {
            if (consumer.committedOffset(p).orElse(0) != offset) {
                return false;
            }
        }
        return true;
    }
}
