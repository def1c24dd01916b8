package io.hooklane.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin routes' error policy: {@code {"error": "<code>", "message": "..."}} like ingest, never a stack trace.
 * Kafka not answering in time is a 503 {@code kafka_unavailable}; anything unexpected a 500 logged here.
 */
public final class AdminErrorResponder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(AdminErrorResponder.class);

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause instanceof AdminException refused) {
            if (refused.status() == 401) {
                LOG.warn("Admin API: refused a request without a valid token");
            }
            AdminResponses.error(exchange, refused.status(), refused.code(), refused.getMessage());
            if (refused.retryAfterSeconds() > 0) {
                exchange.getMessage().setHeader("Retry-After", String.valueOf(refused.retryAfterSeconds()));
            }
        } else if (isKafkaFailure(cause)) {
            LOG.warn("Admin API: Kafka did not answer: {}", String.valueOf(cause));
            AdminResponses.error(exchange, 503, "kafka_unavailable", "Kafka did not answer in time; retry later");
            exchange.getMessage().setHeader("Retry-After", "5");
        } else {
            LOG.error("Admin API: unexpected failure", cause);
            AdminResponses.error(exchange, 500, "internal_error", "internal error; see the gateway log");
        }
    }

    private static boolean isKafkaFailure(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
