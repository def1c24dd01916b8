package io.hooklane.dispatch;

import io.hooklane.event.EventEnvelope;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * First step of the routing file: exposes the CloudEvent's attributes as exchange properties ({@code type},
 * {@code source}, {@code subject}, {@code id}, and {@code unsignedattrs}: the attributes that came from request
 * headers the provider does not sign, such as {@code "type,id,time"}, empty when none did) so routing rules read
 * {@code ${exchangeProperty.type}}. The body stays
 * the event's bytes; payload rules use jsonpath on it.
 */
public final class EventAttributes implements Processor {

    @Override
    public void process(Exchange exchange) {
        // read by the dispatch consumer (from the record's headers when the gateway wrote them)
        EventEnvelope event = InboundEvent.envelopeOf(exchange.getProperty(InboundEvent.PROPERTY, InboundEvent.class),
                exchange.getMessage().getBody(byte[].class));
        exchange.setProperty("id", event.id());
        exchange.setProperty("type", event.type());
        exchange.setProperty("source", event.source());
        exchange.setProperty("subject", event.subject());
        exchange.setProperty("unsignedattrs", event.unsignedAttrs() == null ? "" : event.unsignedAttrs());
    }
}
