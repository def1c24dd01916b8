package io.hooklane.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Runs after the broker acknowledged the event: from now on its provider id is a duplicate ({@link IngestDedup}). */
public final class DedupRecorder implements Processor {

    private final IngestDedup dedup;

    public DedupRecorder(IngestDedup dedup) {
        this.dedup = dedup;
    }

    @Override
    public void process(Exchange exchange) {
        IngestDedup.Claim claim = exchange.getProperty(DedupGate.CLAIM, IngestDedup.Claim.class);
        // the start-up warm-up's ids are looked up like any other, never recorded (its claim ends with the exchange)
        if (claim != null && exchange.getProperty(WarmupPass.TOPIC_PROPERTY) == null) {
            dedup.written(claim);
        }
    }
}
