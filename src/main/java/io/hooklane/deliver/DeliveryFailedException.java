package io.hooklane.deliver;

/** Recorded by a destination's circuit breaker for each attempt that calls for a retry. */
public final class DeliveryFailedException extends Exception {

    public DeliveryFailedException(String message) {
        super(message, null, false, false);
    }
}
