package io.hooklane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AcceptedResponderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"evt_1NqL2xK", "msg_2Zq\"quoted\"", "back\\slash", "line\nbreak\ttab\u0001ctl", "caf\u00e9 \u2603",
            "</script>", ""})
    void answers_202_with_exactly_the_json_jackson_writes_for_the_event_id(String id) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = accepted(context, id);

            assertThat(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(202);
            assertThat(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(exchange.getMessage().getBody(String.class))
                    .isEqualTo(JSON.createObjectNode().put("id", id).put("status", "accepted").toString());
            assertThat(JSON.readTree(exchange.getMessage().getBody(String.class)).get("id").asText()).isEqualTo(id);
        }
    }

    @Test
    void counts_the_acceptance_for_its_source() throws Exception {
        String source = "stripe";
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty(WebhookSourceProcessor.EVENT_ID, "evt_1");
            exchange.setProperty(WebhookSourceProcessor.SOURCE, source);

            new AcceptedResponder(new HooklaneMetrics(registry)).process(exchange);

            assertThat(registry.find("hooklane.webhooks.accepted").tag("source", source).counter())
                    .isNotNull()
                    .satisfies(counter -> assertThat(counter.count()).isEqualTo(1.0));
        }
    }

    private static Exchange accepted(DefaultCamelContext context, String id) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(WebhookSourceProcessor.EVENT_ID, id);
        exchange.setProperty(WebhookSourceProcessor.SOURCE, "stripe");
        exchange.getMessage().setHeader("X-Left-Over", "from the request");
        new AcceptedResponder(new HooklaneMetrics(new SimpleMeterRegistry())).process(exchange);
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKey("X-Left-Over");
        return exchange;
    }
}
