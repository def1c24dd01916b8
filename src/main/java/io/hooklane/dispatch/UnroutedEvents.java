package io.hooklane.dispatch;

import io.hooklane.metrics.HooklaneMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last step of the routing file: an event that no rule sent anywhere is counted ({@code hooklane_events_unrouted_total})
 * and logged at debug. It stays in the inbound topic until the topic's retention removes it.
 */
public final class UnroutedEvents implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(UnroutedEvents.class);
    private final HooklaneMetrics metrics;

    public UnroutedEvents(HooklaneMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        if (exchange.getProperty(Exchange.TO_ENDPOINT) == null) {
            metrics.unrouted();
            LOG.debug("No route for event {} of type {} from {}", exchange.getProperty("id"),
                    exchange.getProperty("type"), exchange.getProperty("source"));
        }
    }
}
