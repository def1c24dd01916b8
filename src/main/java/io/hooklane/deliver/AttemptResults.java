package io.hooklane.deliver;

import java.time.Clock;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Reads what one attempt's exchange came to. A step that is not an HTTP call reports its result in
 * {@link AttemptExchange#RESULT}, used as is. A receiver's failure (connection refused or reset, a timeout, a
 * malformed answer) is handled by the delivery route's error handling, which leaves it in the exchange's
 * {@link Exchange#EXCEPTION_CAUGHT} property instead of logging it; any other failure is still the exchange's
 * exception. Either way it becomes the result's error text.
 */
final class AttemptResults {

    private AttemptResults() {
    }

    static AttemptResult of(Exchange exchange) {
        AttemptResult reported = exchange.getProperty(AttemptExchange.RESULT, AttemptResult.class);
        if (reported != null) {
            reachability(exchange, reported, null);
            return reported;
        }
        Exception failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        AttemptResult result = read(exchange, failure);
        reachability(exchange, result,
                failure instanceof BoundedResponseBody.AttemptTimeoutException ? null : failure);
        return result;
    }

    /** Tells the destination's reachability what the attempt came to (nothing when no registry is bound). */
    private static void reachability(Exchange exchange, AttemptResult result, Exception failure) {
        String destination = exchange.getProperty(AttemptExchange.DESTINATION, String.class);
        DeliveryRegistry registry = exchange.getContext().getRegistry()
                .lookupByNameAndType(DeliveryRegistry.NAME, DeliveryRegistry.class);
        if (destination != null && registry != null) {
            registry.attempted(destination, result, failure);
        }
    }

    private static AttemptResult read(Exchange exchange, Exception failure) {
        Message message = exchange.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (failure instanceof BoundedResponseBody.AttemptTimeoutException) {
            return timedOut(exchange.getProperty(DeliveryHttpBinding.TIMEOUT_MILLIS, Long.class));
        }
        if (failure != null || status == null) {
            return new AttemptResult(null, failure == null ? "the route produced no HTTP status"
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage(), null);
        }
        String retryAfter = message.getHeader("Retry-After", String.class);
        String text = status >= 300 ? message.getHeader(Exchange.HTTP_RESPONSE_TEXT, String.class) : null;
        String location = status >= 300 && status < 400 ? message.getHeader("Location", String.class) : null;
        return new AttemptResult(status, text, RetryAfter.parse(retryAfter, Clock.systemUTC()), location);
    }

    /** An attempt whose deadline passed, whatever the exchange says. */
    static AttemptResult timedOut(Long timeoutMillis) {
        return new AttemptResult(null, "timeout: no complete answer within " + timeoutMillis + " ms", null);
    }
}
