package io.hooklane.ingest;

/** A verified webhook turned into its canonical CloudEvent, ready to be written to Kafka. */
public record AcceptedEvent(String id, String type, String key, byte[] cloudEvent) {

    @Override
    public String toString() {
        return "AcceptedEvent[id=" + id + ", type=" + type + ", bytes=" + cloudEvent.length + "]";
    }
}
