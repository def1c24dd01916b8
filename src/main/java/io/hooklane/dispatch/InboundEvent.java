package io.hooklane.dispatch;

import io.hooklane.event.EventEnvelope;

/**
 * The inbound record being routed, as the dispatch consumer read it (exchange property {@value #PROPERTY}): its
 * attributes and its value. The attributes apply to a message body only while that body is still this very value: a
 * routing rule that replaces the body gets its attributes read from the new body.
 */
record InboundEvent(EventEnvelope envelope, byte[] value) {

    static final String PROPERTY = "hooklane.inbound";

    /** The attributes of {@code body}: the inbound record's when the body is its value, else read from the body. */
    static EventEnvelope envelopeOf(InboundEvent inbound, byte[] body) {
        return inbound != null && inbound.value == body ? inbound.envelope : EventEnvelope.read(body);
    }
}
