package io.hooklane.e2e;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.testing.SignedWebhook;
import io.hooklane.verify.SchemeSettings;
import io.hooklane.verify.SignatureSchemes;
import io.hooklane.verify.VerificationException;
import io.hooklane.verify.WebhookRequest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Routing and delivery end to end: real HTTP in, a real broker, real HTTP receivers on 127.0.0.1. */
class DeliveryEndToEndTest {

    static final List<String> DESTINATIONS = List.of("recommendations-agent", "support-agent", "crm", "pricing");
    private static TestReceiver receiver;
    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        receiver = new TestReceiver();
        gateway = TestGateway.start(TestKafka.bootstrapServers(), TestGateway.fastDelivery(receiver));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "order.created     | recommendations-agent,crm",
            "payment.failed    | support-agent,crm",
            "payment.succeeded | crm",
            "refund.created    | crm",
            "customer.created  | crm",
            "customer.updated  | crm",
            "inventory.updated | pricing",
            "product.updated   | pricing",
            "shipment.updated  | support-agent",
            "review.created    | support-agent"})
    void routes_each_event_type_to_exactly_its_destinations(String type, String destinations) {
        assertDeliveredExactlyTo(accepted(gateway.signed("standard").event(type).build()), type, destinations);
    }

    @ParameterizedTest(name = "acp {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "order.created | recommendations-agent,crm",
            "order.updated | crm"})
    void routes_agentic_commerce_order_events_from_any_source(String type, String destinations) {
        assertDeliveredExactlyTo(accepted(gateway.signed("acp").event(type).build()), type, destinations);
    }

    private static void assertDeliveredExactlyTo(String id, String type, String destinations) {
        Set<String> expected = Set.of(destinations.split(","));
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).size() >= expected.size());
        // and no extra delivery shows up for a while after
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.forEvent(id).size() == expected.size());

        List<TestReceiver.Received> got = receiver.forEvent(id);
        assertThat(got.stream().map(TestReceiver.Received::destination).collect(Collectors.toSet()))
                .isEqualTo(expected);
        assertThat(got).hasSize(expected.size());
        for (TestReceiver.Received delivery : got) {
            assertThat(delivery.header("content-type")).isEqualTo("application/cloudevents+json");
            assertThat(delivery.event().type()).isEqualTo(type);
            assertThatStandardWebhooksVerifierAccepts(delivery);
        }
    }

    @Test
    void keeps_events_no_rule_matches_out_of_every_destination() {
        String id = accepted(gateway.signed("generic").withBody(
                "{\"event\":\"loyalty.points_added\",\"data\":{\"id\":\"c1\"}}").build());
        String marker = accepted(gateway.signed("standard").event("refund.created").build());

        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(marker).size() == 1);
        assertThat(receiver.forEvent(id)).isEmpty();
    }

    @Test
    void retries_a_receiver_answering_503_then_delivers_with_the_same_webhook_id() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("pricing", r -> TestReceiver.Answer.of(calls.incrementAndGet() <= 3 ? 503 : 200));
        try {
            String id = accepted(gateway.signed("standard").event("inventory.updated").build());

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.forEvent(id).stream()
                    .anyMatch(r -> r.answered() == 200));
            List<TestReceiver.Received> attempts = receiver.forEvent(id);
            assertThat(attempts).hasSize(4);
            assertThat(attempts).extracting(TestReceiver.Received::answered).containsExactly(503, 503, 503, 200);
            assertThat(attempts.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        } finally {
            receiver.answer("pricing", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void dead_letters_an_event_the_receiver_refuses_with_400() {
        receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(400));
        try {
            String id = accepted(gateway.signed("standard").event("order.created").build());

            String topic = gateway.property("hooklane.topic.dead-letter-prefix") + "recommendations-agent";
            List<ConsumerRecord<String, byte[]>> letters = awaitDeadLetter(topic, id);
            JsonNode letter = EventTopic.json(letters.get(0).value());
            assertThat(letter.path("destination").asText()).isEqualTo("recommendations-agent");
            assertThat(letter.path("reason").asText()).isEqualTo("permanent_failure");
            assertThat(letter.path("attempts").asInt()).isEqualTo(1);
            assertThat(letter.path("lastStatus").asInt()).isEqualTo(400);
            assertThat(letter.path("lastError").asText()).contains("400");
            assertThat(letter.path("firstAttemptAt").asText()).isNotBlank();
            assertThat(letter.path("event").path("id").asText()).isEqualTo(id);
            assertThat(receiver.forEvent(id).stream().filter(r -> r.destination().equals("recommendations-agent")))
                    .hasSize(1);
            // the other destination of order.created is not affected
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).stream()
                    .anyMatch(r -> r.destination().equals("crm") && r.answered() == 200));
        } finally {
            receiver.answer("recommendations-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void waits_at_least_retry_after_before_retrying_a_429() {
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("support-agent", r -> calls.incrementAndGet() == 1
                ? new TestReceiver.Answer(429, Map.of("Retry-After", "2"))
                : TestReceiver.Answer.of(200));
        try {
            String id = accepted(gateway.signed("standard").event("review.created").build());

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.forEvent(id).size() == 2);
            List<TestReceiver.Received> attempts = receiver.forEvent(id);
            assertThat(attempts.get(0).answered()).isEqualTo(429);
            assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        } finally {
            receiver.answer("support-agent", r -> TestReceiver.Answer.of(200));
        }
    }

    @Test
    void delivers_different_subjects_concurrently_and_the_events_of_one_subject_in_order() {
        int maxInFlight = Integer.parseInt(gateway.property("hooklane.delivery.max-in-flight"));
        List<String> subjects = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> "cus_inorder_" + i).toList();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger mostInFlight = new AtomicInteger();
        Map<String, AtomicInteger> inFlightBySubject = new ConcurrentHashMap<>();
        AtomicInteger mostInFlightForOneSubject = new AtomicInteger();
        Map<String, Queue<String>> arrivedBySubject = new ConcurrentHashMap<>();
        receiver.answer("crm", r -> {
            String subject = EventTopic.json(r.body()).path("subject").asText();
            if (!subjects.contains(subject)) {
                return TestReceiver.Answer.of(200);
            }
            AtomicInteger forSubject = inFlightBySubject.computeIfAbsent(subject, s -> new AtomicInteger());
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            mostInFlightForOneSubject.accumulateAndGet(forSubject.incrementAndGet(), Math::max);
            arrivedBySubject.computeIfAbsent(subject, s -> new ConcurrentLinkedQueue<>()).add(r.event().id());
            try {
                Thread.sleep(200); // a slow receiver: 24 events one at a time would take about 5 s
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                forSubject.decrementAndGet();
                inFlight.decrementAndGet();
            }
            return TestReceiver.Answer.of(200);
        });
        try {
            // the subject is the Kafka key: one subject's events share a partition, different subjects spread out
            Map<String, List<String>> sentBySubject = new java.util.LinkedHashMap<>();
            for (int round = 0; round < 3; round++) {
                for (String subject : subjects) {
                    String id = accepted(gateway.signed("standard").withBody("{\"type\":\"customer.updated\","
                            + "\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"id\":\"" + subject + "\"}}").build());
                    sentBySubject.computeIfAbsent(subject, s -> new java.util.ArrayList<>()).add(id);
                }
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> sentBySubject.values().stream().flatMap(List::stream)
                    .allMatch(id -> receiver.forEvent(id).stream().anyMatch(r -> r.answered() == 200)));

            assertThat(mostInFlight.get()).as("crm calls in flight at once (maxInFlight " + maxInFlight + ")")
                    .isGreaterThan(1).isLessThanOrEqualTo(maxInFlight);
            assertThat(mostInFlightForOneSubject.get()).as("calls in flight at once for one subject").isEqualTo(1);
            sentBySubject.forEach((subject, sent) -> assertThat(List.copyOf(arrivedBySubject.get(subject)))
                    .as("arrival order of " + subject).containsExactlyElementsOf(sent));
        } finally {
            receiver.answer("crm", r -> TestReceiver.Answer.of(200));
        }
    }

    static List<ConsumerRecord<String, byte[]>> awaitDeadLetter(String topic, String eventId) {
        List<List<ConsumerRecord<String, byte[]>>> found = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<ConsumerRecord<String, byte[]>> matching = EventTopic.readAll(TestKafka.bootstrapServers(), topic)
                    .stream().filter(r -> eventId.equals(EventTopic.json(r.value()).path("event").path("id").asText()))
                    .toList();
            found.add(matching);
            return !matching.isEmpty();
        });
        return found.get(found.size() - 1);
    }

    static String accepted(SignedWebhook.Request request) {
        return accepted(gateway, request);
    }

    static String accepted(TestGateway gateway, SignedWebhook.Request request) {
        HttpResponse<String> response = gateway.post(request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return EventTopic.json(response.body().getBytes(StandardCharsets.UTF_8)).path("id").asText();
    }

    /** Checks the delivery with the project's Standard Webhooks verifier, as a receiver's library would. */
    static void assertThatStandardWebhooksVerifierAccepts(TestReceiver.Received delivery) {
        var verifier = SignatureSchemes.create(SchemeSettings.builder().scheme("standard").source("receiver")
                .secrets(TestGateway.SIGNING_SECRET).clock(Clock.systemUTC()).build());
        try {
            verifier.verify(new WebhookRequest("receiver", delivery.headers(), delivery.body(), null));
        } catch (VerificationException e) {
            throw new AssertionError("a Standard Webhooks verifier refused the delivery: " + e.reason(), e);
        }
        assertThat(Instant.ofEpochSecond(Long.parseLong(delivery.header("webhook-timestamp"))))
                .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(60, java.time.temporal.ChronoUnit.SECONDS));
    }
}
