package io.hooklane.dispatch;

import java.nio.charset.StandardCharsets;

import io.hooklane.event.EventEnvelope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundEventTest {

    private static final byte[] VALUE = "{\"id\":\"e1\",\"source\":\"shop\",\"type\":\"order.created\"}"
            .getBytes(StandardCharsets.UTF_8);
    private static final EventEnvelope FROM_HEADERS = new EventEnvelope("e1", "shop", "order.created", "o-7");

    @Test
    void the_inbound_records_attributes_describe_its_own_value() {
        InboundEvent inbound = new InboundEvent(FROM_HEADERS, VALUE);

        assertThat(InboundEvent.envelopeOf(inbound, VALUE)).isSameAs(FROM_HEADERS);
    }

    @Test
    void a_body_a_routing_rule_replaced_is_read_for_its_own_attributes() {
        InboundEvent inbound = new InboundEvent(FROM_HEADERS, VALUE);
        byte[] rewritten = "{\"id\":\"e1\",\"source\":\"shop\",\"type\":\"order.placed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(InboundEvent.envelopeOf(inbound, rewritten))
                .isEqualTo(new EventEnvelope("e1", "shop", "order.placed", null));
        assertThat(InboundEvent.envelopeOf(inbound, VALUE.clone())).as("equal bytes, but not the record's value")
                .isEqualTo(new EventEnvelope("e1", "shop", "order.created", null));
        assertThat(InboundEvent.envelopeOf(null, VALUE)).isEqualTo(new EventEnvelope("e1", "shop", "order.created", null));
    }
}
