package io.hooklane.a2a;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.AttemptResult;
import io.hooklane.deliver.DestinationCredentials;
import io.hooklane.deliver.Outcome;
import io.hooklane.e2e.MetricsScrape;
import io.hooklane.e2e.TestGateway;
import io.hooklane.e2e.TestKafka;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.ExchangeBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code a2a} destination protocol against test agents written from the A2A specification (1.0 and 0.3), over
 * real HTTP on 127.0.0.1, through the {@code a2aDelivery} processor in a Camel route of a running gateway, which also
 * serves the push endpoint ({@code a2a-push}, routes/a2a.camel.yaml).
 *
 * <p>The gateway's own {@code a2aDelivery} polls only every 30 s, so a task it sees settle within seconds was woken by
 * a push; {@code direct:a2a-polling} uses a second instance that polls every 50 ms and is never given push.
 */
class A2aDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EVENT = "{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"stripe\","
            + "\"type\":\"payment.failed\",\"subject\":\"order-42\",\"data\":{\"amount\":1200}}";

    private static TestGateway gateway;
    private static A2aDelivery polling;
    /** The meters the polling instance reports to (the gateway's own a2aDelivery reports to /observe/metrics). */
    private static final SimpleMeterRegistry pollingMeters = new SimpleMeterRegistry();
    private final List<TestA2aAgent> agents = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        gateway = TestGateway.start(TestKafka.bootstrapServers(), Map.of(
                "hooklane.a2a.poll-initial-millis", "30000",
                "hooklane.a2a.poll-max-millis", "30000",
                "hooklane.a2a.call-timeout-millis", "2000",
                "hooklane.a2a.max-response-bytes", "65536",
                "hooklane.a2a.max-push-bytes", "4096"));
        CamelContext context = gateway.gateway().context();
        HooklaneMetrics pollingMetrics = new HooklaneMetrics(pollingMeters);
        polling = new A2aDelivery(A2aSettings.of("", 1, 2000, 300_000, 65536, 300, 50, 200, 100, 4096),
                key -> null, new DestinationCredentials(key -> null, true), pollingMetrics);
        pollingMetrics.a2a(polling::waitingTasks, A2aPushReceiver.RESULTS);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:a2a-attempt").routeId("a2a-attempt-test").process("a2aDelivery");
                from("direct:a2a-polling").routeId("a2a-polling-test").process(polling);
            }
        });
    }

    @AfterAll
    static void stop() {
        if (polling != null) {
            polling.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void closeAgents() {
        agents.forEach(TestA2aAgent::close);
    }

    @Test
    void a_task_settled_after_a_push_is_fetched_with_get_task_and_delivered_with_its_artifacts() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(true));
        MetricsScrape before = MetricsScrape.of(gateway);
        Started started = startDelivery(agent);
        assertThat(started.attempt()).isNotDone();
        double waiting = before.value("hooklane_a2a_tasks_waiting");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                MetricsScrape.of(gateway).value("hooklane_a2a_tasks_waiting") == waiting + 1);
        agent.settle(started.task(), "completed", JSON.readTree("{\"action\":\"offer_alternative_payment\"}"));

        Exchange done = started.attempt().get(20, TimeUnit.SECONDS);
        assertThat(result(done).status()).isEqualTo(200);
        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
        assertThat(done.getProperty(AttemptExchange.CALL_RESULT)).isEqualTo("completed");
        MetricsScrape after = MetricsScrape.of(gateway);
        assertThat(after.value("hooklane_a2a_tasks_waiting")).isEqualTo(waiting);
        assertThat(delta(before, after, "hooklane_a2a_pushes_total", "result", "accepted")).isEqualTo(1);
        assertThat(delta(before, after, "hooklane_a2a_polls_total")).isZero();
        JsonNode reply = JSON.readTree(done.getProperty(AttemptExchange.AGENT_REPLY, byte[].class));
        assertThat(reply.path("state").asText()).isEqualTo("completed");
        assertThat(reply.at("/artifacts/0/parts/0/data/action").asText()).isEqualTo("offer_alternative_payment");
        assertThat(reply.at("/message/parts/0/text").asText()).isEqualTo("task completed");
        assertThat(agent.pushAnswers).containsExactly(200);
        // 1.0 §3.1.1 / §9: SendMessage, the CloudEvent in a data part, the delivery's id as messageId, no blocking,
        // a push config with this gateway's URL and a token of the task's own
        TestA2aAgent.Call send = agent.calls("SendMessage").get(0);
        assertThat(send.header("A2A-Version")).isEqualTo("1.0");
        assertThat(send.params().at("/message/messageId").asText()).isEqualTo(started.webhookId());
        assertThat(send.params().at("/message/role").asText()).isEqualTo("ROLE_USER");
        assertThat(send.params().at("/message/parts/0/data")).isEqualTo(JSON.readTree(EVENT));
        assertThat(send.params().at("/configuration/returnImmediately").asBoolean()).isTrue();
        assertThat(send.params().at("/configuration/taskPushNotificationConfig/url").asText())
                .isEqualTo(gateway.baseUrl() + "/a2a/push/" + started.webhookId());
        assertThat(started.task().pushToken).hasSizeGreaterThanOrEqualTo(43);
        assertThat(agent.calls("GetTask")).isNotEmpty();
    }

    @Test
    void a_forged_push_is_refused_and_the_task_goes_on_until_the_agent_settles_it() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(true));
        Started started = startDelivery(agent);
        MetricsScrape before = MetricsScrape.of(gateway);

        assertRefused(push(started.webhookId(), "forged-token", "{\"statusUpdate\":{}}"), 401, "invalid_token");
        assertRefused(push(started.webhookId(), null, "{\"statusUpdate\":{}}"), 401, "missing_token");
        assertRefused(push("msg_unknown", started.task().pushToken, "{}"), 404, "unknown_task");
        String token = started.task().pushToken;
        assertRefused(push(started.webhookId(), token, "{\"task\": [not json"), 400, "malformed_payload");
        assertRefused(push(started.webhookId(), token, "{\"pad\":\"" + "x".repeat(5000) + "\"}"), 413,
                "payload_too_large");
        assertRefused(push(started.webhookId(), token,
                "{\"statusUpdate\":{\"taskId\":\"someone-else\",\"status\":{\"state\":\"TASK_STATE_COMPLETED\"}}}"),
                404, "unknown_task");
        assertThat(agent.push(started.task(), "completed", "forged-token")).isEqualTo(401);
        MetricsScrape refused = MetricsScrape.of(gateway);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "invalid_token")).isEqualTo(2);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "missing_token")).isEqualTo(1);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "unknown_task")).isEqualTo(2);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "malformed_payload")).isEqualTo(1);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "payload_too_large")).isEqualTo(1);
        assertThat(delta(before, refused, "hooklane_a2a_pushes_total", "result", "accepted")).isZero();

        assertThat(agent.calls("GetTask")).isEmpty();
        assertThat(started.attempt()).isNotDone();
        agent.settle(started.task(), "completed", JSON.readTree("{\"ok\":true}"));
        Exchange done = started.attempt().get(20, TimeUnit.SECONDS);
        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
        // the token is forgotten with the task: the agent's own token no longer opens anything
        assertThat(agent.push(started.task(), "completed", started.task().pushToken)).isEqualTo(404);
    }

    @Test
    void an_agent_without_push_is_polled_with_get_task_until_its_task_settles() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(false));
        agent.settleAfterPolls(3, "completed");
        String webhookId = webhookId();
        double polls = pollingMeters.get("hooklane.a2a.polls").counter().count();

        Exchange done = attempt("direct:a2a-polling", agent, webhookId, null).get(20, TimeUnit.SECONDS);

        assertThat(pollingMeters.get("hooklane.a2a.polls").counter().count() - polls).isEqualTo(3);
        assertThat(polling.waitingTasks()).isZero();

        assertThat(result(done).status()).isEqualTo(200);
        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
        assertThat(JSON.readTree(done.getProperty(AttemptExchange.AGENT_REPLY, byte[].class))
                .at("/artifacts/0/parts/0/data/polls").asInt()).isEqualTo(3);
        assertThat(agent.calls("SendMessage").get(0).params().at("/configuration/taskPushNotificationConfig")
                .isMissingNode()).isTrue();
        assertThat(agent.calls("GetTask")).hasSize(3);
    }

    @Test
    void an_agent_refusing_push_after_announcing_it_gets_the_message_again_without_and_is_polled() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(true));
        agent.refusePush = true;
        agent.settleAfterPolls(1, "completed");

        Exchange done = attempt("direct:a2a-polling", agent, webhookId(), null).get(20, TimeUnit.SECONDS);

        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
        List<TestA2aAgent.Call> sends = agent.calls("SendMessage");
        assertThat(sends).hasSize(2);
        assertThat(sends.get(0).params().at("/configuration/taskPushNotificationConfig").isObject()).isTrue();
        assertThat(sends.get(1).params().at("/configuration/taskPushNotificationConfig").isMissingNode()).isTrue();
        assertThat(polling.pending().size()).isZero();
    }

    @Test
    void an_a2a_0_3_agent_is_found_by_its_agent_json_and_served_with_message_send_and_tasks_get() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v03(true));
        Started started = startDelivery(agent);

        agent.settle(started.task(), "input-required", JSON.readTree("{\"question\":\"which size?\"}"));

        Exchange done = started.attempt().get(20, TimeUnit.SECONDS);
        assertThat(result(done).status()).isEqualTo(200);
        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("input_required");
        assertThat(JSON.readTree(done.getProperty(AttemptExchange.AGENT_REPLY, byte[].class))
                .at("/artifacts/0/parts/0/data/question").asText()).isEqualTo("which size?");
        TestA2aAgent.Call send = agent.calls("message/send").get(0);
        assertThat(send.params().at("/configuration/blocking").asBoolean(true)).isFalse();
        assertThat(send.params().at("/message/parts/0/kind").asText()).isEqualTo("data");
        assertThat(send.params().at("/configuration/pushNotificationConfig/url").asText()).endsWith(started.webhookId());
        assertThat(agent.calls("tasks/get")).isNotEmpty();
        assertThat(agent.calls("SendMessage")).isEmpty();
    }

    @Test
    void what_the_agent_decides_is_delivered_and_what_it_cannot_take_is_retried_or_refused() throws Exception {
        assertVerdict(agent -> agent.initialState = "failed", 200, "failed");
        assertVerdict(agent -> agent.initialState = "canceled", 200, "failed");
        assertVerdict(agent -> agent.initialState = "rejected", 200, "rejected");
        assertVerdict(agent -> agent.initialState = "completed", 200, "completed");
        assertVerdict(agent -> agent.answerWithMessage = true, 200, "completed");
        // JSON-RPC errors: the agent refuses the request (permanent), except its internal error (retried)
        assertVerdict(agent -> agent.sendError = -32602, 422, null);
        assertVerdict(agent -> agent.sendError = -32603, 502, null);
        assertVerdict(agent -> agent.sendStatus = 401, 401, null);
        Exchange throttled = assertVerdict(agent -> agent.sendStatus = 429, 429, null);
        assertThat(result(throttled).retryAfter()).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void a_hostile_agent_is_bounded_in_bytes_and_time_and_a_task_that_never_settles_times_out() throws Exception {
        TestA2aAgent huge = agent(TestA2aAgent.v1(true));
        huge.hugeAnswerBytes = 10 * 1024 * 1024;
        Exchange tooLarge = attempt("direct:a2a-attempt", huge, webhookId(), null).get(20, TimeUnit.SECONDS);
        assertThat(result(tooLarge).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result(tooLarge).error()).contains("larger than 65536 bytes");

        TestA2aAgent silent = agent(TestA2aAgent.v1(true));
        silent.holdSendMessage = new CountDownLatch(1);
        Exchange late = attempt("direct:a2a-attempt", silent, webhookId(), null).get(20, TimeUnit.SECONDS);
        assertThat(result(late).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result(late).error()).contains("no complete answer within 2000 ms");

        TestA2aAgent endless = agent(TestA2aAgent.v1(false));
        Exchange timedOut = attempt("direct:a2a-polling", endless, webhookId(), 1500L).get(20, TimeUnit.SECONDS);
        assertThat(result(timedOut).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(timedOut.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("timed_out");
        assertThat(endless.calls("GetTask")).hasSizeBetween(2, 30);

        assertThat(configured().pending().size()).isZero();
    }

    @Test
    void an_abandoned_delivery_ends_at_once_as_a_retry_and_forgets_its_token() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(true));
        Started started = startDelivery(agent);

        configured().cancel(started.webhookId());

        Exchange done = started.attempt().get(20, TimeUnit.SECONDS);
        assertThat(result(done).outcome()).isEqualTo(Outcome.RETRY);
        assertThat(result(done).error()).contains("abandoned");
        assertThat(agent.push(started.task(), "completed", started.task().pushToken)).isEqualTo(404);
    }

    @Test
    void many_tasks_wait_at_once_without_a_thread_each() throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(true));
        AsyncProducer producer = gateway.gateway().context().getEndpoint("direct:a2a-attempt").createAsyncProducer();
        producer.start();
        int tasks = 40;
        List<CompletableFuture<Exchange>> attempts = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            Exchange exchange = exchange(agent, webhookId(), null);
            CompletableFuture<Exchange> done = new CompletableFuture<>();
            // one test thread starts every delivery: each call returns at once, none waits for its task
            boolean synchronous = producer.process(exchange, doneSync -> done.complete(exchange));
            assertThat(synchronous).isFalse();
            attempts.add(done);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.calls("SendMessage").size() == tasks);
        assertThat(attempts).noneMatch(CompletableFuture::isDone);
        long a2aThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("hooklane-a2a")).count();
        assertThat(a2aThreads).isLessThanOrEqualTo(6);

        for (TestA2aAgent.Task task : List.copyOf(agentTasks(agent, attempts))) {
            agent.settle(task, "completed", JSON.readTree("{\"ok\":true}"));
        }
        for (CompletableFuture<Exchange> attempt : attempts) {
            assertThat(attempt.get(30, TimeUnit.SECONDS).getProperty(AttemptExchange.AGENT_OUTCOME))
                    .isEqualTo("completed");
        }
        producer.stop();
    }

    private static A2aDelivery configured() {
        return gateway.gateway().context().getRegistry().lookupByNameAndType("a2aDelivery", A2aDelivery.class);
    }

    private List<TestA2aAgent.Task> agentTasks(TestA2aAgent agent, List<CompletableFuture<Exchange>> attempts) {
        return agent.calls("SendMessage").stream()
                .map(call -> agent.task(call.params().at("/message/messageId").asText())).toList();
    }

    private Exchange assertVerdict(java.util.function.Consumer<TestA2aAgent> program, int status, String outcome)
            throws Exception {
        TestA2aAgent agent = agent(TestA2aAgent.v1(false));
        program.accept(agent);
        Exchange done = attempt("direct:a2a-polling", agent, webhookId(), null).get(20, TimeUnit.SECONDS);
        assertThat(result(done).status()).as("status").isEqualTo(status);
        assertThat(done.getProperty(AttemptExchange.AGENT_OUTCOME, String.class)).as("outcome").isEqualTo(outcome);
        return done;
    }

    private TestA2aAgent agent(TestA2aAgent agent) {
        agents.add(agent);
        return agent;
    }

    /** A delivery through the gateway's a2aDelivery whose task the agent has created and holds. */
    private record Started(String webhookId, CompletableFuture<Exchange> attempt, TestA2aAgent.Task task) {
    }

    private static Started startDelivery(TestA2aAgent agent) {
        String webhookId = webhookId();
        CompletableFuture<Exchange> attempt = attempt("direct:a2a-attempt", agent, webhookId, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.task(webhookId) != null);
        return new Started(webhookId, attempt, agent.task(webhookId));
    }

    private static String webhookId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static double delta(MetricsScrape before, MetricsScrape after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    private static AttemptResult result(Exchange exchange) {
        return exchange.getProperty(AttemptExchange.RESULT, AttemptResult.class);
    }

    private static Exchange exchange(TestA2aAgent agent, String webhookId, Long timeoutMillis) {
        ExchangeBuilder builder = ExchangeBuilder.anExchange(gateway.gateway().context())
                .withProperty(AttemptExchange.DESTINATION, "orders-agent")
                .withProperty(AttemptExchange.WEBHOOK_ID, webhookId)
                .withProperty(AttemptExchange.ATTEMPT, 1)
                .withProperty(A2aDelivery.AGENT_URL, agent.baseUrl())
                .withBody(EVENT.getBytes(StandardCharsets.UTF_8));
        if (timeoutMillis != null) {
            builder.withProperty(A2aDelivery.TIMEOUT_MILLIS, timeoutMillis);
        }
        return builder.build();
    }

    private static CompletableFuture<Exchange> attempt(String route, TestA2aAgent agent, String webhookId,
                                                       Long timeoutMillis) {
        return gateway.gateway().context().createProducerTemplate()
                .asyncSend(route, exchange(agent, webhookId, timeoutMillis));
    }

    private static HttpResponse<String> push(String webhookId, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/a2a/push/" + webhookId))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-A2A-Notification-Token", token);
        }
        return gateway.send(request.build());
    }

    private static void assertRefused(HttpResponse<String> response, int status, String error) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("error").asText()).isEqualTo(error);
    }
}
