package io.hooklane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class EventAttributesTest {

    private static final byte[] EVENT = ("{\"specversion\":\"1.0\",\"id\":\"evt_1\",\"source\":\"/stripe\","
            + "\"type\":\"invoice.paid\",\"subject\":\"in_9\",\"data\":{\"id\":\"nested\"}}")
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void exposes_the_attributes_as_exchange_properties_and_keeps_the_body() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(EVENT);

            new EventAttributes().process(exchange);

            assertThat(exchange.getProperty("id")).isEqualTo("evt_1");
            assertThat(exchange.getProperty("source")).isEqualTo("/stripe");
            assertThat(exchange.getProperty("type")).isEqualTo("invoice.paid");
            assertThat(exchange.getProperty("subject")).isEqualTo("in_9");
            assertThat(exchange.getMessage().getBody()).isSameAs(EVENT);
        }
    }

    /** README's rule that lets only events with a signed type through (Routing: signed attributes). */
    static final String SIGNED_PAYMENT_RULE =
            "${exchangeProperty.type} == 'payment.succeeded' && ${exchangeProperty.unsignedattrs} !contains 'type'";

    @Test
    void exposes_the_unsigned_attributes_so_a_rule_can_require_a_signed_type() throws Exception {
        byte[] fromShopify = ("{\"specversion\":\"1.0\",\"id\":\"w1\",\"source\":\"shopify\","
                + "\"type\":\"payment.succeeded\",\"unsignedattrs\":\"type,id,time\",\"data\":{}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] fromStripe = ("{\"specversion\":\"1.0\",\"id\":\"evt_2\",\"source\":\"stripe\","
                + "\"type\":\"payment.succeeded\",\"data\":{}}").getBytes(StandardCharsets.UTF_8);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Predicate signedType = context.resolveLanguage("simple").createPredicate(SIGNED_PAYMENT_RULE);
            Exchange shopify = new DefaultExchange(context);
            shopify.getMessage().setBody(fromShopify);
            Exchange stripe = new DefaultExchange(context);
            stripe.getMessage().setBody(fromStripe);

            new EventAttributes().process(shopify);
            new EventAttributes().process(stripe);

            assertThat(shopify.getProperty("unsignedattrs")).isEqualTo("type,id,time");
            assertThat(stripe.getProperty("unsignedattrs")).isEqualTo("");
            assertThat(signedType.matches(shopify)).isFalse();
            assertThat(signedType.matches(stripe)).isTrue();
        }
    }

    @Test
    void refuses_a_body_that_is_not_a_cloud_event() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody("nope".getBytes(StandardCharsets.UTF_8));

            assertThatThrownBy(() -> new EventAttributes().process(exchange))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(exchange.getProperty("type")).isNull();
        }
    }
}
