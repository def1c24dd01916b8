package io.hooklane.agent.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.hooklane.deliver.Outcome;
import org.junit.jupiter.api.Test;

class McpOutcomeTest {

    private static McpOutcome of(int status, String json) throws Exception {
        return McpOutcome.of(new McpReply(status, HttpHeaders.of(Map.of("Retry-After", List.of("3")), (a, b) -> true),
                json == null ? null : McpJson.MAPPER.readTree(json), null), Clock.systemUTC());
    }

    @Test
    void a_json_rpc_error_in_a_200_is_permanent_with_its_code_and_message_cut_short() throws Exception {
        McpOutcome outcome = of(200, "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"error\":{\"code\":-32603,\"message\":\""
                + "x".repeat(1000) + "\"}}");

        assertThat(outcome.result().outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(outcome.result().status()).isEqualTo(McpOutcome.JSON_RPC_ERROR_STATUS);
        assertThat(outcome.result().error()).startsWith("JSON-RPC error -32603: xxx").hasSizeLessThan(240);
    }

    @Test
    void a_5xx_is_retried_whatever_its_body_says() throws Exception {
        McpOutcome outcome = of(502, "{\"jsonrpc\":\"2.0\",\"id\":\"m\",\"error\":{\"code\":-32600,\"message\":\"x\"}}");

        assertThat(outcome.result().outcome()).isEqualTo(Outcome.RETRY);
        assertThat(outcome.result().retryAfter()).hasSeconds(3);
    }

    @Test
    void a_2xx_without_our_response_is_retried() throws Exception {
        assertThat(of(200, null).result().outcome()).isEqualTo(Outcome.RETRY);
    }

    @Test
    void structured_content_wins_over_text_and_an_unknown_result_type_is_refused() throws Exception {
        McpOutcome structured = of(200, "{\"id\":\"m\",\"result\":{\"structuredContent\":{\"sku\":12},"
                + "\"content\":[{\"type\":\"text\",\"text\":\"lower by 10%\"}]}}");
        McpOutcome unknown = of(200, "{\"id\":\"m\",\"result\":{\"resultType\":\"teleport\"}}");

        assertThat(structured.replyText()).isEqualTo("{\"sku\":12}");
        assertThat(structured.agentOutcome()).isEqualTo("completed");
        assertThat(unknown.result().outcome()).isEqualTo(Outcome.PERMANENT);
        assertThat(unknown.result().error()).isEqualTo("unknown resultType 'teleport'");
    }
}
