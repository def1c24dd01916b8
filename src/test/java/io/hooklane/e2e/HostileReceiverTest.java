package io.hooklane.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.deliver.DeliveryRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.hooklane.e2e.RawReceiver.Behaviour.ANSWER_200;
import static io.hooklane.e2e.RawReceiver.Behaviour.HANG;
import static io.hooklane.e2e.RawReceiver.Behaviour.RESET;
import static io.hooklane.e2e.RawReceiver.Behaviour.TRICKLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Receivers that misbehave on purpose, over real HTTP on 127.0.0.1 and a real broker: each attempt is one request,
 * ends at its deadline whatever the receiver does, logs one line and no stack trace, and a receiver cannot park a
 * destination past Hooklane's own Retry-After cap. The CRM (timeout 10 s) and the agents answer through a
 * {@link TestReceiver}; pricing (timeout 1 s here) through a {@link RawReceiver}.
 */
class HostileReceiverTest {

    private static final long TIMEOUT_MILLIS = 1000;
    private static TestReceiver receiver;
    private static RawReceiver raw;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        raw = new RawReceiver();
        Map<String, String> config = new java.util.HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("PRICING_URL", raw.url("pricing"));
        config.put("hooklane.delivery.timeout-millis", String.valueOf(TIMEOUT_MILLIS));
        config.put("hooklane.delivery.initial-backoff-millis", "100");
        config.put("hooklane.delivery.max-backoff-millis", "300");
        config.put("hooklane.delivery.max-retry-after-millis", "500");
        // the breaker stays closed: these tests count requests per attempt, not probes
        config.put("hooklane.delivery.minimum-calls", "1000");
        config.put("hooklane.delivery.sliding-window-size", "1000");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        raw.close();
        receiver.close();
    }

    @Test
    void a_429_or_503_with_a_huge_retry_after_is_requested_once_per_attempt_and_waits_only_the_capped_time() {
        // the first request of each event is refused for 11.6 days; Hooklane's cap here is 500 ms
        receiver.answer("crm", r -> receiver.forEvent(r.event().id()).isEmpty()
                ? new TestReceiver.Answer(r.event().type().equals("payment.succeeded") ? 429 : 503,
                        Map.of("Retry-After", "999999"))
                : TestReceiver.Answer.of(200));
        try {
            String tooMany = send("payment.succeeded");
            String unavailable = send("refund.created");

            await().atMost(Duration.ofSeconds(15)).until(() -> Stream.of(tooMany, unavailable)
                    .allMatch(id -> receiver.forEvent(id).stream().anyMatch(r -> r.answered() == 200)));
            // and nothing more arrives: the client repeated no attempt on its own
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                    receiver.forEvent(tooMany).size() == 2 && receiver.forEvent(unavailable).size() == 2);
            assertThat(receiver.forEvent(tooMany)).extracting(TestReceiver.Received::answered)
                    .containsExactly(429, 200);
            assertThat(receiver.forEvent(unavailable)).extracting(TestReceiver.Received::answered)
                    .containsExactly(503, 200);
        } finally {
            receiver.answer("crm", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void a_receiver_sees_exactly_the_configured_path_without_client_options_in_the_query() {
        String id = send("payment.succeeded");

        await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.forEvent(id).isEmpty());
        assertThat(receiver.forEvent(id)).extracting(TestReceiver.Received::target).containsExactly("/crm");
    }

    @Test
    void a_receiver_trickling_its_answer_is_cut_off_at_the_deadline_and_the_event_retried() {
        raw.behave((event, attempt) -> attempt == 1 ? TRICKLE : ANSWER_200);
        String id = send("inventory.updated");

        await().atMost(Duration.ofSeconds(15)).until(() -> raw.forEvent(id).size() == 2);
        List<RawReceiver.Connection> connections = raw.forEvent(id);
        assertThat(connections).extracting(RawReceiver.Connection::behaviour).containsExactly(TRICKLE, ANSWER_200);
        assertThat(connections.get(0).held()).as("the trickling attempt, with a %d ms timeout", TIMEOUT_MILLIS)
                .isBetween(Duration.ofMillis(TIMEOUT_MILLIS - 200), Duration.ofMillis(TIMEOUT_MILLIS + 4000));
        assertThat(connections.get(0).requestLine()).isEqualTo("POST /pricing HTTP/1.1");
    }

    @Test
    void a_receiver_that_never_answers_is_cut_off_at_the_deadline_and_the_event_retried() {
        raw.behave((event, attempt) -> attempt == 1 ? HANG : ANSWER_200);
        String id = send("inventory.updated");

        await().atMost(Duration.ofSeconds(15)).until(() -> raw.forEvent(id).size() == 2);
        List<RawReceiver.Connection> connections = raw.forEvent(id);
        assertThat(connections).extracting(RawReceiver.Connection::behaviour).containsExactly(HANG, ANSWER_200);
        assertThat(connections.get(0).held()).as("the hanging attempt, with a %d ms timeout", TIMEOUT_MILLIS)
                .isBetween(Duration.ofMillis(TIMEOUT_MILLIS - 200), Duration.ofMillis(TIMEOUT_MILLIS + 4000));
    }

    @Test
    void a_receiver_resetting_the_connection_is_retried_with_one_log_line_per_attempt_and_no_stack_trace() {
        try (LogCapture logs = new LogCapture()) {
            raw.behave((event, attempt) -> attempt <= 2 ? RESET : ANSWER_200);
            String id = send("inventory.updated");

            await().atMost(Duration.ofSeconds(15)).until(() -> raw.forEvent(id).size() == 3);
            String webhookId = raw.forEvent(id).get(0).webhookId();
            await().atMost(Duration.ofSeconds(5)).until(() -> linesAbout(logs.text(), webhookId).size() >= 2);
            String text = logs.text();

            assertThat(raw.forEvent(id)).extracting(RawReceiver.Connection::behaviour)
                    .containsExactly(RESET, RESET, ANSWER_200);
            assertThat(linesAbout(text, webhookId)).hasSize(2)
                    .allMatch(line -> line.startsWith("INFO ") && line.contains("failed"));
            assertThat(text.lines().filter(line -> line.startsWith("\tat ") || line.startsWith("ERROR ")))
                    .as("stack traces and errors logged while the receiver reset connections").isEmpty();
        }
    }

    @Test
    void a_redirect_is_dead_lettered_with_its_location() {
        receiver.answer("support-agent", r -> new TestReceiver.Answer(301,
                Map.of("Location", "https://moved.example/hooks/support")));
        try (LogCapture logs = new LogCapture()) {
            String id = send("review.created");

            String topic = gateway.property("hooklane.topic.dead-letter-prefix") + "support-agent";
            JsonNode letter = EventTopic.json(DeliveryEndToEndTest.awaitDeadLetter(topic, id).get(0).value());
            assertThat(letter.path("reason").asText()).isEqualTo("permanent_failure");
            assertThat(letter.path("lastStatus").asInt()).isEqualTo(301);
            assertThat(letter.path("lastLocation").asText()).isEqualTo("https://moved.example/hooks/support");
            String webhookId = receiver.forEvent(id).get(0).header("webhook-id");
            await().atMost(Duration.ofSeconds(5)).until(() -> linesAbout(logs.text(), webhookId).size() == 1);
            assertThat(linesAbout(logs.text(), webhookId).get(0)).contains("https://moved.example/hooks/support");
        } finally {
            receiver.answer("support-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void the_waiting_count_follows_the_queue_while_a_slow_receiver_holds_the_loop() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<String> blocker = new AtomicReference<>();
        receiver.answer("crm", r -> {
            // every CRM request from now on is held, well inside the CRM's 10 s timeout
            blocker.compareAndSet(null, r.event().id());
            entered.countDown();
            try {
                release.await(8, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TestReceiver.Answer.of(200);
        });
        send("payment.succeeded");
        List<String> queued = new ArrayList<>();
        try {
            assertThat(entered.await(15, TimeUnit.SECONDS)).as("the slow delivery started").isTrue();
            for (int i = 0; i < 10; i++) {
                queued.add(send("payment.succeeded"));
            }
            DeliveryRegistry.Destination crm = gateway.gateway().context().getRegistry()
                    .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class).destination("crm");

            // what the admin API's waitingEvents and the gauge read
            await().atMost(Duration.ofSeconds(6)).until(() -> crm.waitingEvents() >= queued.size());
            assertThat(MetricsScrape.of(gateway).value("hooklane_destination_waiting_events", "destination", "crm"))
                    .isGreaterThanOrEqualTo(queued.size());
            assertThat(receiver.forEvent(blocker.get())).as("the slow delivery is still in flight").isEmpty();
        } finally {
            release.countDown();
            receiver.answer("crm", r -> TestReceiver.Answer.of(200));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> queued.stream()
                .allMatch(id -> !receiver.forEvent(id).isEmpty()));
    }

    /** Posts a signed Standard Webhooks event of this type; returns its id once the gateway accepted it. */
    private static String send(String type) {
        return DeliveryEndToEndTest.accepted(gateway, gateway.signed("standard").event(type).build());
    }

    /** Log lines naming this webhook id (each delivery line does); LogCapture sees a line once per logger level. */
    private static List<String> linesAbout(String text, String webhookId) {
        return text.lines().filter(line -> line.contains(webhookId)).distinct().toList();
    }
}
