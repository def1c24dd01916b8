package io.hooklane.ingest;

import io.hooklane.event.EventEnvelope;

/**
 * A verified webhook turned into its canonical CloudEvent, ready to be written to Kafka with its attributes.
 *
 * @param dedupKey what a replay of it is recognised by: {@code <source>/<provider id>}, or, when the provider sent
 *                 no id, {@code <source>/sha256:<digest of the signed content>} ({@link ContentDigest})
 */
public record AcceptedEvent(EventEnvelope envelope, String key, byte[] cloudEvent, String dedupKey) {

    public AcceptedEvent(EventEnvelope envelope, String key, byte[] cloudEvent) {
        this(envelope, key, cloudEvent, envelope.source() + "/" + envelope.id());
    }

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
