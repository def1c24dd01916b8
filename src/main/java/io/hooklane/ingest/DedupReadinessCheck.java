package io.hooklane.ingest;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN while the dedup index catches up with the ids topic after a start, or after it failed while in use
 * and is rebuilt (ingest answers 503 {@code not_ready} meanwhile), UP once it has. Liveness is not affected.
 */
public final class DedupReadinessCheck extends AbstractHealthCheck {

    private final Supplier<KafkaIngestIds> ids;

    /** @param ids the ids, looked up when asked (null while not bound yet) */
    public DedupReadinessCheck(Supplier<KafkaIngestIds> ids) {
        super("hooklane", "dedup");
        this.ids = ids;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        KafkaIngestIds current = ids.get();
        if (current == null) {
            builder.message("the dedup index is not started").down();
            return;
        }
        KafkaIngestIds.CatchUp catchUp = current.catchUp();
        builder.detail("index", catchUp.index()).detail("records-read", catchUp.recordsRead())
                .detail("rebuilds", current.rebuilds());
        if (current.ready()) {
            builder.detail("catch-up-millis", catchUp.millis()).up();
        } else {
            builder.message("the dedup index is catching up with the ids topic").down();
        }
    }
}
