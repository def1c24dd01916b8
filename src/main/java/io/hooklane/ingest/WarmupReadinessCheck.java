package io.hooklane.ingest;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: DOWN until the ingest path has been warmed up (over HTTP by {@link LoopbackWarmup}, else in-process by
 * {@link IngestWarmup}), so a load balancer sends the first webhooks to a gateway that answers them at speed. Liveness
 * is not affected.
 */
public final class WarmupReadinessCheck extends AbstractHealthCheck {

    private volatile IngestWarmup.Result result;
    private volatile LoopbackWarmup.Result overHttp;

    public WarmupReadinessCheck() {
        super("hooklane", "warmup");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    /** The warm-up is over: from now on this check is UP. */
    public void done(IngestWarmup.Result warmedUp) {
        this.result = warmedUp;
    }

    /** What the warm-up over HTTP did, reported once {@link #done} is called. */
    void overHttp(LoopbackWarmup.Result result) {
        this.overHttp = result;
    }

    public boolean isDone() {
        return result != null;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        IngestWarmup.Result done = result;
        if (done == null) {
            builder.message("warming up the ingest path").down();
            return;
        }
        builder.detail("warmup.webhooks", done.webhooks()).detail("warmup.millis", done.took().toMillis());
        LoopbackWarmup.Result http = overHttp;
        if (http != null) {
            builder.detail("warmup.http-webhooks", http.accepted()).detail("warmup.http-millis", http.took().toMillis());
        }
        builder.up();
    }
}
