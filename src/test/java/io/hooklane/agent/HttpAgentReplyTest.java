package io.hooklane.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import io.hooklane.deliver.AttemptExchange;
import io.hooklane.deliver.DeliveryHttpBinding;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class HttpAgentReplyTest {

    private final HttpAgentReply reply = new HttpAgentReply(4096);

    private static Exchange answered(int status, String responseContentType, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        // what the request carried stays on the message whatever the receiver answers
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (responseContentType != null) {
            exchange.setProperty(DeliveryHttpBinding.RESPONSE_CONTENT_TYPE, responseContentType);
        }
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        return exchange;
    }

    @Test
    void a_json_answer_is_the_agents_decision() {
        Exchange exchange = answered(200, "application/json; charset=utf-8", "{\"decision\":\"refund\"}");

        reply.process(exchange);

        assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isEqualTo("completed");
        assertThat(new String(exchange.getProperty(AttemptExchange.AGENT_REPLY, byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("{\"decision\":\"refund\"}");
    }

    @Test
    void an_answer_without_a_json_content_type_of_its_own_decides_nothing_even_after_a_json_request() {
        Exchange exchange = answered(200, null, "{}");

        reply.process(exchange);

        assertThat(exchange.getProperty(AttemptExchange.AGENT_OUTCOME)).isNull();
    }

    @Test
    void a_failed_answer_decides_nothing_and_a_cut_one_is_reported_as_too_large() {
        Exchange failed = answered(503, "application/json", "{\"error\":\"busy\"}");
        reply.process(failed);
        assertThat(failed.getProperty(AttemptExchange.AGENT_OUTCOME)).isNull();

        Exchange cut = answered(200, "application/json", "{\"x\":\"" + "y".repeat(5000) + "\"}");
        reply.process(cut);
        assertThat(new String(cut.getProperty(AttemptExchange.AGENT_REPLY, byte[].class), StandardCharsets.UTF_8))
                .isEqualTo("{\"error\":\"reply_too_large\"}");
    }
}
