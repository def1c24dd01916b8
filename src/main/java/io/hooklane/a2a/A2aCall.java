package io.hooklane.a2a;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.deliver.Outcome;

/**
 * One delivery to an A2A agent, as a chain of asynchronous steps (no thread waits at any of them):
 * <ol>
 * <li>the agent card tells the endpoint, the version and whether the agent pushes ({@link AgentCards});</li>
 * <li>{@code SendMessage} with the CloudEvent, non-blocking, with a push config carrying a token of this task's own
 * when the agent pushes (1.0 §3.1.1, §4.3.1; §5.3 and §9 for the JSON-RPC method);</li>
 * <li>a task or message that is already settled is the answer; otherwise {@code GetTask} (§3.1.3) after each push
 * that says the task settled (§4.3.3: the client MUST check the task id; the push is only a notice), and as a
 * poll with exponential backoff in case no push comes;</li>
 * <li>all within the delivery's timeout: past it the task has {@code timed_out} and the event is retried.</li>
 * </ol>
 */
final class A2aCall {

    private final A2aClient client;
    private final URI base;
    private final String bearer;
    private final String webhookId;
    private final JsonNode event;
    private final ObjectNode metadata;
    private final Duration timeout;
    private final long deadline;
    private final CompletableFuture<AgentVerdict> verdict = new CompletableFuture<>();
    private volatile PendingTasks.Waiter waiter;
    /** Whether the agent accepted a task that has not settled yet: counted in {@link A2aClient#waitingTasks()}. */
    private boolean taskWaits;

    A2aCall(A2aClient client, URI base, String bearer, String webhookId, JsonNode event, ObjectNode metadata,
            Duration timeout) {
        this.client = client;
        this.base = base;
        this.bearer = bearer;
        this.webhookId = webhookId;
        this.event = event;
        this.metadata = metadata;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    CompletableFuture<AgentVerdict> run() {
        client.cards().card(base, bearer)
                .thenCompose(card -> send(card, card.pushNotifications()))
                .handle((result, failure) -> failure == null ? result : verdictOf(failure))
                .thenAccept(verdict::complete);
        return verdict.whenComplete((result, failure) -> {
            stopWaiting();
            taskSettled();
        });
    }

    /** Gives up the delivery (stop, revoked partition): it ends at once as a failure to retry, and waits no more. */
    void abandon(String why) {
        verdict.complete(AgentVerdict.noAnswer("A2A delivery", new IllegalStateException(why), "abandoned"));
    }

    private CompletableFuture<AgentVerdict> send(AgentCard card, boolean withPush) {
        A2aVersion.Push push = null;
        if (withPush) {
            waiter = client.pending().register(webhookId);
            if (waiter == null) {
                throw new VerdictException(AgentVerdict.noAnswer("A2A delivery", new IllegalStateException(
                        "too many A2A tasks wait for a push (hooklane.a2a.max-pending-tasks)"), "too_many_tasks"));
            }
            push = new A2aVersion.Push(client.settings().pushUrl(webhookId), waiter.token());
        }
        boolean pushed = push != null;
        String method = card.version().sendMethod();
        return rpc(card, method, card.version().sendParams(webhookId, event, metadata, push)).thenCompose(reply -> {
            if (reply.isError() && reply.errorCode() == JsonRpc.PUSH_NOT_SUPPORTED && pushed) {
                // the card said it pushes, the agent says it does not: deliver without push, and poll
                stopWaiting();
                return send(card, false);
            }
            if (reply.isError()) {
                throw new VerdictException(AgentVerdict.rpcError(method, reply.errorCode(), reply.errorMessage()));
            }
            TaskReader.Answer answer = read(method, reply.result());
            if (!answer.isTask() || answer.state().settled()) {
                return CompletableFuture.completedFuture(AgentVerdict.of(answer));
            }
            if (waiter != null) {
                waiter.taskId(answer.taskId());
            }
            waitForTask();
            return await(card, answer.taskId(), client.settings().pollInitial().toNanos(), 0);
        });
    }

    /**
     * Waits for a push (after the {@code seenPushes} already acted on) or the next poll, whichever comes first, then
     * fetches the task. A push that arrives while a GetTask is under way is acted on by the next wait, at once.
     */
    private CompletableFuture<AgentVerdict> await(AgentCard card, String taskId, long backoffNanos, long seenPushes) {
        long remaining = deadline - System.nanoTime();
        if (verdict.isDone()) {
            return verdict;
        }
        if (remaining <= 0) {
            return CompletableFuture.completedFuture(AgentVerdict.timedOut(taskId, timeout.toMillis()));
        }
        CompletableFuture<Boolean> woken = new CompletableFuture<>();
        ScheduledFuture<?> poll = client.timer().schedule(() -> woken.complete(false),
                Math.min(backoffNanos, remaining), TimeUnit.NANOSECONDS);
        PendingTasks.Waiter current = waiter;
        if (current != null) {
            current.after(seenPushes).thenRun(() -> woken.complete(true));
        }
        return woken.thenComposeAsync(byPush -> {
            poll.cancel(false);
            if (!byPush) {
                client.listener().a2aPoll();
            }
            long seen = current == null ? 0 : current.wakes();
            return getTask(card, taskId).thenCompose(answer -> {
                if (answer != null && answer.state().settled()) {
                    return CompletableFuture.completedFuture(AgentVerdict.of(answer));
                }
                long next = byPush ? backoffNanos : Math.min(backoffNanos * 2, client.settings().pollMax().toNanos());
                return await(card, taskId, next, seen);
            });
        }, client.executor());
    }

    /** The task as the agent tells it now; null after a passing failure (the wait goes on, within the deadline). */
    private CompletableFuture<TaskReader.Answer> getTask(AgentCard card, String taskId) {
        String method = card.version().getMethod();
        return rpc(card, method, card.version().getParams(taskId)).handle((reply, failure) -> {
            if (failure != null) {
                AgentVerdict verdict = verdictOf(failure);
                if (verdict.result().outcome() == Outcome.RETRY) {
                    return null;
                }
                throw new VerdictException(verdict);
            }
            if (reply.isError() && reply.errorCode() == JsonRpc.INTERNAL_ERROR) {
                return null;
            }
            if (reply.isError() && reply.errorCode() == JsonRpc.TASK_NOT_FOUND) {
                // the agent lost the task: the event has not been handled, send it again later
                throw new VerdictException(AgentVerdict.noAnswer("A2A " + method, new IllegalStateException(
                        "the agent no longer knows task " + ReceiverTexts.clip(taskId))));
            }
            if (reply.isError()) {
                throw new VerdictException(AgentVerdict.rpcError(method, reply.errorCode(), reply.errorMessage()));
            }
            try {
                TaskReader.Answer answer = TaskReader.answer(reply.result());
                return answer.isTask() ? answer : null;
            } catch (JsonRpc.MalformedAnswerException e) {
                return null;
            }
        });
    }

    private CompletableFuture<JsonRpc.Reply> rpc(AgentCard card, String method, JsonNode params) {
        HttpRequest.Builder request = HttpRequest.newBuilder(card.endpoint())
                .POST(HttpRequest.BodyPublishers.ofByteArray(JsonRpc.request(webhookId, method, params)))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
        if (card.version().versionHeader() != null) {
            request.header("A2A-Version", card.version().versionHeader());
        }
        if (!bearer.isEmpty()) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.http().send(request).handle((answer, failure) -> {
            if (failure != null) {
                throw new VerdictException(AgentVerdict.noAnswer("A2A " + method, failure));
            }
            if (answer.status() != 200) {
                throw new VerdictException(AgentVerdict.http("A2A " + method, answer));
            }
            try {
                return JsonRpc.read(answer.body());
            } catch (JsonRpc.MalformedAnswerException e) {
                throw new VerdictException(AgentVerdict.noAnswer("A2A " + method, e));
            }
        });
    }

    private static TaskReader.Answer read(String method, JsonNode result) {
        try {
            return TaskReader.answer(result);
        } catch (JsonRpc.MalformedAnswerException e) {
            throw new VerdictException(AgentVerdict.noAnswer("A2A " + method, e));
        }
    }

    /** The task is accepted and not settled: it counts as waiting until the delivery ends (once). */
    private synchronized void waitForTask() {
        if (!taskWaits && !verdict.isDone()) {
            taskWaits = true;
            client.waitingTasks().incrementAndGet();
        }
    }

    private synchronized void taskSettled() {
        if (taskWaits) {
            taskWaits = false;
            client.waitingTasks().decrementAndGet();
        }
    }

    private void stopWaiting() {
        PendingTasks.Waiter current = waiter;
        if (current != null) {
            client.pending().forget(current);
            waiter = null;
        }
    }

    private static AgentVerdict verdictOf(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof VerdictException v ? v.verdict() : AgentVerdict.noAnswer("A2A delivery", t);
    }
}
