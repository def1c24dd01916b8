package io.hooklane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.hooklane.metrics.HooklaneMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class UnroutedEventsTest {

    @Test
    void counts_an_event_no_rule_sent_anywhere() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            UnroutedEvents unrouted = new UnroutedEvents(new HooklaneMetrics(registry));

            unrouted.process(new DefaultExchange(context));
            unrouted.process(new DefaultExchange(context));

            assertThat(unrouted(registry)).isEqualTo(2);
        }
    }

    @Test
    void does_not_count_an_event_that_was_sent_to_an_endpoint() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            UnroutedEvents unrouted = new UnroutedEvents(new HooklaneMetrics(registry));
            Exchange routed = new DefaultExchange(context);
            routed.setProperty(Exchange.TO_ENDPOINT, "kafka://hooklane.deliver.orders");

            unrouted.process(routed);

            assertThat(unrouted(registry)).isZero();
        }
    }

    private static double unrouted(SimpleMeterRegistry registry) {
        Counter counter = registry.find("hooklane.events.unrouted").counter();
        return counter == null ? 0 : counter.count();
    }
}
