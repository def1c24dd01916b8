package io.hooklane.ingest;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The ingest route's duplicate check ({@link IngestDedup}), before the Kafka producer: marks a duplicate with
 * {@link Exchange#DUPLICATE_MESSAGE}; lets a new event through holding its claim, released when the exchange ends;
 * and, for a copy of an event still being written, continues only when that write has ended (no thread waits).
 * {@link DedupRecorder} records the id once the broker has acknowledged the event.
 */
public final class DedupGate extends AsyncProcessorSupport implements CamelContextAware {

    static final String CLAIM = "hooklane.dedupClaim";

    private final IngestDedup dedup;
    private final DurableIds ids;
    private CamelContext camelContext;

    /** @param ids the store behind {@code dedup}, started and stopped with the routes using this gate */
    public DedupGate(IngestDedup dedup, DurableIds ids) {
        this.dedup = dedup;
        this.ids = ids;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        IngestDedup.Claim claim = dedup.claim(exchange.getProperty(WebhookSourceProcessor.DEDUP_KEY, String.class));
        switch (claim.verdict()) {
            case WRITE -> {
                exchange.setProperty(CLAIM, claim);
                exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                    @Override
                    public void onDone(Exchange done) {
                        dedup.finished(claim);
                    }
                });
            }
            case DUPLICATE -> exchange.setProperty(Exchange.DUPLICATE_MESSAGE, true);
            case NOT_READY -> exchange.setException(new WebhookRejectedException(RejectReason.NOT_READY,
                    "the duplicate index is catching up with the ids topic (after a start or a failure); retry later"));
            case WAIT -> {
                dedup.outcome(claim).thenAccept(written -> {
                    if (written) {
                        exchange.setProperty(Exchange.DUPLICATE_MESSAGE, true);
                    } else {
                        exchange.setException(new WebhookRejectedException(RejectReason.QUEUE_UNAVAILABLE,
                                "an earlier copy of this event was not (yet) acknowledged by the event queue; retry later"));
                    }
                    callback.done(false);
                });
                return false;
            }
        }
        callback.done(true);
        return true;
    }

    /**
     * Starts the ids, and hands them to the Camel context to stop at shutdown: once one route has stopped this gate,
     * the others' stopping it again at shutdown does nothing.
     */
    @Override
    protected void doStart() throws Exception {
        if (camelContext == null) {
            ServiceHelper.startService(ids);
        } else {
            // started now; added once however often the gate starts
            camelContext.addService(ids, true, true);
        }
    }

    /**
     * One gate serves every source's route: a route stopped or removed while the gateway runs (the start-up warm-up's,
     * a source taken out of the route files) stops this gate with it, but the ids stay open for the other routes; they
     * close with the gateway.
     */
    @Override
    protected void doStop() throws Exception {
        if (camelContext == null || camelContext.isStopping() || camelContext.isStopped()) {
            ServiceHelper.stopService(ids);
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
