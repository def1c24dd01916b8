package io.hooklane.a2a;

import java.net.URI;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Agent cards of both versions (1.0 §4.4 supportedInterfaces; 0.3 url / preferredTransport / protocolVersion). */
class AgentCardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI CARD = URI.create("https://agent.example/.well-known/agent-card.json");

    @Test
    void a_1_0_card_gives_its_first_json_rpc_interface() throws Exception {
        AgentCard card = AgentCard.parse(JSON.readTree("""
                {"name":"a","supportedInterfaces":[
                  {"url":"https://agent.example/grpc","protocolBinding":"GRPC","protocolVersion":"1.0"},
                  {"url":"https://agent.example/rpc","protocolBinding":"JSONRPC","protocolVersion":"1.0"}],
                 "capabilities":{"pushNotifications":true}}"""), CARD);

        assertThat(card).isEqualTo(new AgentCard(URI.create("https://agent.example/rpc"), A2aVersion.V1_0, true));
    }

    @Test
    void a_0_3_card_is_recognised_by_its_top_level_url_and_protocol_version() throws Exception {
        AgentCard card = AgentCard.parse(JSON.readTree("""
                {"name":"a","protocolVersion":"0.3.0","url":"/a2a","capabilities":{}}"""), CARD);

        assertThat(card).isEqualTo(new AgentCard(URI.create("https://agent.example/a2a"), A2aVersion.V0_3, false));
    }

    @Test
    void a_0_3_card_preferring_another_transport_is_served_on_its_json_rpc_interface() throws Exception {
        AgentCard card = AgentCard.parse(JSON.readTree("""
                {"protocolVersion":"0.3.0","url":"https://agent.example/grpc","preferredTransport":"GRPC",
                 "additionalInterfaces":[{"url":"https://agent.example/jsonrpc","transport":"JSONRPC"}]}"""), CARD);

        assertThat(card.endpoint()).isEqualTo(URI.create("https://agent.example/jsonrpc"));
    }

    @Test
    void refuses_cards_it_cannot_use() {
        assertThatThrownBy(() -> AgentCard.parse(JSON.readTree("""
                {"supportedInterfaces":[{"url":"https://a/grpc","protocolBinding":"GRPC","protocolVersion":"1.0"}]}
                """), CARD)).hasMessageContaining("no JSON-RPC interface");
        assertThatThrownBy(() -> AgentCard.parse(JSON.readTree("""
                {"supportedInterfaces":[{"url":"file:///etc/passwd","protocolBinding":"JSONRPC","protocolVersion":"1.0"}]}
                """), CARD)).hasMessageContaining("not an http(s) URL");
        assertThatThrownBy(() -> AgentCard.parse(JSON.readTree("""
                {"supportedInterfaces":[{"url":"https://a/rpc","protocolBinding":"JSONRPC","protocolVersion":"2.0"}]}
                """), CARD)).hasMessageContaining("'2.0' is not one Hooklane speaks");
    }
}
