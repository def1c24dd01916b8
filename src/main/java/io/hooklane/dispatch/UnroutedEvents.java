package io.hooklane.dispatch;

import java.util.concurrent.atomic.AtomicLong;

import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of the routing file: an event that no rule sent anywhere is counted and logged at debug. It stays in
 * the inbound topic (nothing deletes it there), so a rule added later can be replayed over it.
 */
public final class UnroutedEvents implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UnroutedEvents.class);
    private final AtomicLong count = new AtomicLong();
    private final HooklaneMetrics metrics;

    public UnroutedEvents(HooklaneMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(Exchange.TO_ENDPOINT) == null) {
            count.incrementAndGet();
            metrics.unrouted();
            LOG.debug("No route for event {} of type {} from {}", exchange.getProperty("id"),
                    exchange.getProperty("type"), exchange.getProperty("source"));
        }
    }

    public long count() {
        return count.get();
    }
}
