package io.hooklane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.hooklane.event.EventEnvelope;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An answer given in a callback is bounded like one given in the call: a routing rule that would send the support
 * agent's answers back to it is ignored for them, and an answer that would make a chain longer than
 * {@code hooklane.agents.max-hops} (1 here) is not written. A gateway on a copy of routes/ with that rule added, the
 * real broker, real HTTP on 127.0.0.1.
 */
class CallbackAnswerChainTest {

    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final String UNROUTED = "        - process:\n            ref: unroutedEvents\n";

    private static TestReceiver receiver;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        Path routes = Files.createTempDirectory(Path.of("target"), "callback-chain-routes-");
        try (var files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        }
        Path routing = routes.resolve("routing.camel.yaml");
        String rules = Files.readString(routing);
        assertThat(rules).contains(UNROUTED);
        // every agent's answer to the support agent too: its own answers must never reach it
        Files.writeString(routing, rules.replace(UNROUTED, """
                        - filter:
                            simple: "${exchangeProperty.type} startsWith 'agent.response.'"
                            steps:
                              - to: "hooklane-queue:support-agent"

                """ + UNROUTED));
        receiver = new TestReceiver();
        receiver.answer("support-agent", r -> TestReceiver.Answer.of(202));
        Map<String, String> config = new HashMap<>(TestGateway.fastDelivery(receiver));
        config.put("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml");
        config.put("hooklane.delivery.completion", "callback");
        config.put("hooklane.agents.max-hops", "1");
        // the 202 is quick; a loaded machine must not turn it into a timeout and a second delivery
        config.put("hooklane.delivery.timeout-millis", "30000");
        gateway = TestGateway.start(TestKafka.bootstrapServers(), config);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void an_answer_given_in_a_callback_is_never_routed_back_to_the_agent_that_gave_it() {
        String paymentId = DeliveryEndToEndTest.accepted(gateway, gateway.signed("stripe").event("payment.failed")
                .build());
        String webhookId = awaitAgentDelivery(paymentId).header("webhook-id");

        assertThat(CallbackAnswerEndToEndTest.postCallback(gateway, webhookId,
                "{\"status\":\"completed\",\"output\":{\"decision\":\"refund\"}}").statusCode()).isEqualTo(200);

        JsonNode answer = await().atMost(DELIVERY).until(() -> receiver.forDestination("crm").stream()
                .map(r -> EventTopic.json(r.body()))
                .filter(e -> paymentId.equals(e.path("causationid").asText()))
                .findFirst().orElse(null), a -> a != null);
        assertThat(answer.path("type").asText()).isEqualTo("agent.response.completed");
        assertThat(answer.path("hopcount").asInt()).isEqualTo(1);
        // the rule matched, but the agent's queue holds the payment only, never its own answer
        assertThat(EventTopic.readAll(TestKafka.bootstrapServers(),
                gateway.property("hooklane.topic.deliveries-prefix") + "support-agent").stream()
                .map(r -> EventTopic.json(r.value()))
                .filter(e -> e.path("type").asText().startsWith("agent.response.")))
                .isEmpty();
        assertThat(receiver.forDestination("support-agent").stream()
                .filter(r -> r.event().type().startsWith("agent.response."))).isEmpty();
    }

    @Test
    void an_answer_given_in_a_callback_beyond_the_hop_limit_is_not_written_and_the_delivery_is_done() throws Exception {
        // an event that is already one agent answer away from its chain's start: its answer would be hop 2
        String eventId = "evt_hop" + Long.toString(System.nanoTime(), 36);
        writeToEventsTopic(eventId, "{\"specversion\":\"1.0\",\"id\":\"" + eventId + "\",\"source\":\"stripe\","
                + "\"type\":\"payment.failed\",\"subject\":\"cus_hop\",\"time\":\"" + Instant.now() + "\","
                + "\"correlationid\":\"evt_root\",\"hopcount\":1,\"data\":{\"amount\":12}}");
        String webhookId = awaitAgentDelivery(eventId).header("webhook-id");
        int asked = agentDeliveries(eventId).size();
        double dropped = MetricsScrape.of(gateway).value("hooklane_agent_responses_dropped_total", "destination",
                "support-agent", "protocol", "http", "reason", "hop_limit");

        assertThat(CallbackAnswerEndToEndTest.postCallback(gateway, webhookId,
                "{\"status\":\"completed\",\"output\":{\"decision\":\"refund\"}}").statusCode()).isEqualTo(200);

        await().atMost(DELIVERY).untilAsserted(() -> {
            MetricsScrape scrape = MetricsScrape.of(gateway);
            assertThat(scrape.value("hooklane_agent_responses_dropped_total", "destination", "support-agent",
                    "protocol", "http", "reason", "hop_limit")).isEqualTo(dropped + 1);
            assertThat(scrape.value("hooklane_destination_in_flight", "destination", "support-agent")).isZero();
        });
        // delivered, not asked again, and no answer in the events topic
        assertThat(agentDeliveries(eventId)).hasSize(asked);
        assertThat(EventTopic.readAll(TestKafka.bootstrapServers(), gateway.property("hooklane.topic.events"))
                .stream().map(r -> EventTopic.json(r.value()))
                .filter(e -> eventId.equals(e.path("causationid").asText()))).isEmpty();
    }

    private static void writeToEventsTopic(String eventId, String cloudEvent) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(gateway.property("hooklane.topic.events"),
                    "cus_hop".getBytes(StandardCharsets.UTF_8), cloudEvent.getBytes(StandardCharsets.UTF_8));
            new EventEnvelope(eventId, "stripe", "payment.failed", "cus_hop").writeTo(record.headers());
            producer.send(record).get();
        }
    }

    private static TestReceiver.Received awaitAgentDelivery(String eventId) {
        return await().atMost(DELIVERY).until(() -> agentDeliveries(eventId), d -> !d.isEmpty()).get(0);
    }

    private static List<TestReceiver.Received> agentDeliveries(String eventId) {
        return receiver.forEvent(eventId).stream().filter(r -> r.destination().equals("support-agent")).toList();
    }
}
