package io.hooklane.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import io.hooklane.event.EventEnvelope;
import org.junit.jupiter.api.Test;

class AgentResponseEventTest {

    private static final Instant NOW = Instant.parse("2026-12-02T09:00:00Z");
    private static final EventEnvelope TRIGGER = new EventEnvelope("evt_1", "stripe", "payment.failed", "cus_9");
    private static final EventFormat CLOUD_EVENTS = EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void an_agents_answer_is_a_valid_cloud_event_chained_to_the_event_it_answered() throws Exception {
        byte[] trigger = utf8("{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"stripe\",\"type\":\"payment.failed\","
                + "\"subject\":\"cus_9\",\"data\":{\"amount\":12}}");
        AgentChain chain = AgentChain.of(trigger, "evt_1");

        AgentResponseEvent event = AgentResponseEvent.of("support-agent", "wh_abc", "completed", TRIGGER, chain,
                utf8("{\"action\":\"offer_alternative_payment\"}"), NOW);

        // parsed by the CloudEvents SDK: a conforming document with our extensions
        CloudEvent parsed = CLOUD_EVENTS.deserialize(event.json());
        assertThat(parsed.getType()).isEqualTo("agent.response.completed");
        assertThat(parsed.getSource().toString()).isEqualTo("support-agent");
        assertThat(parsed.getSubject()).isEqualTo("cus_9");
        assertThat(parsed.getId()).isEqualTo("wh_abc.response");
        assertThat(parsed.getExtension("causationid")).isEqualTo("evt_1");
        assertThat(parsed.getExtension("correlationid")).isEqualTo("evt_1");
        assertThat(parsed.getExtension("hopcount")).isEqualTo(1);
        JsonNode data = new ObjectMapper().readTree(parsed.getData().toBytes());
        assertThat(data.path("action").asText()).isEqualTo("offer_alternative_payment");
        assertThat(event.envelope()).isEqualTo(new EventEnvelope("wh_abc.response", "support-agent",
                "agent.response.completed", "cus_9"));
    }

    @Test
    void the_reason_an_agent_gives_is_carried_cut_and_without_control_characters() {
        AgentChain chain = new AgentChain("evt_1", 0);

        CloudEvent withReason = CLOUD_EVENTS.deserialize(AgentResponseEvent.of("support-agent", "wh_r", "rejected",
                TRIGGER, chain, utf8("[\"blocked\"]"), "not our\ncustomer", NOW).json());
        CloudEvent longReason = CLOUD_EVENTS.deserialize(AgentResponseEvent.of("support-agent", "wh_l", "completed",
                TRIGGER, chain, utf8("{}"), "x".repeat(600), NOW).json());
        CloudEvent without = CLOUD_EVENTS.deserialize(AgentResponseEvent.of("support-agent", "wh_n", "completed",
                TRIGGER, chain, utf8("{}"), NOW).json());

        assertThat(withReason.getType()).isEqualTo("agent.response.rejected");
        assertThat(withReason.getExtension("reason")).isEqualTo("not our?customer");
        assertThat(longReason.getExtension("reason")).isEqualTo("x".repeat(512) + "...");
        assertThat(without.getExtensionNames()).doesNotContain("reason");
    }

    @Test
    void a_chain_keeps_its_first_events_id_and_counts_every_answer() {
        byte[] answer = utf8("{\"specversion\":\"1.0\",\"id\":\"wh_abc.response\",\"source\":\"support-agent\","
                + "\"type\":\"agent.response.completed\",\"correlationid\":\"evt_1\",\"hopcount\":1,\"data\":{}}");

        AgentChain chain = AgentChain.of(answer, "wh_abc.response");

        assertThat(chain).isEqualTo(new AgentChain("evt_1", 1));
        assertThat(chain.next()).isEqualTo(new AgentChain("evt_1", 2));
    }

    @Test
    void a_hop_count_that_is_not_a_count_starts_no_chain_of_its_own() {
        assertThat(AgentChain.of(utf8("{\"id\":\"e\",\"hopcount\":\"-4\"}"), "e").hops()).isZero();
        assertThat(AgentChain.of(utf8("{\"id\":\"e\",\"hopcount\":{\"x\":1}}"), "e").hops()).isZero();
        assertThat(AgentChain.of(utf8("{\"id\":\"e\",\"hopcount\":\"2\"}"), "e").hops()).isEqualTo(2);
        assertThat(AgentChain.of(utf8("not json"), "e")).isEqualTo(new AgentChain("e", 0));
    }

    @Test
    void an_answer_that_is_not_json_is_kept_as_a_json_string() throws Exception {
        AgentResponseEvent event = AgentResponseEvent.of("support-agent", "wh_1", "failed", TRIGGER,
                new AgentChain("evt_1", 0), utf8("I could not decide {"), NOW);

        JsonNode json = new ObjectMapper().readTree(event.json());
        assertThat(json.path("data").asText()).isEqualTo("I could not decide {");
        assertThat(json.path("type").asText()).isEqualTo("agent.response.failed");
    }

    @Test
    void an_answer_without_output_has_no_data() throws Exception {
        AgentResponseEvent event = AgentResponseEvent.of("pricing", "wh_2", "timed_out", TRIGGER,
                new AgentChain("evt_1", 0), null, NOW);

        JsonNode json = new ObjectMapper().readTree(event.json());
        assertThat(json.has("data")).isFalse();
        assertThat(json.path("type").asText()).isEqualTo("agent.response.timed_out");
    }

    @Test
    void refuses_an_outcome_it_does_not_know() {
        assertThatThrownBy(() -> AgentResponseEvent.of("pricing", "wh_3", "maybe", TRIGGER,
                new AgentChain("evt_1", 0), null, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maybe");
    }

    @Test
    void knows_which_destination_produced_an_answer() {
        EventEnvelope answer = new EventEnvelope("x.response", "support-agent", "agent.response.completed", "s");
        assertThat(AgentResponseEvent.producedBy(answer, "support-agent")).isTrue();
        assertThat(AgentResponseEvent.producedBy(answer, "crm")).isFalse();
        assertThat(AgentResponseEvent.producedBy(TRIGGER, "stripe")).isFalse();
    }
}
