package io.hooklane.deliver;

/** What one delivery attempt's result means for the event. */
public enum Outcome {
    /** 2xx: delivered. */
    DELIVERED,
    /** Timeout, connection error, 408, 429 or 5xx: try again later. */
    RETRY,
    /** Any other status: the receiver refuses this event; it goes to the dead-letter topic at once. */
    PERMANENT;

    /** Classifies an HTTP status; {@code null} means no response (timeout, connection refused, ...). */
    public static Outcome of(Integer status) {
        if (status == null) {
            return RETRY;
        }
        if (status >= 200 && status < 300) {
            return DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500) {
            return RETRY;
        }
        return PERMANENT;
    }
}
