package io.hooklane.a2a;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An A2A agent for tests, written from the specification, on 127.0.0.1 (JDK HTTP server):
 * <ul>
 * <li>1.0: agent card at {@code /.well-known/agent-card.json} (§8.2) with {@code supportedInterfaces} (§4.4.6,
 * {@code protocolBinding: JSONRPC}, {@code protocolVersion: 1.0}) and {@code capabilities.pushNotifications};
 * JSON-RPC methods {@code SendMessage} and {@code GetTask} (§9, §5.3); results wrapped as {@code {"task": ...}}
 * (§3.2.3); states {@code TASK_STATE_*} (§4.1.3); a push is a POST of a StreamResponse
 * {@code {"statusUpdate": ...}} to the config's URL with its token in {@code X-A2A-Notification-Token} (§4.3.3).</li>
 * <li>0.3: card only at {@code /.well-known/agent.json} with a top-level {@code url} and {@code protocolVersion:
 * 0.3.0}; methods {@code message/send}, {@code tasks/get}; objects with {@code kind}; lowercase states; a push is
 * the Task object itself.</li>
 * </ul>
 * Tasks stay {@code working} until the test settles them ({@link #settle}), or after a number of GetTask polls
 * ({@link #settleAfterPolls}); hostile behaviours are programmed per test.
 */
final class TestA2aAgent implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One JSON-RPC call the agent received. */
    record Call(String method, JsonNode params, Map<String, List<String>> headers) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** A task and where its pushes go. */
    static final class Task {
        final String id;
        final String messageId;
        volatile String state;
        volatile String pushUrl;
        volatile String pushToken;
        volatile ArrayNode artifacts = JSON.createArrayNode();

        Task(String id, String messageId, String state) {
            this.id = id;
            this.messageId = messageId;
            this.state = state;
        }
    }

    private final boolean v03;
    private final boolean push;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Queue<Call> calls = new ConcurrentLinkedQueue<>();
    private final Map<String, Task> tasks = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    final Queue<Integer> pushAnswers = new ConcurrentLinkedQueue<>();

    /** The state a SendMessage's task starts in (working, or already settled). */
    volatile String initialState = "working";
    /** When set, SendMessage answers this JSON-RPC error code instead of a task. */
    volatile Integer sendError;
    /** When set, SendMessage answers this HTTP status (and Retry-After: 7) instead of JSON-RPC. */
    volatile Integer sendStatus;
    /** SendMessage with a push config is refused with PushNotificationNotSupportedError (-32003, §5.4). */
    volatile boolean refusePush;
    /** SendMessage answers a direct message instead of a task. */
    volatile boolean answerWithMessage;
    /** SendMessage answers a body of this many bytes (hostile). */
    volatile int hugeAnswerBytes;
    /** SendMessage never answers until the latch opens (hostile). */
    volatile CountDownLatch holdSendMessage;
    /** GetTask settles the task in {@link #pollState} on its n-th call for that task (0: never). */
    private volatile int settleAfterPolls;
    private volatile String pollState;
    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();

    private TestA2aAgent(boolean v03, boolean push) {
        this.v03 = v03;
        this.push = push;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        server.start();
    }

    static TestA2aAgent v1(boolean push) {
        return new TestA2aAgent(false, push);
    }

    static TestA2aAgent v03(boolean push) {
        return new TestA2aAgent(true, push);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Every task the agent has created, in no particular order. */
    List<Task> tasks() {
        return List.copyOf(tasks.values());
    }

    Task task(String messageId) {
        return tasks.values().stream().filter(t -> t.messageId.equals(messageId)).findFirst().orElse(null);
    }

    void settleAfterPolls(int n, String state) {
        pollState = state;
        settleAfterPolls = n;
    }

    /**
     * Moves the task to {@code state} with one data artifact, then pushes the change if a push config was given;
     * the push's answer status, or null when there was no push.
     */
    Integer settle(Task task, String state, JsonNode data) {
        ArrayNode artifacts = JSON.createArrayNode();
        ObjectNode artifact = artifacts.addObject().put("artifactId", "a-" + task.id).put("name", "decision");
        ObjectNode part = artifact.putArray("parts").addObject();
        if (v03) {
            part.put("kind", "data");
        }
        part.set("data", data);
        task.artifacts = artifacts;
        task.state = state;
        if (task.pushUrl == null) {
            return null;
        }
        int answer = push(task, state, task.pushToken);
        pushAnswers.add(answer);
        return answer;
    }

    /** Pushes the task's state to its push URL with {@code token}; the answer's status. */
    int push(Task task, String state, String token) {
        ObjectNode body = v03 ? taskJson(task) : JSON.createObjectNode();
        if (!v03) {
            ObjectNode update = body.putObject("statusUpdate").put("taskId", task.id).put("contextId", "ctx-" + task.id);
            update.putObject("status").put("state", wireState(state));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(task.pushUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("X-A2A-Notification-Token", token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (path.equals(v03 ? "/.well-known/agent.json" : "/.well-known/agent-card.json")) {
            answer(exchange, 200, card().toString().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/rpc") && exchange.getRequestMethod().equals("POST")) {
            rpc(exchange, JSON.readTree(body));
        } else {
            answer(exchange, 404, new byte[0]);
        }
    }

    private ObjectNode card() {
        ObjectNode card = JSON.createObjectNode().put("name", "test agent").put("description", "answers events");
        card.putObject("capabilities").put("pushNotifications", push).put("streaming", false);
        if (v03) {
            card.put("protocolVersion", "0.3.0").put("url", baseUrl() + "/rpc").put("preferredTransport", "JSONRPC");
        } else {
            card.putArray("supportedInterfaces").addObject().put("url", baseUrl() + "/rpc")
                    .put("protocolBinding", "JSONRPC").put("protocolVersion", "1.0");
        }
        return card;
    }

    private void rpc(HttpExchange exchange, JsonNode request) throws IOException {
        String method = request.path("method").asText();
        JsonNode params = request.path("params");
        calls.add(new Call(method, params, exchange.getRequestHeaders()));
        ObjectNode response = JSON.createObjectNode().put("jsonrpc", "2.0");
        response.set("id", request.get("id"));
        if (method.equals(v03 ? "message/send" : "SendMessage")) {
            if (holdSendMessage != null) {
                try {
                    holdSendMessage.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (sendStatus != null) {
                exchange.getResponseHeaders().add("Retry-After", "7");
                answer(exchange, sendStatus, "{}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (hugeAnswerBytes > 0) {
                answer(exchange, 200, new byte[hugeAnswerBytes]);
                return;
            }
            boolean withPush = params.path("configuration").has(v03 ? "pushNotificationConfig" : "taskPushNotificationConfig");
            if (sendError != null || refusePush && withPush) {
                response.putObject("error").put("code", sendError != null ? sendError : -32003)
                        .put("message", "refused by the test agent");
            } else if (answerWithMessage) {
                ObjectNode message = JSON.createObjectNode().put("messageId", "reply-1").put("contextId", "ctx-m")
                        .put("role", v03 ? "agent" : "ROLE_AGENT");
                message.putArray("parts").addObject().put("text", "noted");
                response.set("result", v03 ? message.put("kind", "message") : JSON.createObjectNode().set("message", message));
            } else {
                Task task = new Task("task-" + ids.incrementAndGet(), params.path("message").path("messageId").asText(),
                        initialState);
                JsonNode config = params.path("configuration").path(v03 ? "pushNotificationConfig" : "taskPushNotificationConfig");
                if (config.isObject()) {
                    task.pushUrl = config.path("url").asText();
                    task.pushToken = config.path("token").asText();
                }
                tasks.put(task.id, task);
                response.set("result", v03 ? taskJson(task) : JSON.createObjectNode().set("task", taskJson(task)));
            }
        } else if (method.equals(v03 ? "tasks/get" : "GetTask")) {
            Task task = tasks.get(params.path("id").asText());
            if (task == null) {
                response.putObject("error").put("code", -32001).put("message", "task not found");
            } else {
                int n = polls.computeIfAbsent(task.id, id -> new AtomicInteger()).incrementAndGet();
                if (settleAfterPolls > 0 && n >= settleAfterPolls && task.state.equals("working")) {
                    settle(task, pollState, JSON.createObjectNode().put("polls", n));
                }
                response.set("result", taskJson(task));
            }
        } else {
            response.putObject("error").put("code", -32601).put("message", "method not found");
        }
        answer(exchange, 200, JSON.writeValueAsBytes(response));
    }

    private ObjectNode taskJson(Task task) {
        ObjectNode json = JSON.createObjectNode().put("id", task.id).put("contextId", "ctx-" + task.id);
        if (v03) {
            json.put("kind", "task");
        }
        ObjectNode status = json.putObject("status").put("state", wireState(task.state));
        if (!task.state.equals("working")) {
            ObjectNode message = status.putObject("message").put("messageId", "status-" + task.id)
                    .put("role", v03 ? "agent" : "ROLE_AGENT");
            message.putArray("parts").addObject().put("text", "task " + task.state);
        }
        json.set("artifacts", task.artifacts);
        return json;
    }

    private String wireState(String state) {
        return v03 ? state : "TASK_STATE_" + state.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException e) {
            // the client stopped reading (a capped answer): nothing to do
        }
    }

    @Override
    public void close() {
        CountDownLatch hold = holdSendMessage;
        if (hold != null) {
            hold.countDown();
        }
        server.stop(0);
    }
}
