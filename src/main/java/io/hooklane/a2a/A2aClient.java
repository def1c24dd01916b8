package io.hooklane.a2a;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.agent.AgentListener;

/**
 * What every A2A delivery shares: the HTTP client, the agent cards, the tasks waiting for a push, one timer thread
 * for deadlines and polls, and a small pool that runs the steps between calls. However many tasks are in flight,
 * these are the only threads A2A delivery uses.
 */
final class A2aClient implements AutoCloseable {

    private static final int STEP_THREADS = 2;

    private final A2aSettings settings;
    private final ScheduledExecutorService timer;
    private final ExecutorService executor;
    private final A2aHttp http;
    private final AgentCards cards;
    private final PendingTasks pending;
    private final Map<String, A2aCall> calls = new ConcurrentHashMap<>();
    private final AgentListener listener;
    private final AtomicInteger waitingTasks = new AtomicInteger();

    A2aClient(A2aSettings settings, AgentListener listener) {
        this.settings = settings;
        this.listener = listener;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads("hooklane-a2a-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        this.executor = Executors.newFixedThreadPool(STEP_THREADS, threads("hooklane-a2a"));
        this.http = new A2aHttp(settings.callTimeout(), settings.maxResponseBytes(), timer, executor);
        this.cards = new AgentCards(http, settings.cardTtl(), System::nanoTime);
        this.pending = new PendingTasks(settings.maxPendingTasks());
    }

    /**
     * Delivers {@code event} (a CloudEvent) to the agent at {@code base} as message {@code webhookId}; never fails
     * exceptionally: every failure is a verdict.
     */
    CompletableFuture<AgentVerdict> deliver(URI base, String bearer, String webhookId, JsonNode event,
                                                   ObjectNode metadata, Duration timeout) {
        Duration bounded = timeout.compareTo(A2aSettings.MAX_TASK_TIMEOUT) > 0 ? A2aSettings.MAX_TASK_TIMEOUT : timeout;
        A2aCall call = new A2aCall(this, base, bearer, webhookId, event, metadata, bounded);
        A2aCall previous = calls.put(webhookId, call);
        if (previous != null) {
            previous.abandon("a new attempt of the same delivery started");
        }
        return call.run().whenComplete((verdict, failure) -> calls.remove(webhookId, call));
    }

    /** Gives up {@code webhookId}'s delivery, if one is under way: its callback runs now, as a failure to retry. */
    void abandon(String webhookId) {
        A2aCall call = calls.get(webhookId);
        if (call != null) {
            call.abandon("the delivery was abandoned");
        }
    }

    /** Receives pushes: the push endpoint's view of the waiting tasks. */
    PendingTasks pending() {
        return pending;
    }

    A2aSettings settings() {
        return settings;
    }

    AgentListener listener() {
        return listener;
    }

    /** Tasks the agents accepted that have not settled yet (their deliveries wait for a push or poll). */
    AtomicInteger waitingTasks() {
        return waitingTasks;
    }

    A2aHttp http() {
        return http;
    }

    AgentCards cards() {
        return cards;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        calls.values().forEach(call -> call.abandon("the gateway is stopping"));
        timer.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
