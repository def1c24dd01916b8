package io.hooklane.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutionException;

import io.hooklane.event.EventEnvelope;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** The publisher's decisions, on Kafka's own MockProducer (the real-broker path is covered end to end). */
class AgentResponsesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-02T09:00:00Z"), ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());

    private static ConsumerRecord<byte[], byte[]> delivery(int hops) {
        byte[] value = ("{\"specversion\":\"1.0\",\"id\":\"evt_7\",\"source\":\"stripe\",\"type\":\"payment.failed\","
                + "\"subject\":\"cus_1\",\"correlationid\":\"evt_1\",\"hopcount\":" + hops + ",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>("hooklane.deliver.support-agent", 0, 42, "cus_1".getBytes(StandardCharsets.UTF_8),
                value);
    }

    @Test
    void writes_the_answer_to_the_events_topic_keyed_like_the_event_it_answered_with_its_attributes_as_headers()
            throws Exception {
        AgentResponses responses = new AgentResponses(producer, "hooklane.events", 3, 1_000_000, clock, meters);

        assertThat(responses.publish("support-agent", "wh_9", "completed", delivery(0),
                "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)).get()).isEqualTo(AgentResponses.Published.WRITTEN);

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> written = producer.history().get(0);
        assertThat(written.topic()).isEqualTo("hooklane.events");
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("cus_1");
        assertThat(EventEnvelope.of(written.headers(), new byte[0])).isEqualTo(
                new EventEnvelope("wh_9.response", "support-agent", "agent.response.completed", "cus_1"));
        assertThat(meters.get("hooklane.agent.responses").tags("destination", "support-agent", "type",
                "agent.response.completed").counter().count()).isEqualTo(1.0);
    }

    @Test
    void a_registered_destinations_answers_are_served_at_zero_and_counted_under_its_protocol() throws Exception {
        AgentResponses responses = new AgentResponses(producer, "hooklane.events", 3, 1_000_000, clock, meters);
        responses.register("support-agent", "mcp");

        assertThat(meters.get("hooklane.agent.responses").tags("destination", "support-agent").counters())
                .hasSize(5).allSatisfy(c -> {
                    assertThat(c.getId().getTag("protocol")).isEqualTo("mcp");
                    assertThat(c.count()).isZero();
                });

        responses.publish("support-agent", "wh_9", "failed", delivery(0), null).get();
        responses.publish("support-agent", "wh_10", "completed", delivery(3), null).get();

        assertThat(meters.get("hooklane.agent.responses").tags("destination", "support-agent", "protocol", "mcp",
                "type", "agent.response.failed").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("hooklane.agent.responses.dropped").tags("destination", "support-agent", "protocol",
                "mcp").counter().count()).isEqualTo(1.0);
    }

    @Test
    void an_answer_beyond_the_hop_limit_is_not_written_and_is_counted() throws Exception {
        AgentResponses responses = new AgentResponses(producer, "hooklane.events", 3, 1_000_000, clock, meters);

        assertThat(responses.publish("support-agent", "wh_9", "completed", delivery(3), null).get())
                .isEqualTo(AgentResponses.Published.HOP_LIMIT);

        assertThat(producer.history()).isEmpty();
        assertThat(meters.get("hooklane.agent.responses.dropped").tags("destination", "support-agent", "reason",
                "hop_limit").counter().count()).isEqualTo(1.0);
    }

    @Test
    void an_answer_too_large_for_the_topic_is_written_without_its_output() throws Exception {
        AgentResponses responses = new AgentResponses(producer, "hooklane.events", 3, 600, clock, meters);
        byte[] huge = ("\"" + "x".repeat(5_000) + "\"").getBytes(StandardCharsets.UTF_8);

        responses.publish("support-agent", "wh_9", "completed", delivery(0), huge).get();

        String written = new String(producer.history().get(0).value(), StandardCharsets.UTF_8);
        assertThat(written).contains("reply_too_large").doesNotContain("xxxxx");
    }

    @Test
    void a_failed_write_fails_the_publication_so_the_delivery_is_not_counted_done() {
        MockProducer<byte[], byte[]> failing =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        AgentResponses responses = new AgentResponses(failing, "hooklane.events", 3, 1_000_000, clock, meters);

        var published = responses.publish("support-agent", "wh_9", "completed", delivery(0), null);
        failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));

        assertThatThrownBy(published::get).isInstanceOf(ExecutionException.class).hasMessageContaining("broker gone");
    }

    @Test
    void refuses_a_hop_limit_outside_its_range_naming_the_key() {
        assertThatThrownBy(() -> new AgentResponses(producer, "t", 0, 1000, clock, meters))
                .hasMessageContaining("hooklane.agents.max-hops").hasMessageContaining("0");
    }
}
