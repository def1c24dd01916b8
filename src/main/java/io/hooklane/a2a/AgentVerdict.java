package io.hooklane.a2a;

import java.io.IOException;
import java.time.Clock;

import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallResults;
import io.hooklane.deliver.RetryAfter;

/**
 * How one A2A delivery went, in the engine's terms: the attempt's result (status as {@link
 * io.hooklane.deliver.Outcome#of} reads it), what the agent decided ({@code completed}, {@code failed},
 * {@code input_required}, {@code rejected}, {@code timed_out}; null when it did not get to decide) and its answer.
 *
 * <p>A task that ends {@code failed} (or {@code canceled}) is <em>delivered</em>: the agent received the event and
 * decided (1.0 §4.1.3: terminal states; a terminal task accepts no further message, §3.1.1). Sending the same message
 * again would repeat the same decision, not repair a transport failure, so the failure travels on as the agent's
 * answer ({@code failed}) instead of into retries and the dead-letter topic. {@code rejected} and
 * {@code input-required} (and {@code auth-required}, which Hooklane cannot satisfy either) are delivered likewise.
 *
 * <p>{@code call} names how the delivery ended for {@code hooklane_destination_calls_total{protocol="a2a"}}: the
 * task's state ({@code completed}, {@code failed}, {@code canceled}, {@code rejected}, {@code input_required},
 * {@code auth_required}; a direct message counts as {@code completed}), {@code timed_out}, {@code rpc_error},
 * {@code http_4xx} / {@code http_5xx}, {@code transport_error}, {@code too_many_tasks}
 * ({@code hooklane.a2a.max-pending-tasks} wait already), {@code abandoned} or {@code error} (not sent).
 */
record AgentVerdict(AttemptResult result, String outcome, byte[] reply, String call) {

    static final String COMPLETED = "completed";
    static final String FAILED = "failed";
    static final String INPUT_REQUIRED = "input_required";
    static final String REJECTED = "rejected";
    static final String TIMED_OUT = "timed_out";

    /** A settled task's or a direct message's verdict. */
    static AgentVerdict of(TaskReader.Answer answer) {
        byte[] reply = bytes(TaskReader.reply(answer));
        if (!answer.isTask()) {
            return new AgentVerdict(new AttemptResult(200, null, null), COMPLETED, reply, COMPLETED);
        }
        TaskState state = answer.state();
        String outcome = switch (state) {
            case COMPLETED -> COMPLETED;
            case FAILED, CANCELED -> FAILED;
            case REJECTED -> REJECTED;
            case INPUT_REQUIRED, AUTH_REQUIRED -> INPUT_REQUIRED;
            default -> throw new IllegalArgumentException("task " + answer.taskId() + " has not settled: " + state);
        };
        String text = state == TaskState.COMPLETED ? null : "A2A task " + ReceiverTexts.clip(answer.taskId()) + " "
                + TaskReader.state(state);
        return new AgentVerdict(new AttemptResult(200, text, null), outcome, reply,
                state.name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The task did not settle within the destination's timeout: retried later. */
    static AgentVerdict timedOut(String taskId, long millis) {
        return new AgentVerdict(new AttemptResult(null, "timed_out: A2A task " + ReceiverTexts.clip(taskId)
                + " did not settle within " + millis + " ms", null), TIMED_OUT, null, CallResults.TIMED_OUT);
    }

    /**
     * A JSON-RPC error: the agent refused the request, which no retry changes (permanent, 422), unless it is the
     * internal error (-32603), the JSON-RPC counterpart of a 5xx (retried, 502).
     */
    static AgentVerdict rpcError(String method, int code, String message) {
        int status = code == JsonRpc.INTERNAL_ERROR ? 502 : 422;
        return new AgentVerdict(new AttemptResult(status, "A2A " + method + " JSON-RPC error " + code
                + (message == null || message.isEmpty() ? "" : ": " + message), null), null, null, "rpc_error");
    }

    /** An HTTP status other than 200 from the agent: 408, 429 and 5xx are retried, other statuses are permanent. */
    static AgentVerdict http(String what, A2aHttp.Answer answer) {
        return new AgentVerdict(new AttemptResult(answer.status(), what + " answered HTTP " + answer.status(),
                RetryAfter.parse(answer.retryAfter(), Clock.systemUTC())), null, null,
                CallResults.status(answer.status()));
    }

    /** No usable answer (refused, reset, too late, too large, malformed): retried. */
    static AgentVerdict noAnswer(String what, Throwable failure) {
        return noAnswer(what, failure, CallResults.TRANSPORT_ERROR);
    }

    /** As {@link #noAnswer(String, Throwable)}, counted under {@code call}. */
    static AgentVerdict noAnswer(String what, Throwable failure, String call) {
        return new AgentVerdict(new AttemptResult(null, what + ": " + A2aHttp.describe(failure), null), null, null,
                call);
    }

    /** A configuration that does not work (no JSON-RPC interface, unknown version): permanent. */
    static AgentVerdict unusable(String what) {
        return new AgentVerdict(new AttemptResult(422, what, null), null, null, CallResults.ERROR);
    }

    private static byte[] bytes(Object node) {
        try {
            return JsonRpc.JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
