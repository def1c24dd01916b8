package io.hooklane.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallbackWaiter;
import io.hooklane.deliver.CallbackWaiter.Reported;
import io.hooklane.verify.SignatureScheme;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.WebhookRequest;

/**
 * The deliveries waiting for their destination's callback ({@code completion: callback}), and what
 * {@code POST /callbacks/{webhook-id}} does with one.
 *
 * <p>A callback's {@code status}, {@code reason} and {@code output} go to the waiting delivery with its result
 * ({@link CallbackWaiter.Reported}): a destination with {@code replies: true} turns the output into an
 * {@code agent.response.*} event before the delivery counts as done. Nothing of it is kept here.
 *
 * <p>Bounds: the waits are those the delivery engine asks for (each ends at its timeout, on one shared timer);
 * finished deliveries (completed, timed out, abandoned) are remembered for {@link Limits#remember} and at most
 * {@link Limits#remembered} of them, to answer a late or second callback precisely; callback message ids for twice
 * the timestamp tolerance (an older message fails the timestamp check), at most {@link Limits#remembered}.
 */
public final class CallbackRegistry implements CallbackWaiter {

    /**
     * @param remembered finished deliveries and message ids remembered, each
     * @param remember how long a finished delivery is remembered
     * @param tolerance how far a callback's signed timestamp may be from now
     */
    public record Limits(int remembered, Duration remember, Duration tolerance) {
        public Limits {
            if (remembered < 100) {
                throw new IllegalArgumentException("hooklane.callbacks.remembered must be at least 100 but was "
                        + remembered);
            }
            if (remember.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("hooklane.callbacks.remember-minutes must be at least 1 but was "
                        + remember.toMinutes());
            }
            if (tolerance.isNegative() || tolerance.isZero()) {
                throw new IllegalArgumentException("hooklane.callbacks.tolerance-seconds must be positive but was "
                        + tolerance.toSeconds());
            }
        }
    }

    /** How a delivery's wait ended; the lower-case name is what the callback topic carries. */
    public enum Ended { COMPLETED, TIMED_OUT, ABANDONED }

    /**
     * The other instances (the callback topic): what waits here, how it ended, and callbacks accepted here for a
     * wait of theirs. Writes do not wait for the broker.
     */
    public interface Peers {
        void waiting(String webhookId, String destination, Instant until);

        void ended(String webhookId, String destination, Ended how);

        /** A verified callback for another instance's wait, its body exactly as received. */
        void reported(String webhookId, String destination, byte[] callback);

        Peers NONE = new Peers() {
            @Override
            public void waiting(String webhookId, String destination, Instant until) {
            }

            @Override
            public void ended(String webhookId, String destination, Ended how) {
            }

            @Override
            public void reported(String webhookId, String destination, byte[] callback) {
            }
        };
    }

    private record PeerWait(String destination, Instant until) {
    }

    private record Finished(String destination, Ended how) {
    }

    private static final class Wait {
        final String destination;
        final CompletableFuture<Reported> result = new CompletableFuture<>();
        volatile Runnable cancelTimer = () -> { };

        Wait(String destination) {
            this.destination = destination;
        }
    }

    private static final String[] MESSAGE_ID = {"webhook-id", "svix-id"};
    /** Waits of other instances known here at most; the oldest are forgotten first. */
    static final int MAX_PEER_WAITS = 100_000;

    private final Function<String, SignatureScheme> verifiers;
    private final CallbackTimer timer;
    private final Clock clock;
    private volatile Peers peers = Peers.NONE;
    private final Map<String, Wait> waiting = new ConcurrentHashMap<>();
    private final Map<String, SignatureScheme> schemes = new ConcurrentHashMap<>();
    private final RecentMap<Finished> finished;
    private final RecentMap<Boolean> messageIds;
    private final RecentMap<PeerWait> peerWaits;

    /** @param verifiers a destination's callback verifier (its signing secret, the tolerance) */
    public CallbackRegistry(Function<String, SignatureScheme> verifiers, CallbackTimer timer, Clock clock,
                            Limits limits) {
        this.verifiers = verifiers;
        this.timer = timer;
        this.clock = clock;
        this.peerWaits = new RecentMap<>(MAX_PEER_WAITS, Duration.ofDays(1), clock);
        this.finished = new RecentMap<>(limits.remembered(), limits.remember(), clock);
        this.messageIds = new RecentMap<>(limits.remembered(), limits.tolerance().multipliedBy(2), clock);
    }

    @Override
    public CompletableFuture<Reported> await(String destination, String webhookId, Duration timeout) {
        Wait wait = new Wait(destination);
        Wait previous = waiting.put(webhookId, wait);
        finished.remove(webhookId);
        if (previous != null) {
            previous.cancelTimer.run();
            previous.result.complete(Reported.without(
                    new AttemptResult(null, "callback wait replaced by a new attempt", null)));
        }
        wait.cancelTimer = timer.schedule(timeout, () -> end(webhookId, wait, Ended.TIMED_OUT,
                new AttemptResult(null, "callback timeout after " + timeout.toMillis() + " ms", null)));
        peers.waiting(webhookId, destination, clock.instant().plus(timeout));
        return wait.result;
    }

    @Override
    public void cancel(String webhookId) {
        Wait wait = waiting.get(webhookId);
        if (wait != null) {
            end(webhookId, wait, Ended.ABANDONED, new AttemptResult(null, "callback wait cancelled", null));
        }
    }

    @Override
    public void cancel(String webhookId, CompletableFuture<Reported> which) {
        Wait wait = waiting.get(webhookId);
        if (wait != null && wait.result == which) {
            end(webhookId, wait, Ended.ABANDONED, new AttemptResult(null, "callback wait cancelled", null));
        }
    }

    /**
     * A callback for {@code webhookId}: checked (signature with the destination's secret, timestamp, message id,
     * body), then it completes the delivery's wait.
     *
     * @param headers the request's headers (only the Standard Webhooks ones are read)
     * @throws CallbackRefusedException with the reason the callback is refused; the wait is then unaffected
     */
    public void receive(String webhookId, Map<String, String> headers, byte[] body) throws CallbackRefusedException {
        if (webhookId == null) {
            throw new CallbackRefusedException(CallbackRefusal.UNKNOWN_DELIVERY,
                    "no delivery with this webhook id waits for a callback");
        }
        Wait wait = waiting.get(webhookId);
        PeerWait peerWait = wait == null ? peerWaits.get(webhookId).orElse(null) : null;
        String destination = wait != null ? wait.destination : peerWait != null ? peerWait.destination()
                : finished.get(webhookId).map(Finished::destination).orElse(null);
        if (destination == null) {
            throw new CallbackRefusedException(CallbackRefusal.UNKNOWN_DELIVERY,
                    "no delivery with this webhook id waits for a callback");
        }
        WebhookRequest request = new WebhookRequest(destination, headers, body, null);
        try {
            schemes.computeIfAbsent(destination, verifiers).verify(request);
        } catch (VerificationException e) {
            throw new CallbackRefusedException(CallbackRefusal.of(e.reason()), e.getMessage());
        }
        CallbackReport report = CallbackReport.parse(body);
        if (!messageIds.add(destination + '\n' + request.firstHeader(MESSAGE_ID), Boolean.TRUE)) {
            throw new CallbackRefusedException(CallbackRefusal.REPLAYED, "this callback message was already received");
        }
        if (wait != null && end(webhookId, wait, Ended.COMPLETED, report.toReported())) {
            return;
        }
        if (peerWait != null && peerWaits.remove(webhookId).isPresent()) {
            // another instance's wait: it completes the delivery when it reads the report
            Ended how = peerWait.until().isBefore(clock.instant()) ? Ended.TIMED_OUT : Ended.COMPLETED;
            finished.put(webhookId, new Finished(destination, how));
            if (how == Ended.COMPLETED) {
                peers.reported(webhookId, destination, body);
                return;
            }
        }
        throw refusedAfter(finished.get(webhookId));
    }

    /** Where waits, their ends and callbacks for other instances' waits are told (the callback topic). */
    public void connect(Peers peers) {
        this.peers = peers;
    }

    /** Another instance waits for this delivery's callback until {@code until}. */
    public void peerWaiting(String webhookId, String destination, Instant until) {
        if (!waiting.containsKey(webhookId)) {
            peerWaits.put(webhookId, new PeerWait(destination, until));
            finished.remove(webhookId);
        }
    }

    /** Another instance's wait for this delivery ended. */
    public void peerEnded(String webhookId, String destination, Ended how) {
        if (!waiting.containsKey(webhookId)) {
            peerWaits.remove(webhookId);
            finished.put(webhookId, new Finished(destination, how));
        }
    }

    /** Another instance accepted this callback (already checked there) for a wait of this instance. */
    public void peerReported(String webhookId, byte[] callback) throws CallbackRefusedException {
        Wait wait = waiting.get(webhookId);
        if (wait != null) {
            CallbackReport report = CallbackReport.parse(callback);
            end(webhookId, wait, Ended.COMPLETED, report.toReported());
        }
    }

    /** Deliveries waiting for their callback. */
    public int waiting() {
        return waiting.size();
    }

    private boolean end(String webhookId, Wait wait, Ended how, AttemptResult result) {
        return end(webhookId, wait, how, Reported.without(result));
    }

    /** Ends the wait unless something else already did; answers whether this call ended it. */
    private boolean end(String webhookId, Wait wait, Ended how, Reported reported) {
        if (!waiting.remove(webhookId, wait)) {
            return false;
        }
        wait.cancelTimer.run();
        finished.put(webhookId, new Finished(wait.destination, how));
        peers.ended(webhookId, wait.destination, how);
        wait.result.complete(reported);
        return true;
    }

    private static CallbackRefusedException refusedAfter(Optional<Finished> ended) {
        if (ended.isEmpty()) {
            return new CallbackRefusedException(CallbackRefusal.UNKNOWN_DELIVERY,
                    "no delivery with this webhook id waits for a callback");
        }
        return switch (ended.get().how()) {
            case COMPLETED -> new CallbackRefusedException(CallbackRefusal.ALREADY_COMPLETED,
                    "this delivery was already completed by an earlier callback");
            case TIMED_OUT -> new CallbackRefusedException(CallbackRefusal.CALLBACK_LATE,
                    "this delivery's callback timeout has passed; it is retried or dead-lettered");
            case ABANDONED -> new CallbackRefusedException(CallbackRefusal.DELIVERY_ABANDONED,
                    "this delivery stopped waiting without a result; the event will be sent again");
        };
    }

    @Override
    public String toString() {
        return "CallbackRegistry[waiting=" + waiting.size() + "]";
    }
}
