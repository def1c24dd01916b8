package io.hooklane.ingest;

import io.hooklane.event.EventEnvelope;

/** A verified webhook turned into its canonical CloudEvent, ready to be written to Kafka with its attributes. */
public record AcceptedEvent(EventEnvelope envelope, String key, byte[] cloudEvent) {

    public String id() {
        return envelope.id();
    }

    public String type() {
        return envelope.type();
    }

    @Override
    public String toString() {
        return "AcceptedEvent[id=" + id() + ", type=" + type() + ", bytes=" + cloudEvent.length + "]";
    }
}
