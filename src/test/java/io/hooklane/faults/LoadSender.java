package io.hooklane.faults;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.hooklane.e2e.EventTopic;
import io.hooklane.e2e.TestGateway;

/**
 * Sustained load: each thread posts signed Standard Webhooks one after the other (synchronously), alternating over
 * the gateways and the event types, and records every answer in a {@link Ledger}. The threads pace themselves to a
 * total rate (also while a gateway is down: no busy loop of refused connections), so the load is one the gateway
 * sustains on the test machine and delays measure the fault, not saturation.
 */
public final class LoadSender implements AutoCloseable {

    private final List<TestGateway> targets;
    private final List<String> types;
    private final Ledger ledger;
    private final long intervalNanos;
    private final AtomicLong next = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    private LoadSender(List<TestGateway> targets, List<String> types, int threads, int perSecond, Ledger ledger) {
        this.targets = List.copyOf(targets);
        this.types = List.copyOf(types);
        this.ledger = ledger;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) * threads / perSecond;
    }

    /** {@code threads} senders, together sending at most {@code perSecond} requests a second. */
    public static LoadSender start(List<TestGateway> targets, List<String> types, int threads, int perSecond,
                                   Ledger ledger) {
        LoadSender sender = new LoadSender(targets, types, threads, perSecond, ledger);
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(sender::sendUntilStopped, "load-sender-" + i);
            thread.setDaemon(true);
            sender.threads.add(thread);
            thread.start();
        }
        return sender;
    }

    private void sendUntilStopped() {
        long due = System.nanoTime();
        while (running) {
            // behind schedule (a slow answer), the thread catches up by one request, not in a burst
            due = Math.max(due + intervalNanos, System.nanoTime() - intervalNanos);
            LockSupport.parkNanos(due - System.nanoTime());
            long n = next.getAndIncrement();
            int target = (int) (n % targets.size());
            String type = types.get((int) (n % types.size()));
            TestGateway gateway = targets.get(target);
            ledger.sent();
            try {
                HttpResponse<String> response = gateway.post(gateway.signed("standard").event(type).build());
                if (response.statusCode() == 202) {
                    ledger.acked(field(response, "id"), type, target);
                } else {
                    ledger.refused(response.statusCode(), field(response, "error"));
                }
            } catch (RuntimeException noAnswer) {
                ledger.error();
            }
        }
    }

    private static String field(HttpResponse<String> response, String name) {
        try {
            return EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path(name).asText();
        } catch (RuntimeException notJson) {
            return "";
        }
    }

    /** Stops sending: every thread finishes its request in flight (bounded by the client's 30 s timeout). */
    @Override
    public void close() {
        running = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive()) {
                thread.interrupt();
                throw new IllegalStateException(thread.getName() + " did not stop within 40 s");
            }
        }
    }
}
