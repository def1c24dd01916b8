package io.hooklane.agent.mcp;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hooklane.agent.AgentListener;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.CallResults;

/**
 * Hooklane's client state for one MCP server (one destination's endpoint): which protocol era it speaks and, for a
 * session-based server, the session. Shared by every call to the server, from any thread.
 *
 * <p><b>Era detection</b> (2026-07-28, Versioning: Backward Compatibility; Streamable HTTP: Backward Compatibility):
 * the first call sends {@code server/discover}, which every 2026-07-28 server must implement and which has no side
 * effect. A result listing {@code 2026-07-28}, or a 400 carrying a modern error (-32020, -32021, -32022 with
 * 2026-07-28 supported), means the stateless protocol; any other answer (a 400 without a modern error, a 404, a
 * method-not-found) means the session-based one. 408, 429, 5xx, 401, 403 and transport errors decide nothing: the
 * attempt ends with them and the next one probes again. The era is kept for the server; a modern server that later
 * answers 400 without a modern error or says it does not support 2026-07-28, or a session-based one that answers
 * 400 with a modern error, is detected again once in the same attempt.
 *
 * <p><b>Sessions</b> (2025-03-26 to 2025-11-25): {@code initialize} asks for the newest revision Hooklane speaks and
 * accepts any of the three; {@code notifications/initialized} follows; the {@code Mcp-Session-Id} the server gave
 * (if any) and the negotiated {@code MCP-Protocol-Version} go on every later request. One initialisation is in
 * flight at a time: concurrent calls wait for it without holding a thread. A 404 to a request with a session id
 * means the server forgot the session: a new one is initialised and the call repeated, once per attempt.
 */
final class McpConnection {

    enum Era { MODERN, LEGACY }

    record Session(String id, String version) {
    }

    private static final Pattern SESSION_ID = Pattern.compile("[\\x21-\\x7E]{1,512}");

    private final McpHttp http;
    private final Clock clock;
    private final String destination;
    private final AgentListener listener;
    /** Set when the server forgot its session: the next initialisation is counted as {@code expired}. */
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicReference<CompletableFuture<Era>> era = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Session>> session = new AtomicReference<>();

    McpConnection(McpHttp http, Clock clock) {
        this(http, clock, null, AgentListener.NONE);
    }

    /** @param listener told of each session initialised with the server of {@code destination} */
    McpConnection(McpHttp http, Clock clock, String destination, AgentListener listener) {
        this.http = http;
        this.clock = clock;
        this.destination = destination;
        this.listener = listener;
    }

    /** Calls the tool with the event; never fails: every failure is an outcome. */
    CompletableFuture<McpOutcome> callTool(McpSettings settings, String webhookId, JsonNode event) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        return attempt(settings, webhookId, event, deadline, true).exceptionally(error -> {
            Throwable cause = cause(error);
            if (cause instanceof TimeoutException) {
                cause = new TimeoutException("no complete answer within " + settings.timeout().toMillis() + " ms");
            }
            if (cause instanceof EraChanged) {
                return McpOutcome.failure(new AttemptResult(null, cause.getMessage() + " again", null),
                        CallResults.TRANSPORT_ERROR);
            }
            return cause instanceof McpFailure failure ? failure.outcome : McpOutcome.noAnswer(cause);
        });
    }

    /** The era detected so far, or null (for tests and diagnostics). */
    Era era() {
        CompletableFuture<Era> current = era.get();
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? current.join() : null;
    }

    private CompletableFuture<McpOutcome> attempt(McpSettings settings, String webhookId, JsonNode event,
                                                  long deadline, boolean mayRedo) {
        return within(once(era, () -> discover(settings, deadline)), deadline).thenCompose(detected ->
                detected == Era.MODERN ? callModern(settings, webhookId, event, deadline, mayRedo)
                        : callLegacy(settings, webhookId, event, deadline, mayRedo))
                .exceptionallyCompose(error -> mayRedo && cause(error) instanceof EraChanged
                        ? attempt(settings, webhookId, event, deadline, false) : CompletableFuture.failedFuture(error));
    }

    /** A session-based server now answers as a 2026-07-28 one: its era is detected again. */
    private static final class EraChanged extends RuntimeException {
        EraChanged() {
            super("the server answers as a 2026-07-28 server", null, false, false);
        }
    }

    /** When a session-based server answers with a 2026-07-28 error, forgets its era and session. */
    private void checkStillLegacy(McpReply reply) {
        Integer code = reply.errorCode();
        if (reply.status() == 400 && code != null && McpProtocol.MODERN_ERRORS.contains(code)) {
            era.set(null);
            session.set(null);
            throw new EraChanged();
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private CompletableFuture<McpOutcome> callModern(McpSettings settings, String webhookId, JsonNode event,
                                                     long deadline, boolean mayRedo) {
        Map<String, String> headers = Map.of(McpProtocol.VERSION_HEADER, McpProtocol.MODERN,
                McpProtocol.METHOD_HEADER, "tools/call", McpProtocol.NAME_HEADER, settings.tool());
        byte[] body = McpJson.bytes(toolCall(settings.tool(), webhookId, event, modernMeta()));
        return http.post(settings, headers, body, webhookId, deadline).thenCompose(reply -> {
            Integer code = reply.errorCode();
            boolean notModern = reply.status() == 400 && (code == null || !McpProtocol.MODERN_ERRORS.contains(code));
            boolean refusesModern = code != null && code == McpProtocol.UNSUPPORTED_PROTOCOL_VERSION
                    && !supported(reply).contains(McpProtocol.MODERN);
            if (mayRedo && (notModern || refusesModern)) {
                era.set(refusesModern ? CompletableFuture.completedFuture(Era.LEGACY) : null);
                return attempt(settings, webhookId, event, deadline, false);
            }
            return CompletableFuture.completedFuture(McpOutcome.of(reply, clock));
        });
    }

    private CompletableFuture<McpOutcome> callLegacy(McpSettings settings, String webhookId, JsonNode event,
                                                     long deadline, boolean mayRedo) {
        return within(once(session, () -> initialize(settings, deadline)), deadline).thenCompose(current -> {
            byte[] body = McpJson.bytes(toolCall(settings.tool(), webhookId, event, meta(webhookId)));
            return http.post(settings, sessionHeaders(current), body, webhookId, deadline).thenCompose(reply -> {
                checkStillLegacy(reply);
                if (reply.status() == 404 && current.id() != null && mayRedo) {
                    expired.set(true);
                    session.updateAndGet(f -> f != null && f.isDone() && !f.isCompletedExceptionally()
                            && f.join() == current ? null : f);
                    return attempt(settings, webhookId, event, deadline, false);
                }
                return CompletableFuture.completedFuture(McpOutcome.of(reply, clock));
            });
        });
    }

    private CompletableFuture<Era> discover(McpSettings settings, long deadline) {
        ObjectNode request = request("hooklane-discover-" + ids.incrementAndGet(), "server/discover");
        request.putObject("params").set("_meta", modernMeta());
        Map<String, String> headers = Map.of(McpProtocol.VERSION_HEADER, McpProtocol.MODERN,
                McpProtocol.METHOD_HEADER, "server/discover");
        return http.post(settings, headers, McpJson.bytes(request), request.get("id").asText(), deadline)
                .thenApply(reply -> {
                    int status = reply.status();
                    if (status == 401 || status == 403 || status == 408 || status == 429 || status >= 500) {
                        throw new McpFailure(McpOutcome.of(reply, clock));
                    }
                    JsonNode result = reply.result();
                    if (reply.ok() && result != null) {
                        return contains(result.path("supportedVersions"), McpProtocol.MODERN) ? Era.MODERN
                                : Era.LEGACY;
                    }
                    Integer code = reply.errorCode();
                    if (status == 400 && code != null && McpProtocol.MODERN_ERRORS.contains(code)) {
                        return code == McpProtocol.UNSUPPORTED_PROTOCOL_VERSION
                                && !supported(reply).contains(McpProtocol.MODERN) ? Era.LEGACY : Era.MODERN;
                    }
                    return Era.LEGACY;
                });
    }

    /** {@link #handshake}, counted once it gives a session: as {@code expired} when one was forgotten before. */
    private CompletableFuture<Session> initialize(McpSettings settings, long deadline) {
        boolean afterExpiry = expired.getAndSet(false);
        return handshake(settings, deadline).whenComplete((created, failure) -> {
            if (failure == null) {
                listener.mcpSession(destination, afterExpiry);
            } else if (afterExpiry) {
                expired.set(true);
            }
        });
    }

    /** {@code initialize}, then {@code notifications/initialized}: the session the server gives. */
    private CompletableFuture<Session> handshake(McpSettings settings, long deadline) {
        ObjectNode request = request("hooklane-initialize-" + ids.incrementAndGet(), "initialize");
        ObjectNode params = request.putObject("params");
        params.put("protocolVersion", McpProtocol.LEGACY.get(0));
        params.putObject("capabilities");
        params.set("clientInfo", clientInfo());
        return http.post(settings, Map.of(), McpJson.bytes(request), request.get("id").asText(), deadline)
                .thenCompose(reply -> {
                    checkStillLegacy(reply);
                    if (!reply.ok() || reply.result() == null) {
                        throw new McpFailure(McpOutcome.of(reply, clock));
                    }
                    String version = reply.result().path("protocolVersion").asText();
                    String id = reply.header(McpProtocol.SESSION_HEADER);
                    if (!McpProtocol.LEGACY.contains(version)) {
                        throw refused("the MCP server chose protocol version '" + version + "'; Hooklane speaks "
                                + McpProtocol.MODERN + " and " + String.join(", ", McpProtocol.LEGACY));
                    }
                    if (id != null && !SESSION_ID.matcher(id).matches()) {
                        throw refused("the MCP server gave a session id that is not 1 to 512 visible ASCII characters");
                    }
                    Session created = new Session(id, version);
                    ObjectNode initialized = McpJson.object().put("jsonrpc", "2.0")
                            .put("method", "notifications/initialized");
                    return http.post(settings, sessionHeaders(created), McpJson.bytes(initialized), null, deadline)
                            .thenApply(ack -> {
                                if (!ack.ok()) {
                                    throw new McpFailure(McpOutcome.of(ack, clock));
                                }
                                return created;
                            });
                });
    }

    /**
     * The shared future in the reference, or a new one made by {@code start} when there is none: one operation in
     * flight, whoever asks. A failed operation is removed before its waiters hear of it, so the next call starts
     * again.
     */
    private static <T> CompletableFuture<T> once(AtomicReference<CompletableFuture<T>> shared,
                                                 Supplier<CompletableFuture<T>> start) {
        while (true) {
            CompletableFuture<T> current = shared.get();
            if (current != null) {
                return current;
            }
            CompletableFuture<T> mine = new CompletableFuture<>();
            if (shared.compareAndSet(null, mine)) {
                CompletableFuture<T> started;
                try {
                    started = start.get();
                } catch (RuntimeException e) {
                    started = CompletableFuture.failedFuture(e);
                }
                started.whenComplete((value, error) -> {
                    if (error != null) {
                        shared.compareAndSet(mine, null);
                        mine.completeExceptionally(error);
                    } else {
                        mine.complete(value);
                    }
                });
                return mine;
            }
        }
    }

    /** A caller's own view of a shared future, which fails at the caller's deadline without touching it. */
    private static <T> CompletableFuture<T> within(CompletableFuture<T> shared, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (shared.isDone()) {
            return shared;
        }
        return remaining <= 0 ? CompletableFuture.failedFuture(new TimeoutException())
                : shared.copy().orTimeout(remaining, TimeUnit.NANOSECONDS);
    }

    private static Map<String, String> sessionHeaders(Session session) {
        Map<String, String> headers = new HashMap<>();
        headers.put(McpProtocol.VERSION_HEADER, session.version());
        if (session.id() != null) {
            headers.put(McpProtocol.SESSION_HEADER, session.id());
        }
        return headers;
    }

    private static ObjectNode toolCall(String tool, String webhookId, JsonNode event, ObjectNode meta) {
        ObjectNode request = request(webhookId, "tools/call");
        ObjectNode params = request.putObject("params");
        params.put("name", tool);
        params.putObject("arguments").set("event", event);
        meta.put(McpProtocol.META_WEBHOOK_ID, webhookId);
        params.set("_meta", meta);
        return request;
    }

    private static ObjectNode request(String id, String method) {
        return McpJson.object().put("jsonrpc", "2.0").put("id", id).put("method", method);
    }

    private static ObjectNode meta(String webhookId) {
        return McpJson.object().put(McpProtocol.META_WEBHOOK_ID, webhookId);
    }

    /** The per-request fields of 2026-07-28 (Overview: General fields, {@code _meta}). */
    private static ObjectNode modernMeta() {
        ObjectNode meta = McpJson.object();
        meta.put(McpProtocol.META_PROTOCOL_VERSION, McpProtocol.MODERN);
        meta.set(McpProtocol.META_CLIENT_INFO, clientInfo());
        meta.putObject(McpProtocol.META_CLIENT_CAPABILITIES);
        return meta;
    }

    private static ObjectNode clientInfo() {
        return McpJson.object().put("name", McpProtocol.CLIENT_NAME).put("version", McpProtocol.CLIENT_VERSION);
    }

    private static java.util.List<String> supported(McpReply reply) {
        java.util.List<String> versions = new java.util.ArrayList<>();
        JsonNode error = reply.message() == null ? null : reply.message().get("error");
        if (error != null) {
            error.path("data").path("supported").forEach(v -> versions.add(v.asText()));
        }
        return versions;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static McpFailure refused(String why) {
        return new McpFailure(McpOutcome.failure(new AttemptResult(McpOutcome.JSON_RPC_ERROR_STATUS, why, null),
                McpOutcome.RPC_ERROR));
    }
}
